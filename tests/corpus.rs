//! Real public manifests from `../shared/corpus`: comply's SARIF for them passes the Microsoft
//! SARIF validator (with GitHub's ingestion rules), and nothing in them makes comply panic.

use crate::common::{parts, run_in, shared};

fn scan_to_sarif(corpus: &str) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    let dir = shared(&format!("corpus/{corpus}"))?;
    let out = tempfile::tempdir().expect("tempdir");
    let sarif = out.path().join(format!("{corpus}.sarif"));
    let o = run_in(
        &dir,
        &[
            "scan",
            ".",
            "--format",
            "sarif",
            "--output",
            sarif.to_str().expect("utf8"),
            "--quiet",
        ],
    );
    let (code, _, err) = parts(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert!((0..=2).contains(&code), "exit code {code}: {err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif")).expect("json");
    assert!(
        v["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty()),
        "{corpus}: real manifests produce findings"
    );
    Some((out, sarif))
}

#[test]
fn corpus_sarif_passes_the_validator() {
    let Some(validator) = shared("tools/sarif-validate.sh") else {
        return;
    };
    let mut files = Vec::new();
    let mut keep = Vec::new();
    for corpus in ["k8s-examples", "rendered", "kubernetes-goat"] {
        if let Some((dir, f)) = scan_to_sarif(corpus) {
            files.push(f);
            keep.push(dir);
        }
    }
    if files.is_empty() {
        return;
    }
    let o = std::process::Command::new("bash")
        .arg(&validator)
        .args(&files)
        .output()
        .expect("validator runs");
    let (code, out, err) = parts(&o);
    assert_eq!(code, 0, "SARIF validation failed:\n{out}\n{err}");
    assert!(out.contains("0 errors"), "{out}");
}
