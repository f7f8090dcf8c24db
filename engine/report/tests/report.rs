//! End-to-end tests of every output format on hand-built scan reports.

mod common;

use std::path::PathBuf;
use std::process::Command;

use comply_model::{ScanReport, Severity};
use comply_report::{
    render, render_rule_doc, render_rules, Format, RenderOptions, RuleExample, RulesFormat,
};
use serde_json::Value;

use common::{awkward_report, finding, k8s_latest, k8s_privileged, opts, small_report};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// human

const SMALL_HUMAN: &str = r#"medium[K8S-0002] latest-image-tag: Container "web" uses image tag `latest`
   --> deploy/web.yaml:11:18
    |
  9 |       containers:
 10 |         - name: web
>11 |           image: nginx:latest
    |                  ^^^^^^^^^^^^
 12 |           securityContext:
    |
    = category: supply-chain · resource: Deployment/prod/web
    = help: Pin the image to a digest.

high[K8S-0001] privileged-container: Container "web" runs in privileged mode
   --> deploy/web.yaml:13:13
    |
 11 |           image: nginx:latest
 12 |           securityContext:
>13 |             privileged: true
    |             ^^^^^^^^^^
    |
    = category: pod-security · resource: Deployment/prod/web
    = environments: dev, prod
    = note: value set here at values.yaml:3:1
    = help: Remove securityContext.privileged or set it to false.

high[K8S-0001] privileged-container: Container "sidecar" runs in privileged mode
   --> deploy/web.yaml:13:13
    = category: pod-security · resource: Deployment/prod/web
    = suppressed (inline: needs host network for CNI)

warning: deploy/old.yaml:4: ignore for K8S-0009 matched nothing [unused-ignore]

  category      critical  high  medium  low  total
  pod-security         0     1       0    0      1
  supply-chain         0     0       1    0      1
  total                0     1       1    0      2

2 findings, 1 suppressed; scanned 3 files, 5 documents in 12 ms
1 finding at or above high: failing
"#;

#[test]
fn human_small_report_exact() {
    let out = render(Format::Human, &small_report(), &opts());
    assert_eq!(out, SMALL_HUMAN, "actual:\n{out}");
}

/// Removes ANSI SGR sequences (`ESC [ ... m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn human_color_only_adds_escapes() {
    for report in [small_report(), awkward_report()] {
        let plain = render(Format::Human, &report, &opts());
        let colored = render(
            Format::Human,
            &report,
            &RenderOptions {
                color: true,
                ..opts()
            },
        );
        assert!(colored.contains("\u{1b}[31mhigh[K8S-0001]"), "{colored}");
        assert!(!plain.contains('\u{1b}'));
        assert_eq!(strip_ansi(&colored), plain);
    }
}

#[test]
fn human_never_passes_terminal_escapes_from_data() {
    let out = render(Format::Human, &awkward_report(), &opts());
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("control \u{FFFD}[31m char"));
}

#[test]
fn human_quiet_prints_only_active_findings_and_errors() {
    let out = render(
        Format::Human,
        &awkward_report(),
        &RenderOptions {
            quiet: true,
            ..opts()
        },
    );
    assert!(out.contains("Container \"web\" runs in privileged mode"));
    assert!(
        !out.contains("sidecar"),
        "suppressed findings are hidden:\n{out}"
    );
    assert!(!out.contains("warning:"), "{out}");
    assert!(
        out.contains("error: bad file.yaml:3: mapping values are not allowed here [parse-error]")
    );
    assert!(!out.contains("scanned"), "no summary:\n{out}");
    assert!(!out.contains("failing"), "no verdict:\n{out}");
}

