//! End-to-end behaviour of `comply scan`, `policies`, `explain` and `test` on the demo repository
//! and on small repositories written by the tests.

use crate::common::{parts, repo, run_in, scan_json};
use std::fs;

fn demo() -> std::path::PathBuf {
    repo().join("fixtures").join("demo")
}

fn finding_rules(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule_name"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn demo_scan_reports_findings_with_exact_lines_and_fails() {
    let (code, v, _) = scan_json(&demo(), &[]);
    assert_eq!(code, 1, "high findings fail the scan");
    let findings = v["findings"].as_array().expect("findings");
    let privileged = findings
        .iter()
        .find(|f| f["rule_name"] == "privileged-container")
        .expect("privileged container found");
    assert_eq!(privileged["file"], "apps/debug-tools.yml");
    assert_eq!(privileged["line"], 21);
    // `hostNetwork: yes` is YAML 1.1 true, as Kubernetes reads it.
    assert!(
        findings
            .iter()
            .any(|f| f["file"] == "apps/debug-tools.yml" && f["line"] == 14),
        "hostNetwork: yes"
    );
    // The hardened storefront Deployment is clean of pod-security findings.
    assert!(!findings.iter().any(|f| f["category"] == "pod-security"
        && f["file"] == "apps/storefront.yaml"
        && f["resource"]
            .as_str()
            .unwrap_or("")
            .starts_with("Deployment")));
    // The inline ignore suppresses the LoadBalancer finding and records the reason.
    let lb = findings
        .iter()
        .find(|f| f["file"] == "apps/debug-tools.yml" && f["line"] == 35)
        .expect("LB finding");
    assert_eq!(lb["suppression"]["kind"], "inline");
    // Terraform and pipelines in the same repository, at the offending argument and script line.
    let at = |rule: &str, file: &str, line: u64| {
        findings
            .iter()
            .any(|f| f["rule_name"] == rule && f["file"] == file && f["line"] == line)
    };
    assert!(
        at("storage-tls-below-minimum", "infra/main.tf", 27),
        "{findings:#?}"
    );
    assert!(
        at(
            "tls-verification-disabled",
            ".github/workflows/deploy.yml",
            17
        ),
        "{findings:#?}"
    );
}

#[test]
fn human_output_has_code_frame_and_summary() {
    let o = run_in(&demo(), &["scan"]);
    let (code, out, _) = parts(&o);
    assert_eq!(code, 1);
    assert!(out.contains("apps/debug-tools.yml:20:"), "{out}");
    assert!(
        out.contains("privileged: true"),
        "code frame shows the source line:\n{out}"
    );
    assert!(out.contains("pod-security"), "{out}");
    assert!(out.contains("suppressed"), "{out}");
}

#[test]
fn fail_on_and_params_change_the_verdict() {
    let (code, _, _) = scan_json(&demo(), &["--fail-on", "never"]);
    assert_eq!(code, 0);
    // The Velero schedule keeps 168h and the database 7 days: both meet 3 days, neither 30.
    let retention =
        |r: &String| r == "short-velero-backup-ttl" || r == "database-backup-retention-short";
    let (_, v, _) = scan_json(&demo(), &["--param", "backup_retention_days=3"]);
    assert!(
        !finding_rules(&v).iter().any(retention),
        "168h and 7d >= 3 days"
    );
    let (_, v, _) = scan_json(&demo(), &["--param", "backup_retention_days=30"]);
    assert_eq!(
        finding_rules(&v).iter().filter(|r| retention(r)).count(),
        2,
        "168h and 7d < 30 days"
    );
}

