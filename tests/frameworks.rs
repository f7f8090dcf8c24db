//! Compliance frameworks: the catalogue (`frameworks/*.yaml`) is complete and every built-in rule
//! maps to controls that exist in it; `comply frameworks` lists it; `comply scan --framework`
//! gives the expected passed / failed / not covered controls on the fixture repositories in
//! `fixtures/frameworks/`, the same in JSON, Markdown and human output; the HTML report is
//! self-contained, escaped and small.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{parts, repo, run_in, scan_json, shared};

const IDS: [&str; 8] = [
    "cis-aws",
    "cis-azure",
    "cis-kubernetes",
    "iso27001",
    "nsa-kubernetes",
    "pss-baseline",
    "pss-restricted",
    "soc2",
];

fn json_of(args: &[&str]) -> Value {
    let (code, out, err) = parts(&run_in(&repo(), args));
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: JSON expected ({e}):\n{out}"))
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// framework id -> control id -> out_of_scope.
fn catalogue() -> BTreeMap<String, BTreeMap<String, bool>> {
    let list = json_of(&["frameworks", "--format", "json"]);
    let mut out = BTreeMap::new();
    for fw in list.as_array().expect("array") {
        let controls = fw["control_list"]
            .as_array()
            .expect("controls")
            .iter()
            .map(|c| (str_of(&c["id"]).to_string(), c["out_of_scope"] == true))
            .collect();
        out.insert(str_of(&fw["id"]).to_string(), controls);
    }
    out
}

#[test]
fn catalogue_is_complete_and_every_rule_maps_to_known_controls() {
    let list = json_of(&["frameworks", "--format", "json"]);
    let fws = list.as_array().expect("array");
    let ids: Vec<&str> = fws.iter().map(|f| str_of(&f["id"])).collect();
    assert_eq!(ids, IDS);
    let mut problems = Vec::new();
    for fw in fws {
        for key in ["name", "version", "source"] {
            if str_of(&fw[key]).trim().is_empty() {
                problems.push(format!("{}: empty {key}", fw["id"]));
            }
        }
        assert!(
            str_of(&fw["source"]).starts_with("https://"),
            "{}",
            fw["id"]
        );
        for c in fw["control_list"].as_array().expect("controls") {
            if str_of(&c["coverage"]).trim().len() < 20 {
                problems.push(format!(
                    "{} {}: no real coverage explanation",
                    fw["id"], c["id"]
                ));
            }
            if str_of(&c["title"]).trim().is_empty() {
                problems.push(format!("{} {}: no title", fw["id"], c["id"]));
            }
        }
    }

    let cat = catalogue();
    let rules = json_of(&["policies", "--format", "json"]);
    let rules = rules.as_array().expect("rules");
    assert!(rules.len() > 30, "built-in rules expected");
    for r in rules {
        let (id, source) = (str_of(&r["id"]), str_of(&r["source"]));
        let map = r["frameworks"].as_object().expect("frameworks object");
        let controls: usize = map.values().map(|v| v.as_array().map_or(0, Vec::len)).sum();
        if r["builtin"] == true && controls == 0 {
            problems.push(format!("{id} ({source}) maps to no framework control"));
        }
        for (fw, list) in map {
            let Some(known) = cat.get(fw) else {
                problems.push(format!("{id} ({source}) names unknown framework `{fw}`"));
                continue;
            };
            for c in list.as_array().expect("control list") {
                match known.get(str_of(c)) {
                    None => {
                        problems.push(format!("{id} ({source}) names unknown control {c} of {fw}"))
                    }
                    Some(true) => problems.push(format!(
                        "{id} ({source}) maps to {fw} {c}, marked out of scope in the catalogue"
                    )),
                    Some(false) => {}
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "framework catalogue problems (fix the rule's METADATA `frameworks:` or frameworks/*.yaml):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn frameworks_command_lists_counts_and_controls() {
    let (code, table, err) = parts(&run_in(&repo(), &["frameworks"]));
    assert_eq!(code, 0, "{err}");
    let header = table.lines().next().unwrap_or_default();
    for col in [
        "ID", "NAME", "VERSION", "CONTROLS", "IN SCOPE", "COVERED", "RULES",
    ] {
        assert!(header.contains(col), "{header}");
    }
    for id in IDS {
        assert!(
            table.lines().any(|l| l.starts_with(&format!("{id} "))),
            "{id} missing:\n{table}"
        );
    }
    // The counts agree with the JSON listing, and the JSON with the rule catalogue.
    let list = json_of(&["frameworks", "--format", "json"]);
    let rules = json_of(&["policies", "--format", "json"]);
    for fw in list.as_array().expect("array") {
        let id = str_of(&fw["id"]);
        let controls = fw["control_list"].as_array().expect("controls");
        assert_eq!(fw["controls"], controls.len());
        let covered = controls
            .iter()
            .filter(|c| c["rules"].as_array().is_some_and(|r| !r.is_empty()))
            .count();
        assert_eq!(fw["covered"], covered, "{id}");
        let mapped: BTreeSet<&str> = rules
            .as_array()
            .expect("rules")
            .iter()
            .filter(|r| {
                r["frameworks"][id]
                    .as_array()
                    .is_some_and(|c| !c.is_empty())
            })
            .map(|r| str_of(&r["id"]))
            .collect();
        assert_eq!(fw["rules"], mapped.len(), "{id}");
        let row = table
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_default();
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cells[cells.len().saturating_sub(2)..],
            [covered.to_string(), mapped.len().to_string()],
            "{row}"
        );
    }
    // One framework: its controls with their rules.
    let (code, soc2, err) = parts(&run_in(&repo(), &["frameworks", "soc2"]));
    assert_eq!(code, 0, "{err}");
    assert!(soc2.contains("CC6.6"), "{soc2}");
    assert!(
        soc2.lines()
            .any(|l| l.starts_with("CC1.1") && l.contains("out of scope")),
        "{soc2}"
    );
    let (code, md, err) = parts(&run_in(&repo(), &["frameworks", "--format", "markdown"]));
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("| ID | Framework |"), "{md}");
    let (code, _, err) = parts(&run_in(&repo(), &["frameworks", "sox"]));
    assert_eq!(code, 2);
    assert!(err.contains("no such framework"), "{err}");
}

/// control id -> (status, reason) of a JSON report's framework view.
fn statuses(report: &Value) -> BTreeMap<String, (String, String)> {
    report["framework"]["controls"]
        .as_array()
        .expect("framework.controls")
        .iter()
        .map(|c| {
            (
                str_of(&c["id"]).to_string(),
                (
                    str_of(&c["status"]).to_string(),
                    c["reason"].as_str().unwrap_or("").to_string(),
                ),
            )
        })
        .collect()
}

/// Checks the invariants every framework view must hold.
fn check_view(report: &Value, framework: &str) {
    let fw = &report["framework"];
    assert_eq!(fw["id"], framework);
    let controls = fw["controls"].as_array().expect("controls");
    let count = |s: &str| controls.iter().filter(|c| c["status"] == s).count();
    assert_eq!(fw["summary"]["passed"], count("passed"));
    assert_eq!(fw["summary"]["failed"], count("failed"));
    assert_eq!(fw["summary"]["not_covered"], count("not-covered"));
    // Only rules mapped to the framework were evaluated.
    for r in report["rules"].as_array().expect("rules") {
        assert!(
            r["frameworks"][framework]
                .as_array()
                .is_some_and(|c| !c.is_empty()),
            "{} does not map to {framework} but was evaluated",
            r["id"]
        );
    }
    let fingerprints: BTreeMap<&str, &Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (str_of(&f["fingerprint"]), f))
        .collect();
    for c in controls {
        let id = str_of(&c["id"]);
        let rules = c["rules"].as_array().expect("rules");
        let findings = c["findings"].as_array().expect("findings");
        assert!(!str_of(&c["explanation"]).is_empty(), "{id}");
        match str_of(&c["status"]) {
            "failed" => {
                assert!(!findings.is_empty(), "{id}");
                for fp in findings {
                    let f = fingerprints
                        .get(str_of(fp))
                        .unwrap_or_else(|| panic!("{id}: unknown finding {fp}"));
                    assert!(f["suppression"].is_null());
                    assert!(rules.iter().any(|r| r["id"] == f["rule_id"]), "{id}");
                }
            }
            "passed" => {
                assert!(findings.is_empty(), "{id}");
                assert!(
                    rules
                        .iter()
                        .any(|r| r["enabled"] == true && r["documents"].as_u64() > Some(0)),
                    "{id}: passed without an evaluated rule"
                );
                assert!(rules.iter().all(|r| r["findings"] == 0), "{id}");
            }
            "not-covered" => {
                assert!(findings.is_empty(), "{id}");
                match str_of(&c["reason"]) {
                    "no-rule" | "out-of-scope" => {}
                    "rules-disabled" => {
                        assert!(!rules.is_empty() && rules.iter().all(|r| r["enabled"] == false));
                    }
                    "no-documents" => assert!(
                        rules
                            .iter()
                            .all(|r| r["documents"] == 0 && r["findings"] == 0),
                        "{id}"
                    ),
                    other => panic!("{id}: unknown reason {other}"),
                }
            }
            other => panic!("{id}: unknown status {other}"),
        }
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("fixtures").join("frameworks").join(name)
}

#[test]
fn pss_restricted_view_of_the_fixture() {
    let (code, v, err) = scan_json(
        &fixture("pss-restricted"),
        &["--framework", "pss-restricted", "."],
    );
    assert_eq!(code, 1, "a privileged pod fails at high: {err}");
    check_view(&v, "pss-restricted");
    let got = statuses(&v);
    let expect = |s: &str, r: &str| (s.to_string(), r.to_string());
    let mut want = BTreeMap::new();
    for c in [
        "privileged-containers",
        "privilege-escalation",
        "running-as-non-root",
        "seccomp",
        "capabilities",
    ] {
        want.insert(c.to_string(), expect("failed", ""));
    }
    for c in [
        "host-process",
        "host-namespaces",
        "host-path-volumes",
        "host-ports",
        "apparmor",
        "selinux",
        "proc-mount-type",
        "volume-types",
        "running-as-non-root-user",
    ] {
        want.insert(c.to_string(), expect("passed", ""));
    }
    // `.comply.yaml` disables unsafe-sysctl.
    want.insert("sysctls".into(), expect("not-covered", "rules-disabled"));
    assert_eq!(got, want);
    assert_eq!(
        v["framework"]["summary"],
        serde_json::json!({"passed": 9, "failed": 5, "not_covered": 1})
    );
    // Every failed control points at the debug pod, never at the hardened Deployment.
    for f in v["findings"].as_array().expect("findings") {
        assert_eq!(f["file"], "debug-pod.yaml", "{f}");
    }

    // Human and Markdown carry the same verdicts.
    let (_, human, _) = parts(&run_in(
        &fixture("pss-restricted"),
        &["scan", "--framework", "pss-restricted", "."],
    ));
    assert!(
        human.contains("9 passed, 5 failed, 1 not covered"),
        "{human}"
    );
    assert!(
        human
            .lines()
            .any(|l| l.contains("FAILED") && l.contains("privileged-containers")),
        "{human}"
    );
    assert!(human.contains("K8S-0011 unsafe-sysctl"), "{human}");
    let (_, md, _) = parts(&run_in(
        &fixture("pss-restricted"),
        &[
            "scan",
            "--framework",
            "pss-restricted",
            "--format",
            "markdown",
            ".",
        ],
    ));
    assert!(md.contains("**9 passed, 5 failed, 1 not covered**"), "{md}");
    assert!(md.contains("| sysctls | ➖ not covered |"), "{md}");
    assert!(md.contains("| seccomp | ❌ failed |"), "{md}");
    assert!(md.contains("| volume-types | ✅ passed |"), "{md}");
}

#[test]
fn soc2_view_of_the_fixture() {
    let (code, v, err) = scan_json(&fixture("soc2"), &["--framework", "soc2", "."]);
    assert_eq!(code, 0, "only medium and low findings: {err}");
    check_view(&v, "soc2");
    let got = statuses(&v);
    let want = [
        // Hardened pods, read-only workflow token.
        ("CC6.1", "passed", ""),
        ("CC6.3", "passed", ""),
        // A LoadBalancer Service.
        ("CC6.6", "failed", ""),
        // Ingress with TLS and the HTTPS redirect.
        ("CC6.7", "passed", ""),
        // A mutable image tag and a third-party action on a tag.
        ("CC6.8", "failed", ""),
        ("CC8.1", "failed", ""),
        // Requests, limits, quota and limit range.
        ("A1.1", "passed", ""),
        // Backups are evidenced by Terraform and Velero rules: the fixture has neither.
        ("A1.2", "not-covered", "no-documents"),
        ("CC1.1", "not-covered", "out-of-scope"),
        ("CC6.4", "not-covered", "out-of-scope"),
    ];
    for (id, status, reason) in want {
        assert_eq!(
            got.get(id),
            Some(&(status.to_string(), reason.to_string())),
            "{id}: {}",
            v["framework"]["controls"]
        );
    }
    // CC8.1 fails on both the manifest and the workflow.
    let cc81 = v["framework"]["controls"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "CC8.1"))
        .expect("CC8.1");
    let failing: BTreeSet<&str> = cc81["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| r["findings"].as_u64() > Some(0))
        .map(|r| str_of(&r["name"]))
        .collect();
    assert!(failing.contains("latest-image-tag"), "{failing:?}");
    assert!(failing.contains("unpinned-action"), "{failing:?}");
    // "no rule" is said only of controls no rule maps to.
    let list = json_of(&["frameworks", "soc2", "--format", "json"]);
    let mapped: BTreeMap<&str, usize> = list[0]["control_list"]
        .as_array()
        .expect("controls")
        .iter()
        .map(|c| (str_of(&c["id"]), c["rules"].as_array().map_or(0, Vec::len)))
        .collect();
    for (id, (_, reason)) in &got {
        assert_eq!(
            reason == "no-rule",
            mapped.get(id.as_str()) == Some(&0) && got[id].1 != "out-of-scope",
            "{id}"
        );
    }
    // SARIF stays SARIF and carries the view in its property bag.
    let (_, sarif, _) = parts(&run_in(
        &fixture("soc2"),
        &["scan", "--framework", "soc2", "--format", "sarif", "."],
    ));
    let s: Value = serde_json::from_str(&sarif).expect("sarif json");
    assert_eq!(s["version"], "2.1.0");
    let bag = &s["runs"][0]["properties"]["comply/framework"];
    assert_eq!(bag["id"], "soc2");
    assert_eq!(bag["summary"], v["framework"]["summary"]);
}

#[test]
fn unknown_framework_is_an_operational_error() {
    let (code, _, err) = parts(&run_in(
        &fixture("soc2"),
        &["scan", "--framework", "pci", "."],
    ));
    assert_eq!(code, 2);
    assert!(err.contains("--framework pci: no such framework"), "{err}");
    assert!(err.contains("pss-restricted"), "{err}");
}

/// The HTML report is one self-contained page: no scripts, no external loads, escaped text.
fn check_html(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    let lower = html.to_ascii_lowercase();
    // Scanned text is escaped, so tags and quoted attributes can only come from the template.
    for bad in [
        "<script",
        "<link",
        "<iframe",
        "<img",
        "<object",
        "<embed",
        " src=\"",
        "href=\"javascript",
    ] {
        assert!(!lower.contains(bad), "HTML report contains {bad}");
    }
    let style = lower
        .split("<style>")
        .nth(1)
        .and_then(|s| s.split("</style>").next())
        .unwrap_or_default();
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "CSS loads nothing"
    );
    assert!(lower.contains("content-security-policy"));
    // Every in-page link has a target.
    let ids: BTreeSet<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    for target in html
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(ids.contains(target), "dangling link #{target}");
    }
}

#[test]
fn html_report_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"x<script>alert(1)</script>\"\nspec:\n  containers:\n    - name: \"a&b\"\n      image: nginx\n      securityContext:\n        privileged: true\n",
    )
    .expect("write");
    let out = dir.path().join("report.html");
    let o = run_in(
        dir.path(),
        &[
            "scan",
            ".",
            "--framework",
            "pss-baseline",
            "--format",
            "html",
            "--output",
            out.to_str().expect("utf8"),
        ],
    );
    let (code, _, err) = parts(&o);
    assert_eq!(code, 1, "{err}");
    let html = std::fs::read_to_string(&out).expect("html");
    check_html(&html);
    assert!(html.contains("x&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;a&amp;b&quot;"));
    assert!(
        html.contains("<mark>privileged</mark>"),
        "code frame marks the span"
    );
    assert!(html.contains("id=\"framework\""));
    assert!(
        html.contains("href=\"#rule-K8S-0001\""),
        "findings link their rule's documentation"
    );
    assert!(html.contains("id=\"control-privileged-containers\""));
}