#[test]
fn human_awkward_locations_do_not_break() {
    let out = render(Format::Human, &awkward_report(), &opts());
    // Line 0 and files without source: location line, no frame.
    assert!(out.contains("  --> charts/my app/templates/dep loy.yaml\n   = category: pod-security · resource: Pod/a b\n"), "{out}");
    assert!(out.contains("  --> main.tf:4\n"), "{out}");
    assert!(out.contains("   = note: related location at charts/my app/values-prod.yaml:7:3\n"));
    assert!(out.contains("   = note: default at charts/my app/values.yaml\n"));
    assert!(out.contains("   = environments: staging\n"));
    assert!(out.contains("   = suppressed (baseline)\n"));
    assert!(out.contains("error: policy comply.x failed to compile [policy-error]\n"));
    assert!(out.contains("warning: dir/skipped.tf: skipped [unreadable]\n"));
    assert!(
        out.contains("3 findings at or above high, 2 operational errors: failing\n"),
        "{out}"
    );
}

#[test]
fn human_line_past_end_of_source_has_no_frame() {
    let mut r = small_report();
    r.findings.truncate(1);
    r.findings[0].location.span = comply_model::Span::point(999, 4);
    let out = render(Format::Human, &r, &opts());
    assert!(
        out.contains("    --> deploy/web.yaml:999:4\n     = category"),
        "{out}"
    );
    assert!(!out.contains('^'));
}