#[test]
fn several_formats_in_one_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sarif = dir.path().join("out/comply.sarif");
    let junit = dir.path().join("comply.xml");
    let md = dir.path().join("comply.md");
    let o = run_in(
        &demo(),
        &[
            "scan",
            "--format",
            "sarif",
            "--output",
            sarif.to_str().expect("utf8"),
            "--format",
            "junit",
            "--output",
            junit.to_str().expect("utf8"),
            "--format",
            "markdown",
            "--output",
            md.to_str().expect("utf8"),
            "--format",
            "json",
        ],
    );
    let (code, out, _) = parts(&o);
    assert_eq!(code, 1);
    let s: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&sarif).expect("sarif written"))
            .expect("sarif json");
    assert_eq!(s["version"], "2.1.0");
    assert!(s["runs"][0]["results"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
    assert!(fs::read_to_string(&junit)
        .expect("junit")
        .contains("<testsuites"));
    assert!(fs::read_to_string(&md).expect("md").contains('|'));
    let _: serde_json::Value = serde_json::from_str(&out).expect("json on stdout");
}

#[test]
fn config_errors_name_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join(".comply.yaml"),
        "params:\n  min_tls_version: \"1.2\"\n  retention: 3\n",
    )
    .expect("write");
    let (code, _, err) = parts(&run_in(dir.path(), &["scan", "."]));
    assert_eq!(code, 2);
    assert!(
        err.contains(".comply.yaml:3:") && err.contains("retention"),
        "{err}"
    );
    fs::write(
        dir.path().join(".comply.yaml"),
        "rules:\n  disable:\n    - no-such-rule\n",
    )
    .expect("write");
    let (code, _, err) = parts(&run_in(dir.path(), &["scan", "."]));
    assert_eq!(code, 2);
    assert!(
        err.contains(".comply.yaml:3:") && err.contains("no-such-rule"),
        "{err}"
    );
}

#[test]
fn disabled_rules_and_severity_overrides_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27.1\n      securityContext:\n        privileged: true\n",
    )
    .expect("write");
    let (_, v, _) = scan_json(dir.path(), &[]);
    assert!(finding_rules(&v).contains(&"privileged-container".to_string()));
    fs::write(
        dir.path().join(".comply.yaml"),
        "rules:\n  disable: [privileged-container]\n  severity: {host-path-volume: low}\n",
    )
    .expect("write");
    let (_, v, _) = scan_json(dir.path(), &[]);
    assert!(!finding_rules(&v).contains(&"privileged-container".to_string()));
}

#[test]
fn custom_policies_follow_the_same_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pol = dir.path().join("policies/team-label");
    fs::create_dir_all(&pol).expect("mkdir");
    fs::write(
        pol.join("team_label.rego"),
        "# METADATA\n# title: Workload without a team label\n# custom:\n#   id: ACME-0001\n#   severity: medium\n#   category: tagging\n#   remediation: Add metadata.labels.team.\n#   inputs: [{kind: kubernetes, resources: [Deployment]}]\npackage acme.team_label\n\ndeny contains {\"msg\": sprintf(\"Deployment %s has no team label\", [input.resource.metadata.name]), \"path\": [\"metadata\"]} if {\n\tnot input.resource.metadata.labels.team\n}\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("app.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec: {}\n",
    )
    .expect("write");
    let (_, v, _) = scan_json(
        dir.path(),
        &["--policies", "policies", "--rule", "ACME-0001"],
    );
    let f = &v["findings"][0];
    assert_eq!(f["rule_id"], "ACME-0001");
    assert_eq!(f["rule_name"], "team-label");
    assert_eq!(f["line"], 3);
    // A policy without metadata is an error naming the file and line.
    fs::write(
        pol.join("broken.rego"),
        "package acme.broken\n\ndeny contains \"x\" if { true }\n",
    )
    .expect("write");
    let (code, _, err) = parts(&run_in(
        dir.path(),
        &["scan", "--policies", "policies", "."],
    ));
    assert_eq!(code, 2);
    assert!(err.contains("broken.rego:1"), "{err}");
}

