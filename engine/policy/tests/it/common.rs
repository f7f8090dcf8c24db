//! Helpers: the real `policies/lib` files, fixtures, and METADATA text builders.

use std::path::{Path, PathBuf};

use comply_policy::PolicySource;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The libraries shipped in `policies/lib` (not their tests).
pub(crate) fn libs() -> Vec<PolicySource> {
    let dir = root().join("../../policies/lib");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".rego") && !name.ends_with("_test.rego") {
            out.push(PolicySource::new(
                format!("policies/lib/{name}"),
                std::fs::read_to_string(&p).unwrap(),
                true,
            ));
        }
    }
    assert!(
        out.len() >= 3,
        "policies/lib not found at {}",
        dir.display()
    );
    out
}

/// Every `.rego` under `tests/fixtures/<dir>`, with display paths relative to `fixtures/`.
pub(crate) fn fixtures(dir: &str) -> Vec<PolicySource> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<PolicySource>) {
        let mut entries: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else if p.extension().is_some_and(|e| e == "rego") {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(PolicySource::new(
                    format!("fixtures/{rel}"),
                    std::fs::read_to_string(&p).unwrap(),
                    false,
                ));
            }
        }
    }
    let base = root().join("tests/fixtures");
    let mut out = Vec::new();
    walk(&base, &base.join(dir), &mut out);
    out
}

/// A policy with a METADATA block made of `custom` lines (each already indented by two spaces
/// in the YAML) and a body.
pub(crate) fn policy(package: &str, custom: &str, body: &str) -> String {
    let mut s = String::from("# METADATA\n# title: A test policy\n# custom:\n");
    for l in custom.lines() {
        s.push_str("#   ");
        s.push_str(l);
        s.push('\n');
    }
    s.push_str(&format!("package {package}\n\n{body}\n"));
    s
}

/// Valid `custom` lines with the given id.
pub(crate) fn custom(id: &str) -> String {
    format!(
        "id: {id}\nseverity: high\ncategory: pod-security\nremediation: Fix it.\ninputs: [{{kind: kubernetes}}]"
    )
}

pub(crate) fn src(path: &str, text: &str) -> PolicySource {
    PolicySource::new(path, text, false)
}
