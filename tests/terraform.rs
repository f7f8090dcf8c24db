//! Terraform end to end: small modules under fixtures/terraform/ (variables from tfvars, locals,
//! a local module call, count, for_each, dynamic blocks, provider default_tags) scanned by the
//! real binary, asserting findings, their files and lines, and related locations.

use crate::common::{repo, scan_json};
use serde_json::Value;

/// (rule id, file, line, resource) of every unsuppressed finding.
fn findings(v: &Value) -> Vec<(String, String, u64, String)> {
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["suppression"].is_null())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["resource"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn has(
    all: &[(String, String, u64, String)],
    rule: &str,
    file: &str,
    line: u64,
    res: &str,
) -> bool {
    all.iter()
        .any(|(r, f, l, x)| r == rule && f == file && *l == line && x == res)
}

fn finding<'a>(v: &'a Value, rule: &str, resource: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == rule && f["resource"] == resource)
        .unwrap_or_else(|| panic!("no {rule} finding on {resource}"))
}

#[test]
fn module_set_findings_and_lines() {
    let dir = repo().join("fixtures/terraform/modules");
    let (code, v, err) = scan_json(
        &dir,
        &[
            ".",
            "--fail-on",
            "never",
            "--param",
            "required_tags=Owner,Team",
        ],
    );
    assert_eq!(code, 0, "{err} {}", v["diagnostics"]);
    let all = findings(&v);
    let root = "envs/prod/main.tf";
    let child = "modules/db/main.tf";
    // count: only the instance whose argument evaluates to false.
    assert!(
        has(&all, "TF-0108", root, 31, "aws_kms_key.keys[1]"),
        "{all:#?}"
    );
    assert!(!all
        .iter()
        .any(|f| f.3 == "aws_kms_key.keys[0]" && f.0 == "TF-0108"));
    // for_each + a conditional on each.value: the "logs" instance only.
    assert!(
        has(
            &all,
            "TF-0127",
            root,
            44,
            r#"aws_s3_bucket_versioning.b["logs"]"#
        ),
        "{all:#?}"
    );
    assert!(!all
        .iter()
        .any(|f| f.3 == r#"aws_s3_bucket_versioning.b["web"]"# && f.0 == "TF-0127"));
    // dynamic block: port 22 open to the world, at the content's line.
    assert!(
        all.iter().any(|f| f.0 == "TF-0119"
            && f.1 == root
            && (52..=58).contains(&f.2)
            && f.3 == "aws_security_group.web"),
        "{all:#?}"
    );
    // A value from the module call (tfvars → var.encrypt_db → storage_encrypted): the caller's
    // argument, with the child's line as related location.
    assert!(
        has(&all, "TF-0101", root, 25, "module.db.aws_db_instance.this"),
        "{all:#?}"
    );
    let enc = finding(&v, "TF-0101", "module.db.aws_db_instance.this");
    assert_eq!(enc["related"][0]["file"], child);
    assert_eq!(enc["related"][0]["line"], 13);
    // A value written in the child: the child's line, with the module call as related location;
    // suppressed there by an inline `# comply:ignore` in the .tf file.
    let ret = finding(&v, "TF-0104", "module.db.aws_db_instance.this");
    assert_eq!(
        (ret["file"].as_str(), ret["line"].as_u64()),
        (Some(child), Some(14))
    );
    assert_eq!(ret["related"][0]["file"], root);
    assert_eq!(ret["related"][0]["line"], 22);
    assert_eq!(ret["suppression"]["kind"], "inline");
    // default_tags supply Owner: resources with Team pass, the others miss Team only.
    let tags: Vec<&Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "TF-0201")
        .collect();
    assert!(
        tags.iter()
            .all(|f| !f["message"].as_str().unwrap_or("").contains("Owner")),
        "{tags:#?}"
    );
    assert!(
        !tags.iter().any(|f| f["resource"]
            .as_str()
            .is_some_and(|r| r.starts_with("aws_s3_bucket.b["))),
        "{tags:#?}"
    );
    assert!(tags
        .iter()
        .any(|f| f["resource"] == "module.db.aws_db_instance.this" && f["file"] == child));
    // The child directory is not evaluated alone on its defaults (it would report nothing new,
    // but its resources would appear twice).
    assert!(
        !all.iter().any(|f| f.3 == "aws_db_instance.this"),
        "{all:#?}"
    );
}

#[test]
fn var_and_var_file_override_tfvars() {
    let dir = repo().join("fixtures/terraform/modules");
    let (_, v, err) = scan_json(
        &dir,
        &[
            "envs/prod",
            "--fail-on",
            "never",
            "--rule",
            "TF-0101",
            "--var",
            "encrypt_db=true",
        ],
    );
    assert!(findings(&v).is_empty(), "{err} {:#?}", findings(&v));
    let tmp = tempfile::tempdir().expect("tmp");
    let vf = tmp.path().join("override.tfvars");
    std::fs::write(&vf, "encrypt_db = true\n").expect("write");
    let vf = vf.to_string_lossy().into_owned();
    let (_, v, _) = scan_json(
        &dir,
        &[
            "envs/prod",
            "--fail-on",
            "never",
            "--rule",
            "TF-0101",
            "--var-file",
            &vf,
        ],
    );
    assert!(findings(&v).is_empty());
    let (_, v, _) = scan_json(
        &dir,
        &["envs/prod", "--fail-on", "never", "--rule", "TF-0101"],
    );
    assert_eq!(findings(&v).len(), 1);
}

#[test]
fn bad_terraform_is_reported_and_the_rest_scanned() {
    let dir = repo().join("fixtures/terraform/bad");
    let (code, v, _) = scan_json(&dir, &[".", "--fail-on", "never", "--rule", "TF-0108"]);
    assert_eq!(code, 2, "a syntax error and a cycle are operational errors");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let has_diag = |code: &str, file: &str, line: u64| {
        diags
            .iter()
            .any(|d| d["code"] == code && d["file"] == file && d["line"] == line)
    };
    assert!(has_diag("parse-error", "broken/main.tf", 2), "{diags:#?}");
    assert!(
        has_diag("terraform-cycle", "cyclic/main.tf", 2)
            || has_diag("terraform-cycle", "cyclic/main.tf", 3),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "terraform-unknown-function" && d["level"] == "warning"),
        "{diags:#?}"
    );
    // The good module is still scanned; the unknown function's value is unknown: no finding.
    let all = findings(&v);
    assert!(
        has(&all, "TF-0108", "good/main.tf", 2, "aws_kms_key.k"),
        "{all:#?}"
    );
    assert!(!all.iter().any(|f| f.1 == "cyclic/main.tf"), "{all:#?}");
}