#[test]
fn policies_explain_and_test_commands() {
    let (code, out, _) = parts(&run_in(&repo(), &["policies"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("K8S-0001") && out.contains("pod-security"),
        "{out}"
    );
    let (_, out, _) = parts(&run_in(&repo(), &["policies", "--format", "json"]));
    let rules: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        rules.as_array().is_some_and(|r| r.len() >= 30),
        "a full library"
    );
    let (code, out, _) = parts(&run_in(&repo(), &["explain", "privileged-container"]));
    assert_eq!(code, 0);
    assert!(out.contains("K8S-") && out.contains("privileged"), "{out}");
    let (code, _, err) = parts(&run_in(&repo(), &["explain", "no-such-rule"]));
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = parts(&run_in(&repo(), &["test"]));
    assert_eq!(code, 0, "built-in Rego tests pass:\n{out}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
}

#[test]
fn comply_test_reports_failures_and_coverage() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("p.rego"),
        "# METADATA\n# title: t\n# custom:\n#   id: T-0001\n#   severity: low\n#   category: tagging\n#   remediation: r\n#   inputs: [{kind: kubernetes}]\npackage t.p\n\ndeny contains \"x\" if {\n\tinput.a == 1\n}\n\ndeny contains \"y\" if {\n\tinput.b == 2\n}\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("p_test.rego"),
        "package t.p_test\n\nimport data.t.p\n\ntest_fires if {\n\tp.deny == {\"x\"} with input as {\"a\": 1}\n}\n\ntest_wrong if {\n\tp.deny == {\"z\"} with input as {\"a\": 1}\n}\n",
    )
    .expect("write");
    let (code, out, _) = parts(&run_in(dir.path(), &["test", ".", "--coverage"]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL") && out.contains("test_wrong"), "{out}");
    assert!(out.contains("1 passed, 1 failed"), "{out}");
    assert!(out.contains("p.rego"), "coverage lists the policy:\n{out}");
}

const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27.1\n      securityContext:\n        privileged: true\n";

#[test]
fn gitignore_complyignore_and_exclude_are_honoured() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in [
        "kept",
        "ignored-by-git",
        "ignored-by-comply",
        "vendor/lib",
        "deep/generated",
    ] {
        fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        fs::write(dir.path().join(sub).join("pod.yaml"), PRIVILEGED_POD).expect("write");
    }
    // A manifest named like anything: classification is by content.
    fs::write(dir.path().join("kept").join("notes.yml"), PRIVILEGED_POD).expect("write");
    fs::write(dir.path().join(".gitignore"), "ignored-by-git/\n").expect("write");
    fs::write(dir.path().join(".complyignore"), "ignored-by-comply/\n").expect("write");
    fs::write(
        dir.path().join(".comply.yaml"),
        "exclude: [\"vendor/**\", \"generated\"]\n",
    )
    .expect("write");
    let (_, v, _) = scan_json(dir.path(), &["--rule", "privileged-container"]);
    let mut files: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    files.sort_unstable();
    assert_eq!(files, ["kept/notes.yml", "kept/pod.yaml"]);
}

#[test]
fn baseline_accepts_known_findings_and_fails_on_new_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.yaml"), PRIVILEGED_POD).expect("write");
    let (code, _, _) = parts(&run_in(
        dir.path(),
        &["scan", ".", "--write-baseline", "baseline.json", "--quiet"],
    ));
    assert_eq!(code, 1);
    let (code, v, _) = scan_json(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "every finding is in the baseline");
    assert!(v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .all(|f| f["suppression"]["kind"] == "baseline"));
    // Moving the object down the file keeps its fingerprint; a new object fails.
    fs::write(
        dir.path().join("a.yaml"),
        format!("# moved\n\n{PRIVILEGED_POD}"),
    )
    .expect("write");
    let (code, _, _) = scan_json(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "fingerprints survive line moves");
    fs::write(
        dir.path().join("b.yaml"),
        PRIVILEGED_POD.replace("name: p", "name: q"),
    )
    .expect("write");
    let (code, _, _) = scan_json(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 1, "a new finding fails");
}

#[test]
fn unused_and_unknown_ignores_are_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("a.yaml"),
        PRIVILEGED_POD.replace(
            "privileged: true",
            "privileged: true # comply:ignore K8S-0001 break-glass pod",
        ) + "# comply:ignore host-path-volume nothing here\n# comply:ignore no-such-rule\n",
    )
    .expect("write");
    let (_, v, _) = scan_json(dir.path(), &["--fail-on", "never"]);
    let suppressed: Vec<_> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| !f["suppression"].is_null())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["suppression"]["reason"], "break-glass pod");
    let warnings: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "unused-ignore")
        .map(|d| format!("{}:{}", d["line"], d["message"]))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("11:") && w.contains("matches no finding")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("12:") && w.contains("no known rule")),
        "{warnings:?}"
    );
}