#[test]
fn human_tab_and_wide_characters_in_source() {
    let mut r = small_report();
    r.findings.truncate(1);
    let src = "a:\n\tname: \"日本\"\n\tkey: 1\n";
    r.sources.insert("deploy/web.yaml".into(), src.into());
    r.findings[0].location.span =
        comply_model::Span::new(comply_model::Pos::new(2, 8), comply_model::Pos::new(2, 12));
    let out = render(Format::Human, &r, &opts());
    // Tab = 4 cells, `name: ` = 6 cells, so the caret starts at cell 10; `"日本"` is 6 cells wide.
    assert!(
        out.contains(">2 |     name: \"日本\"\n   |           ^^^^^^\n"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// json

#[test]
fn json_round_trips_with_documented_fields() {
    let v = json(&render(Format::Json, &awkward_report(), &opts()));
    let keys: Vec<&str> = v
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut expected = vec![
        "version",
        "tool",
        "root",
        "summary",
        "findings",
        "diagnostics",
        "rules",
        "framework",
    ];
    expected.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "comply");
    assert_eq!(v["tool"]["version"], "0.1.0");
    assert_eq!(v["root"], ".");
    let s = &v["summary"];
    assert_eq!(s["findings"], 4);
    assert_eq!(s["failing"], 3);
    assert_eq!(s["suppressed"], 2);
    assert_eq!(s["by_severity"]["critical"], 1);
    assert_eq!(s["by_severity"]["high"], 2);
    assert_eq!(s["by_severity"]["medium"], 1);
    assert_eq!(s["by_severity"]["low"], 0);
    assert_eq!(s["by_category"]["pod-security"], 2);
    assert_eq!(s["by_category"]["tls"], 0);
    assert_eq!(
        s["by_category"].as_object().map(serde_json::Map::len),
        Some(8)
    );
    assert_eq!(s["files_scanned"], 3);
    assert_eq!(s["documents"], 5);
    assert_eq!(s["fail_on"], "high");
    assert_eq!(s["errors"], 2);
    assert_eq!(s["exit_code"], 2);

    let findings = v["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), 6);
    let web = findings
        .iter()
        .find(|f| f["message"] == "Container \"web\" runs in privileged mode")
        .cloned()
        .unwrap_or_default();
    assert_eq!(web["rule_id"], "K8S-0001");
    assert_eq!(web["rule_name"], "privileged-container");
    assert_eq!(web["severity"], "high");
    assert_eq!(web["category"], "pod-security");
    assert_eq!(web["file"], "deploy/web.yaml");
    assert_eq!(
        (web["line"].clone(), web["column"].clone()),
        (13.into(), 13.into())
    );
    assert_eq!(web["path"], "spec.containers[0]");
    assert_eq!(
        web["path_segments"],
        serde_json::json!(["spec", "containers", 0])
    );
    assert_eq!(web["resource"], "Deployment/prod/web");
    assert_eq!(web["related"][0]["file"], "values.yaml");
    assert_eq!(web["related"][0]["note"], "value set here");
    assert_eq!(web["environments"], serde_json::json!(["dev", "prod"]));
    assert_eq!(web["suppression"], Value::Null);
    assert_eq!(web["fingerprint"], "fp-K8S-0001-deploy/web.yaml-13");
    let sidecar = findings
        .iter()
        .find(|f| f["message"].as_str().is_some_and(|m| m.contains("sidecar")))
        .cloned()
        .unwrap_or_default();
    assert_eq!(sidecar["suppression"]["kind"], "inline");
    assert_eq!(
        sidecar["suppression"]["reason"],
        "needs host network for CNI"
    );

    let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diags.len(), 4);
    assert_eq!(
        diags[0],
        serde_json::json!({"level": "error", "code": "parse-error", "message": "mapping values are not allowed here", "file": "bad file.yaml", "line": 3, "column": null})
    );
    let rules: Vec<&str> = v["rules"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(rules, ["K8S-0001", "K8S-0002", "TF-0100"]);
    assert_eq!(
        v["rules"][0]["frameworks"]["cis-kubernetes"],
        serde_json::json!(["5.2.2"])
    );
}

#[test]
fn json_key_order_is_fixed() {
    let out = render(Format::Json, &small_report(), &opts());
    let pos = |k: &str| out.find(&format!("\"{k}\":")).unwrap_or(usize::MAX);
    let order = [
        "version",
        "tool",
        "root",
        "summary",
        "findings",
        "diagnostics",
        "rules",
    ];
    assert!(order.windows(2).all(|w| pos(w[0]) < pos(w[1])), "{out}");
    let sev = ["\"critical\":", "\"high\":", "\"medium\":", "\"low\":"]
        .map(|k| out.find(k).unwrap_or(usize::MAX));
    assert!(sev.windows(2).all(|w| w[0] < w[1]));
    assert!(!out.contains("duration"), "no wall-clock data in JSON");
    assert_eq!(out, render(Format::Json, &small_report(), &opts()));
}

// ---------------------------------------------------------------------------------------------
// sarif

#[test]
fn sarif_structure() {
    let v = json(&render(Format::Sarif, &awkward_report(), &opts()));
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "comply");
    assert_eq!(driver["version"], "0.1.0");
    let rules = driver["rules"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["K8S-0001", "K8S-0002", "TF-0100", "CUSTOM-0001"],
        "unknown rule appended"
    );
    let r0 = &rules[0];
    assert_eq!(r0["name"], "privileged-container");
    assert_eq!(
        r0["shortDescription"]["text"],
        "Container runs in privileged mode"
    );
    assert_eq!(
        r0["fullDescription"]["text"],
        "Description of privileged-container."
    );
    assert!(r0["help"]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("Remove securityContext.privileged")));
    assert!(r0["help"]["markdown"]
        .as_str()
        .is_some_and(|t| t.contains("| cis-kubernetes | 5.2.2 |")));
    assert_eq!(r0["defaultConfiguration"]["level"], "error");
    assert_eq!(
        r0["properties"]["tags"],
        serde_json::json!(["pod-security", "cis-kubernetes", "pss-baseline", "security"])
    );
    assert_eq!(r0["properties"]["security-severity"], "8.0");
    assert_eq!(r0["properties"]["precision"], "high");
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");
    assert_eq!(rules[3]["properties"]["security-severity"], "9.5");

    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 6);
    for r in &results {
        let idx = r["ruleIndex"]
            .as_u64()
            .and_then(|i| usize::try_from(i).ok())
            .unwrap_or(usize::MAX);
        assert_eq!(
            rules.get(idx).map(|x| &x["id"]),
            Some(&r["ruleId"]),
            "ruleIndex resolves"
        );
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(r["partialFingerprints"]["comply/v1"].is_string());
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
    }
    let by_msg = |needle: &str| {
        results
            .iter()
            .find(|r| {
                r["message"]["text"]
                    .as_str()
                    .is_some_and(|m| m.contains(needle))
            })
            .cloned()
            .unwrap_or_default()
    };
    let pod = by_msg("Pod <x>");
    assert_eq!(
        pod["message"]["text"], "Pod <x> & \"y\" | 'z'\nsecond line (Pod/a b)",
        "object appended"
    );
    let loc = &pod["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "charts/my%20app/templates/dep%20loy.yaml"
    );
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 1}),
        "line 0 clamps to 1"
    );
    assert_eq!(pod["relatedLocations"][0]["id"], 1);
    assert_eq!(
        pod["relatedLocations"][0]["message"]["text"],
        "related location"
    );
    assert_eq!(pod["relatedLocations"][1]["message"]["text"], "default");
    let web = by_msg("Container \"web\" runs");
    assert_eq!(web["level"], "error");
    assert_eq!(
        web["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 13, "startColumn": 13, "endLine": 13, "endColumn": 23})
    );
    assert_eq!(
        web["relatedLocations"][0]["message"]["text"],
        "value set here"
    );
    assert!(web.get("suppressions").is_none());
    assert_eq!(
        by_msg("sidecar")["suppressions"],
        serde_json::json!([{"kind": "inSource", "justification": "needs host network for CNI"}])
    );
    assert_eq!(
        by_msg("control")["suppressions"],
        serde_json::json!([{"kind": "external"}])
    );
    assert_eq!(by_msg("latest")["level"], "warning");
    assert_eq!(by_msg("Bucket")["ruleIndex"], 3);

    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(notes.len(), 4);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "bad%20file.yaml"
    );
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    let no_file = notes
        .iter()
        .find(|n| n["descriptor"]["id"] == "policy-error")
        .cloned()
        .unwrap_or_default();
    assert!(no_file.get("locations").is_none());
    let no_line = notes
        .iter()
        .find(|n| n["descriptor"]["id"] == "unreadable")
        .cloned()
        .unwrap_or_default();
    assert!(no_line["locations"][0]["physicalLocation"]
        .get("region")
        .is_none());
    assert_eq!(
        run["properties"]["environments"],
        serde_json::json!(["dev", "prod", "staging"])
    );
}