#[test]
fn every_corpus_function_is_implemented() {
    let Some(corpus) = crate::common::shared("corpus") else {
        return;
    };
    let out = std::process::Command::new("python3")
        .arg(repo().join("bench/tf_functions.py"))
        .arg("--corpus")
        .arg(&corpus)
        .output();
    let Ok(out) = out else {
        eprintln!("SKIPPED: python3 not available");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("every Terraform function used in the corpus is implemented"),
        "{text}"
    );
}

/// A scan root outside the working directory: every Terraform file (findings and parse errors,
/// in any module directory) is named relative to the scan root, as other files are.
#[test]
fn files_outside_the_working_directory_are_named_from_the_scan_root() {
    let tmp = tempfile::tempdir().expect("tmp");
    for dir in ["a", "b", "c"] {
        std::fs::create_dir_all(tmp.path().join(dir)).expect("mkdir");
    }
    let key = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    std::fs::write(tmp.path().join("a/main.tf"), key).expect("write");
    std::fs::write(tmp.path().join("b/main.tf"), key).expect("write");
    std::fs::write(tmp.path().join("c/main.tf"), "resource \"x\" \"y\" {\n").expect("write");
    let root = tmp.path().to_string_lossy().into_owned();
    let (code, v, _) = scan_json(&repo(), &[&root, "--fail-on", "never", "--rule", "TF-0108"]);
    assert_eq!(code, 2, "the broken file is an operational error");
    let all = findings(&v);
    assert!(
        has(&all, "TF-0108", "a/main.tf", 2, "aws_kms_key.k"),
        "{all:#?}"
    );
    assert!(
        has(&all, "TF-0108", "b/main.tf", 2, "aws_kms_key.k"),
        "{all:#?}"
    );
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "parse-error" && d["file"] == "c/main.tf"),
        "{diags:#?}"
    );
}