#[test]
fn html_report_of_corpus_scans_is_small() {
    for corpus in ["terragoat", "kubernetes-goat"] {
        let Some(dir) = shared(&format!("corpus/{corpus}")) else {
            continue;
        };
        let out = tempfile::tempdir().expect("tempdir");
        let file = out.path().join("report.html");
        let (code, _, err) = parts(&run_in(
            &dir,
            &[
                "scan",
                ".",
                "--quiet",
                "--format",
                "html",
                "--output",
                file.to_str().expect("utf8"),
            ],
        ));
        assert!(!err.contains("panicked"), "{err}");
        assert!((0..=2).contains(&code), "{corpus}: exit {code}: {err}");
        let html = std::fs::read_to_string(&file).expect("html");
        check_html(&html);
        assert!(
            html.len() < 2 * 1024 * 1024,
            "{corpus}: HTML report is {} bytes, over 2 MB",
            html.len()
        );
    }
}

#[test]
fn explain_shows_control_titles() {
    let (code, doc, err) = parts(&run_in(&repo(), &["explain", "privileged-container"]));
    assert_eq!(code, 0, "{err}");
    assert!(doc.contains("## Frameworks"), "{doc}");
    assert!(
        doc.contains("| Kubernetes Pod Security Standards (Baseline) (`pss-baseline`) | privileged-containers | Containers must not run in privileged mode |"),
        "{doc}"
    );
    assert!(doc.contains("| 5.2.2 |"), "{doc}");
}