/// `/work/shared/tools/sarif-validate.sh`, found through `COMPLY_SHARED` or `../shared` beside the
/// workspace root.
fn validator() -> Option<PathBuf> {
    let shared = std::env::var_os("COMPLY_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let script = shared.join("tools/sarif-validate.sh");
    script.is_file().then_some(script)
}

#[test]
fn sarif_passes_the_microsoft_validator_with_github_rules() {
    let Some(script) = validator() else {
        eprintln!("SKIPPED: ../shared/tools/sarif-validate.sh not found (set COMPLY_SHARED)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("comply-report-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    for (name, report) in [
        ("awkward", awkward_report()),
        ("small", small_report()),
        ("empty", ScanReport::default()),
    ] {
        let path = dir.join(format!("{name}.sarif"));
        std::fs::write(&path, render(Format::Sarif, &report, &opts()))
            .unwrap_or_else(|e| panic!("{e}"));
        files.push(path);
    }
    let out = Command::new(&script)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", script.display()));
    let _ = std::fs::remove_dir_all(&dir);
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "validator failed:\n{log}");
    assert_eq!(log.matches(": 0 errors").count(), 3, "{log}");
}

// ---------------------------------------------------------------------------------------------
// junit

/// Parses JUnit XML: `(element, attributes)` for each start/empty element, failing on any
/// well-formedness error.
fn parse_xml(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = e.name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap_or_else(|err| panic!("bad attribute: {err}\n{xml}"));
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap_or_else(|err| panic!("{err}"));
                        (a.key.as_ref().to_string(), v.into_owned())
                    })
                    .collect();
                out.push((name, attrs));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("malformed XML at {}: {e}\n{xml}", reader.buffer_position()),
        }
    }
    out
}

