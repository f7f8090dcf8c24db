//! Every built-in policy's fixtures run through the real loader and the real engine:
//! `fail_*` fixtures must report exactly the lines marked `# expect`, `pass_*` fixtures nothing.

use crate::common::{parts, repo, run_in, scan_json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Policy directory (relative to the repo) → rule id, from `comply policies --format json`.
fn rule_ids() -> BTreeMap<PathBuf, String> {
    let (code, out, err) = parts(&run_in(&repo(), &["policies", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let rules: serde_json::Value = serde_json::from_str(&out).expect("json");
    rules
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| {
            let src = r["source"].as_str()?;
            Some((
                Path::new(src).parent()?.to_path_buf(),
                r["id"].as_str()?.to_string(),
            ))
        })
        .collect()
}

fn expected_lines(text: &str) -> BTreeSet<u64> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with("# expect"))
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

/// `file:line` of every `# expect` marker in a fixture directory, paths relative to `base`.
fn dir_expectations(base: &Path, dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)
            .expect("fixture dir readable")
            .filter_map(Result::ok)
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p
                    .strip_prefix(base)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.extend(
                    expected_lines(&text)
                        .into_iter()
                        .map(|l| format!("{rel}:{l}")),
                );
            }
        }
    }
    out
}

#[test]
fn every_policy_fixture_reports_the_marked_lines() {
    let ids = rule_ids();
    assert!(ids.len() >= 30, "the built-in library is loaded: {ids:?}");
    let mut checked = 0;
    let mut failures = Vec::new();
    for (dir, id) in &ids {
        let fixtures = repo().join(dir).join("fixtures");
        let mut entries: Vec<_> = std::fs::read_dir(&fixtures)
            .unwrap_or_else(|e| panic!("{} has no fixtures/: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("fail_") || n.starts_with("pass_")
                })
            })
            .collect();
        entries.sort();
        let has = |p: &str| {
            entries.iter().any(|e| {
                e.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(p))
            })
        };
        assert!(
            has("fail_") && has("pass_"),
            "{} needs a fail_ and a pass_ fixture",
            dir.display()
        );
        for fx in entries {
            let name = fx
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // A fixture is a file, or a directory (a Terraform module set, a chart) whose files
            // carry the `# expect` markers; findings are then compared as `file:line`.
            let is_dir = fx.is_dir();
            let want: BTreeSet<String> = if is_dir {
                dir_expectations(&fixtures, &fx)
            } else {
                let text = std::fs::read_to_string(&fx).expect("fixture readable");
                expected_lines(&text)
                    .into_iter()
                    .map(|l| l.to_string())
                    .collect()
            };
            // A fixture directory may carry the params its rule needs (e.g. allowed_registries).
            let mut extra = vec![name.as_str(), "--rule", id.as_str(), "--fail-on", "never"];
            if fixtures.join(".comply.yaml").is_file() {
                extra.extend(["--config", ".comply.yaml"]);
            }
            let (code, v, err) = scan_json(&fixtures, &extra);
            if code != 0 {
                failures.push(format!(
                    "{}: exit {code}: {err} {}",
                    fx.display(),
                    v["diagnostics"]
                ));
                continue;
            }
            let got: BTreeSet<String> = v["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| f["rule_id"] == id.as_str())
                .filter_map(|f| {
                    let line = f["line"].as_u64()?;
                    Some(if is_dir {
                        format!("{}:{line}", f["file"].as_str()?)
                    } else {
                        line.to_string()
                    })
                })
                .collect();
            if name.starts_with("fail_") {
                if want.is_empty() {
                    failures.push(format!(
                        "{}: a fail fixture must mark its lines with `# expect`",
                        fx.display()
                    ));
                } else if got != want {
                    failures.push(format!(
                        "{}: {id} reported lines {got:?}, expected {want:?}",
                        fx.display()
                    ));
                }
            } else if name.starts_with("pass_") && !got.is_empty() {
                failures.push(format!(
                    "{}: {id} must not fire, reported lines {got:?}",
                    fx.display()
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} fixtures wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_policy_has_a_rego_test() {
    for dir in rule_ids().keys() {
        let has_test = std::fs::read_dir(repo().join(dir))
            .expect("policy dir")
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().ends_with("_test.rego"));
        assert!(has_test, "{} has no _test.rego", dir.display());
    }
}