fn attr<'a>(el: &'a (String, Vec<(String, String)>), key: &str) -> &'a str {
    el.1.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn junit_counts_and_escaping() {
    let xml = render(Format::Junit, &awkward_report(), &opts());
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let els = parse_xml(&xml);
    let root = &els[0];
    assert_eq!(root.0, "testsuites");
    assert_eq!(
        (
            attr(root, "name"),
            attr(root, "tests"),
            attr(root, "failures")
        ),
        ("comply", "9", "4")
    );
    assert_eq!((attr(root, "errors"), attr(root, "skipped")), ("2", "2"));
    let suites: Vec<_> = els.iter().filter(|e| e.0 == "testsuite").collect();
    let names: Vec<&str> = suites.iter().map(|s| attr(s, "name")).collect();
    assert_eq!(
        names,
        [
            "K8S-0001 privileged-container",
            "K8S-0002 latest-image-tag",
            "TF-0100 storage-min-tls",
            "CUSTOM-0001 org-rule",
            "comply"
        ]
    );
    assert_eq!(
        (
            attr(suites[0], "tests"),
            attr(suites[0], "failures"),
            attr(suites[0], "skipped")
        ),
        ("4", "2", "2")
    );
    assert_eq!(
        (attr(suites[2], "tests"), attr(suites[2], "failures")),
        ("1", "0"),
        "rule without findings passes"
    );
    let cases: Vec<_> = els.iter().filter(|e| e.0 == "testcase").collect();
    assert_eq!(cases.len(), 9);
    assert_eq!(els.iter().filter(|e| e.0 == "failure").count(), 4);
    assert_eq!(els.iter().filter(|e| e.0 == "skipped").count(), 2);
    assert_eq!(els.iter().filter(|e| e.0 == "error").count(), 2);
    assert!(cases.iter().any(|c| attr(c, "classname") == "K8S-0002"
        && attr(c, "name") == "deploy/web.yaml:11 Deployment/prod/web"));
    // Markup and line breaks survive the round trip in attributes.
    let markup = els
        .iter()
        .find(|e| e.0 == "failure" && attr(e, "message").starts_with("Pod"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        attr(&markup, "message"),
        "Pod <x> & \"y\" | 'z'\nsecond line"
    );
    assert_eq!(attr(&markup, "type"), "high");
    assert!(xml
        .contains("Remediation: Remove securityContext.privileged or set it to false.</failure>"));
    // The escape character in a message is not valid XML 1.0 and was replaced.
    assert!(!xml.contains('\u{1b}'));
    assert!(xml.contains("control \u{FFFD}[31m char"));
}

// ---------------------------------------------------------------------------------------------
// markdown

/// Unescaped `|` in a Markdown table row.
fn pipes(line: &str) -> usize {
    let b = line.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
        .count()
}

#[test]
fn markdown_tables_keep_their_shape() {
    let md = render(Format::Markdown, &awkward_report(), &opts());
    assert!(md.starts_with("## comply scan results\n\n**Failed:** 3 findings at or above high, 2 operational errors: failing\n"), "{md}");
    let table_rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    let counts = table_rows
        .iter()
        .filter(|l| l.starts_with("| Category") || l.contains("---:"))
        .count();
    assert_eq!(counts, 2);
    for row in &table_rows {
        let n = pipes(row);
        assert!(n == 7 || n == 5, "row breaks the table ({n} pipes): {row}");
    }
    assert!(md.contains("| tagging | 1 | 0 | 0 | 0 | 1 |"));
    assert!(md.contains("| **Total** | **1** | **2** | **1** | **0** | **4** |"));
    assert!(md.contains("| high | K8S-0001 privileged-container | charts/my app/templates/dep loy.yaml | Pod &lt;x&gt; & \"y\" \\| 'z'<br>second line |"), "{md}");
    assert!(md.contains("| medium | K8S-0002 latest-image-tag | deploy/web.yaml:11 |"));
    assert!(
        !md.contains("sidecar"),
        "suppressed findings are counted, not listed"
    );
    assert!(md.contains("2 findings suppressed (not counted)."));
    assert!(md.contains(
        "- **error** bad file.yaml:3: mapping values are not allowed here (`parse-error`)"
    ));
    assert!(md.contains("- **error** policy comply.x failed to compile (`policy-error`)"));
}

#[test]
fn markdown_caps_the_findings_table() {
    let mut r = small_report();
    let rule = k8s_latest();
    r.findings = (1..=130)
        .map(|i| finding(&rule, "a.yaml", i, 1, "m", "x"))
        .collect();
    let md = render(Format::Markdown, &r, &opts());
    let rows = md.lines().filter(|l| l.starts_with("| medium |")).count();
    assert_eq!(rows, 100);
    assert!(md.contains("\n…and 30 more findings.\n"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// empty report, determinism

#[test]
fn empty_report_in_every_format() {
    let r = ScanReport {
        root: ".".into(),
        fail_on: Some(Severity::High),
        ..ScanReport::default()
    };
    let human = render(Format::Human, &r, &opts());
    assert_eq!(human, "No findings.\n0 findings, 0 suppressed; scanned 0 files, 0 documents in 0 ms\npassed: no findings at or above high\n");
    let j = json(&render(Format::Json, &r, &opts()));
    assert_eq!(j["findings"], serde_json::json!([]));
    assert_eq!(j["summary"]["exit_code"], 0);
    let s = json(&render(Format::Sarif, &r, &opts()));
    assert_eq!(s["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        s["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );
    assert_eq!(s["runs"][0]["invocations"][0]["executionSuccessful"], true);
    let x = render(Format::Junit, &r, &opts());
    let els = parse_xml(&x);
    assert_eq!(els.len(), 1);
    assert_eq!(attr(&els[0], "tests"), "0");
    let md = render(Format::Markdown, &r, &opts());
    assert!(md.contains("**Passed:** passed: no findings at or above high"));
    assert!(md.contains("No findings."));
    assert!(!md.contains("### Findings"));
    assert_eq!(
        render(
            Format::Human,
            &r,
            &RenderOptions {
                quiet: true,
                ..opts()
            }
        ),
        ""
    );
}

#[test]
fn rendering_is_deterministic() {
    for f in Format::ALL {
        assert_eq!(
            render(f, &awkward_report(), &opts()),
            render(f, &awkward_report(), &opts()),
            "{f}"
        );
    }
}

#[test]
fn formats_parse_from_their_slugs() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>(), Ok(f));
    }
    assert!("xml".parse::<Format>().is_err());
    for f in RulesFormat::ALL {
        assert_eq!(f.to_string().parse::<RulesFormat>(), Ok(f));
    }
    assert!("yaml".parse::<RulesFormat>().is_err());
}

// ---------------------------------------------------------------------------------------------
// rules listing and docs

#[test]
fn rules_table_is_aligned() {
    let out = render_rules(RulesFormat::Table, &[k8s_privileged(), k8s_latest()]);
    let expected = "\
ID        NAME                  SEVERITY  CATEGORY      FRAMEWORKS
K8S-0001  privileged-container  high      pod-security  cis-kubernetes:5.2.2 pss-baseline:privileged-containers
K8S-0002  latest-image-tag      medium    supply-chain
";
    assert_eq!(out, expected);
    assert_eq!(
        render_rules(RulesFormat::Table, &[]),
        "ID  NAME  SEVERITY  CATEGORY  FRAMEWORKS\n"
    );
}

#[test]
fn rules_json_and_markdown() {
    let v = json(&render_rules(
        RulesFormat::Json,
        &[k8s_privileged(), k8s_latest()],
    ));
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    assert_eq!(v[0]["id"], "K8S-0001");
    assert_eq!(v[0]["severity"], "high");
    assert_eq!(v[1]["category"], "supply-chain");
    assert_eq!(
        json(&render_rules(RulesFormat::Json, &[])),
        serde_json::json!([])
    );
    let mut odd = k8s_latest();
    odd.title = "Uses a | in\nthe title".into();
    let md = render_rules(RulesFormat::Markdown, &[k8s_privileged(), odd]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|l| pipes(l) == 7), "{md}");
    assert!(md.contains("Uses a \\| in<br>the title"));
}

#[test]
fn rule_doc_follows_the_template() {
    let avoid = RuleExample {
        file_name: "fail_privileged.yaml".into(),
        text: common::WEB_YAML.into(),
    };
    let prefer = RuleExample {
        file_name: "pass.tf".into(),
        text: "a = \"```\"\n".into(),
    };
    let doc = render_rule_doc(&k8s_privileged(), Some(&avoid), Some(&prefer));
    let heads: Vec<&str> = doc.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        heads,
        [
            "# Container runs in privileged mode",
            "## Frameworks",
            "## Remediation",
            "## Avoid",
            "## Prefer",
            "## Related resources"
        ]
    );
    assert!(doc.contains("\n**K8S-0001** · `privileged-container` · high · pod-security\n"));
    assert!(doc.contains("| pss-baseline | privileged-containers |"));
    assert!(doc.contains("```yaml\napiVersion: apps/v1\n"));
    assert!(doc.contains("            privileged: true\n```\n"));
    assert!(
        doc.contains("````hcl\na = \"```\"\n````\n"),
        "fence longer than any backtick run:\n{doc}"
    );
    let bare = render_rule_doc(&k8s_latest(), None, None);
    assert!(!bare.contains("## Avoid") && !bare.contains("## Frameworks"));
    assert!(bare.ends_with("Pin the image to a digest.\n"));
}

// ---------------------------------------------------------------------------------------------
// framework view (`--framework`) and the HTML report

fn with_framework() -> ScanReport {
    use comply_model::{
        ControlCounts, ControlResult, ControlRule, ControlStatus, FrameworkReport, NotCoveredReason,
    };
    let mut r = small_report();
    let fp = r.findings[1].fingerprint.clone();
    let rule = |documents, findings, suppressed| ControlRule {
        id: "K8S-0001".into(),
        name: "privileged-container".into(),
        enabled: true,
        documents,
        findings,
        suppressed,
    };
    r.framework = Some(FrameworkReport {
        id: "pss-baseline".into(),
        name: "Pod Security Standards <Baseline>".into(),
        version: "v1.31".into(),
        source: "https://kubernetes.io/docs/concepts/security/pod-security-standards/".into(),
        summary: ControlCounts {
            passed: 0,
            failed: 1,
            not_covered: 1,
        },
        controls: vec![
            ControlResult {
                id: "privileged-containers".into(),
                title: "Containers must not run privileged".into(),
                section: None,
                coverage: "Evidenced statically.".into(),
                status: ControlStatus::Failed,
                reason: None,
                explanation: "Failed: 1 finding from K8S-0001 privileged-container.".into(),
                rules: vec![rule(1, 1, 1)],
                findings: vec![fp],
            },
            ControlResult {
                id: "sysctls".into(),
                title: "Only safe sysctls & <no> others".into(),
                section: Some("Baseline".into()),
                coverage: "Evidenced statically.".into(),
                status: ControlStatus::NotCovered,
                reason: Some(NotCoveredReason::NoRule),
                explanation: "Not covered: no rule maps to this control yet.".into(),
                rules: Vec::new(),
                findings: Vec::new(),
            },
        ],
    });
    r
}

#[test]
fn framework_view_in_every_format() {
    let r = with_framework();
    let j = json(&render(Format::Json, &r, &opts()));
    let fw = &j["framework"];
    assert_eq!(fw["id"], "pss-baseline");
    assert_eq!(
        fw["summary"],
        serde_json::json!({"passed": 0, "failed": 1, "not_covered": 1})
    );
    assert_eq!(fw["controls"][0]["status"], "failed");
    assert_eq!(
        fw["controls"][0]["findings"][0],
        j["findings"][1]["fingerprint"]
    );
    assert_eq!(fw["controls"][1]["status"], "not-covered");
    assert_eq!(fw["controls"][1]["reason"], "no-rule");
    assert_eq!(fw["controls"][0]["rules"][0]["documents"], 1);
    // Without --framework the key is present and null.
    let plain = json(&render(Format::Json, &small_report(), &opts()));
    assert!(plain["framework"].is_null());

    let md = render(Format::Markdown, &r, &opts());
    assert!(
        md.contains("### Framework: Pod Security Standards &lt;Baseline&gt; (v1.31)"),
        "{md}"
    );
    assert!(md.contains("**0 passed, 1 failed, 1 not covered**"), "{md}");
    assert!(
        md.contains("| sysctls | ➖ not covered | Only safe sysctls & &lt;no&gt; others |"),
        "{md}"
    );

    let human = render(Format::Human, &r, &opts());
    assert!(
        human.contains("0 passed, 1 failed, 1 not covered"),
        "{human}"
    );
    assert!(
        human.contains("FAILED       privileged-containers"),
        "{human}"
    );
    assert!(!render(
        Format::Human,
        &r,
        &comply_report::RenderOptions {
            quiet: true,
            ..opts()
        }
    )
    .contains("not covered"));

    let s = json(&render(Format::Sarif, &r, &opts()));
    let bag = &s["runs"][0]["properties"]["comply/framework"];
    assert_eq!(bag["controls"][0]["status"], "failed");
    assert_eq!(bag["controls"][0]["ruleIds"][0], "K8S-0001");
    assert_eq!(bag["controls"][1]["reason"], "no-rule");
    assert!(
        json(&render(Format::Sarif, &small_report(), &opts()))["runs"][0]["properties"]
            ["comply/framework"]
            .is_null()
    );
}

#[test]
fn html_report_renders_everything_escaped() {
    let r = with_framework();
    let html = render(Format::Html, &r, &opts());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.to_ascii_lowercase().contains("<script"));
    // Summary bars: one SVG per category plus the framework bar.
    assert_eq!(html.matches("<svg class=\"bar\"").count(), 9);
    assert!(html.contains("Pod Security Standards &lt;Baseline&gt;"));
    assert!(html.contains("Only safe sysctls &amp; &lt;no&gt; others"));
    assert!(html.contains("id=\"control-privileged-containers\""));
    // The failed control links its finding; the finding links its rule's documentation.
    assert!(html.contains("<a href=\"#f-2\">#2</a>"), "{html}");
    assert!(html.contains("href=\"#rule-K8S-0001\""));
    assert!(html.contains("id=\"rule-K8S-0001\""));
    // Code frame with the span marked, suppressed finding dimmed and labelled.
    assert!(html.contains("<mark>privileged</mark>"), "{html}");
    assert!(html.contains("suppressed (inline: needs host network for CNI)"));
    // The awkward report (markup in messages, unknown lines) renders and stays escaped.
    let awkward = render(Format::Html, &awkward_report(), &opts());
    assert!(!awkward.to_ascii_lowercase().contains("<script"));
    assert_eq!(
        awkward,
        render(Format::Html, &awkward_report(), &opts()),
        "deterministic"
    );
}
