//! Native Helm rendering (`comply template`) against the real helm.
//!
//! - Parity: every chart of ../shared/corpus that helm rendered (goldens in
//!   ../shared/corpus/rendered) must give the same documents, compared as parsed YAML after
//!   masking the values helm itself randomises (Secret data, certificates, `checksum/*`).
//!   The test prints "N/M charts identical" and the charts that differ.
//! - Differential: the small charts under fixtures/helm/charts exercise each supported function
//!   and construct; their goldens (fixtures/helm/goldens) were produced by the real helm with
//!   scripts/regen-helm-goldens.sh.

use std::path::{Path, PathBuf};

use crate::common::{comply, parts, repo, shared};

fn parse_docs(text: &str) -> Result<Vec<serde_json::Value>, String> {
    let opts = comply_yaml::Options::default();
    let mut out = Vec::new();
    for d in comply_yaml::parse_stream(text, &opts) {
        let d = d.map_err(|e| e.to_string())?;
        if !d.value.is_null() {
            out.push(d.value);
        }
    }
    Ok(out)
}

const MASKED_KEYS: [&str; 4] = ["tls.crt", "tls.key", "ca.crt", "ca.key"];

/// Masks what helm renders differently on every run (corpus README, "Oracle caveat").
fn mask(v: &mut serde_json::Value) {
    use serde_json::Value as J;
    match v {
        J::Object(m) => {
            if m.get("kind").and_then(J::as_str) == Some("Secret") {
                for k in ["data", "stringData"] {
                    if let Some(J::Object(d)) = m.get_mut(k) {
                        for x in d.values_mut() {
                            *x = J::String("MASKED".into());
                        }
                    }
                }
            }
            for (k, x) in m.iter_mut() {
                if k.starts_with("checksum/") || MASKED_KEYS.contains(&k.as_str()) {
                    *x = J::String("MASKED".into());
                } else {
                    mask(x);
                }
            }
        }
        J::Array(a) => a.iter_mut().for_each(mask),
        _ => {}
    }
}

fn canonical(text: &str) -> Result<Vec<String>, String> {
    let mut docs = parse_docs(text)?;
    docs.iter_mut().for_each(mask);
    let mut out: Vec<String> = docs.iter().map(ToString::to_string).collect();
    out.sort();
    Ok(out)
}

/// (golden, chart dir, extra values file) for every rendered corpus chart.
fn corpus_cases(corpus: &Path) -> Vec<(PathBuf, PathBuf, Option<PathBuf>)> {
    let mut out = Vec::new();
    let Ok(groups) = std::fs::read_dir(corpus.join("rendered")) else {
        return out;
    };
    for g in groups.flatten().filter(|g| g.path().is_dir()) {
        let group = g.file_name().to_string_lossy().into_owned();
        let Ok(files) = std::fs::read_dir(g.path()) else {
            continue;
        };
        for f in files.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".yaml") else {
                continue;
            };
            let (stem, ci) = match stem.strip_suffix(".ci-values") {
                Some(s) => (s, true),
                None => (stem, false),
            };
            let chart = corpus.join(&group).join(stem.replace("__", "/"));
            let extra = ci.then(|| chart.join("ci").join("config-values.yaml"));
            out.push((f.path(), chart, extra));
        }
    }
    out.sort();
    out
}

fn render(chart: &Path, values: &[PathBuf]) -> Result<String, String> {
    let name = chart
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cmd = comply();
    cmd.arg("template").arg(chart).arg("--name").arg(&name);
    for v in values {
        cmd.arg("-f").arg(v);
    }
    let o = cmd.output().map_err(|e| e.to_string())?;
    let (code, out, err) = parts(&o);
    assert!(!err.contains("panicked"), "{}: {err}", chart.display());
    if code == 0 {
        Ok(out)
    } else {
        Err(format!("exit {code}: {}", err.trim()))
    }
}

fn compare(golden: &Path, chart: &Path, values: &[PathBuf]) -> Result<(), String> {
    let want = std::fs::read_to_string(golden).map_err(|e| e.to_string())?;
    let got = render(chart, values)?;
    let (w, g) = (
        canonical(&want)?,
        canonical(&got).map_err(|e| format!("output: {e}"))?,
    );
    if w == g {
        return Ok(());
    }
    let only_got = g.iter().filter(|d| !w.contains(d)).count();
    let only_want = w.iter().filter(|d| !g.contains(d)).count();
    let sample = g
        .iter()
        .find(|d| !w.contains(d))
        .map(|d| d.chars().take(300).collect::<String>());
    Err(format!(
        "{} documents vs helm's {}; {only_got} only in comply, {only_want} only in helm; e.g. {sample:?}",
        g.len(),
        w.len()
    ))
}

/// Runs `f` over `items` on two threads (the CI machine has two cores).
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().expect("lock").push((i, r));
            });
        }
    });
    let mut r = results.into_inner().expect("lock");
    r.sort_by_key(|(i, _)| *i);
    r.into_iter().map(|(_, x)| x).collect()
}

#[test]
fn corpus_charts_render_like_helm() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let cases = corpus_cases(&corpus);
    if cases.is_empty() {
        eprintln!(
            "SKIPPED: no goldens under {}",
            corpus.join("rendered").display()
        );
        return;
    }
    let results = parallel(&cases, |(golden, chart, extra)| {
        let values: Vec<PathBuf> = extra.iter().cloned().collect();
        compare(golden, chart, &values)
    });
    let mut differing = Vec::new();
    for ((golden, _, _), r) in cases.iter().zip(&results) {
        if let Err(e) = r {
            differing.push(format!("  {}: {e}", golden.display()));
        }
    }
    let same = cases.len() - differing.len();
    eprintln!("helm parity: {same}/{} charts identical", cases.len());
    for d in &differing {
        eprintln!("{d}");
    }
    assert!(
        differing.is_empty(),
        "{same}/{} charts identical:\n{}",
        cases.len(),
        differing.join("\n")
    );
}

#[test]
fn fixture_charts_render_like_helm() {
    let root = repo().join("fixtures").join("helm");
    let goldens = root.join("goldens");
    let mut cases = Vec::new();
    for e in std::fs::read_dir(root.join("charts"))
        .expect("fixtures/helm/charts")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        let golden = goldens.join(format!("{name}.yaml"));
        assert!(
            golden.is_file(),
            "{name}: no golden; run scripts/regen-helm-goldens.sh"
        );
        cases.push((golden, e.path()));
    }
    cases.sort();
    assert!(cases.len() >= 3, "fixture charts present");
    let results = parallel(&cases, |(golden, chart)| {
        // Fixture goldens are made with the fixed release name of the regen script.
        let want = std::fs::read_to_string(golden).map_err(|e| e.to_string())?;
        let o = comply()
            .args(["template", "--name", "fixture", "--namespace", "ns1"])
            .arg(chart)
            .output()
            .map_err(|e| e.to_string())?;
        let (code, out, err) = parts(&o);
        if code != 0 {
            return Err(format!("exit {code}: {err}"));
        }
        let (w, g) = (canonical(&want)?, canonical(&out)?);
        if w == g {
            Ok(())
        } else {
            let diff: Vec<&String> = g.iter().filter(|d| !w.contains(d)).collect();
            let missing: Vec<&String> = w.iter().filter(|d| !g.contains(d)).collect();
            Err(format!(
                "comply-only documents: {diff:#?}\nhelm-only documents: {missing:#?}"
            ))
        }
    });
    let failures: Vec<String> = cases
        .iter()
        .zip(results)
        .filter_map(|((g, _), r)| r.err().map(|e| format!("{}: {e}", g.display())))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn scan_findings(paths: &[&str], format: &str) -> (i32, String, String) {
    let mut cmd = comply();
    cmd.current_dir(repo())
        .arg("scan")
        .args(paths)
        .args(["--format", format]);
    let o = cmd.output().expect("comply runs");
    parts(&o)
}

#[test]
fn findings_point_at_template_and_values_lines() {
    let (code, out, err) = scan_findings(&["fixtures/helm/scan"], "json");
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    // privileged comes from _helpers.tpl line 2 (through include), only in prod, where
    // values-prod.yaml line 1 sets it.
    let privileged: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule_name"] == "privileged-container")
        .collect();
    assert_eq!(privileged.len(), 1, "{privileged:#?}");
    let p = privileged[0];
    assert_eq!(p["file"], "fixtures/helm/scan/web/templates/_helpers.tpl");
    assert_eq!(p["line"], 2);
    assert_eq!(p["environments"], serde_json::json!(["prod"]));
    assert_eq!(
        p["related"][0]["file"],
        "fixtures/helm/scan/web/values-prod.yaml"
    );
    assert_eq!(p["related"][0]["line"], 1);
    // hostPID is written in the template itself and holds in every render: reported once.
    let host_pid: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with("hostPID")))
        .collect();
    assert_eq!(host_pid.len(), 1, "{host_pid:#?}");
    assert_eq!(
        host_pid[0]["file"],
        "fixtures/helm/scan/web/templates/deployment.yaml"
    );
    assert_eq!(host_pid[0]["line"], 13);
    assert_eq!(
        host_pid[0]["environments"],
        serde_json::json!(["default", "prod"])
    );
    // The image line: the finding is on the template line that printed .Values.image.
    assert!(findings.iter().all(|f| f["file"]
        .as_str()
        .is_some_and(|s| s.contains("/templates/"))));
}

#[test]
fn sarif_related_location_is_the_values_line() {
    let (code, out, err) = scan_findings(&["fixtures/helm/scan"], "sarif");
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("sarif json");
    let results = v["runs"][0]["results"].as_array().expect("results");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "K8S-0001")
        .expect("privileged finding");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "fixtures/helm/scan/web/templates/_helpers.tpl"
    );
    assert_eq!(loc["region"]["startLine"], 2);
    let rel = &r["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        rel["artifactLocation"]["uri"],
        "fixtures/helm/scan/web/values-prod.yaml"
    );
    assert_eq!(rel["region"]["startLine"], 1);
}

#[test]
fn broken_charts_are_reported_and_do_not_stop_the_scan() {
    let (code, out, err) = scan_findings(&["fixtures/helm/bad", "fixtures/helm/scan"], "json");
    assert_eq!(code, 2, "operational errors exit 2: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let find = |file: &str| {
        diags
            .iter()
            .find(|d| d["file"] == file)
            .unwrap_or_else(|| panic!("diagnostic for {file}: {diags:#?}"))
    };
    // Syntax error: chart, template and line.
    let d = find("fixtures/helm/bad/broken/templates/cm.yaml");
    assert_eq!(d["line"], 7);
    assert!(
        d["message"].as_str().is_some_and(
            |m| m.contains("fixtures/helm/bad/broken") && m.contains("missing {{end}}")
        ),
        "{d}"
    );
    // required inside a helper: the helper's line.
    let d = find("fixtures/helm/bad/needs-value/templates/_helpers.tpl");
    assert_eq!(d["line"], 2);
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("ingress.host is required")),
        "{d}"
    );
    // Unbounded include recursion is cut off with an error, not a crash.
    let d = find("fixtures/helm/bad/recursive/templates/loop.yaml");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("nested deeper than")),
        "{d}"
    );
    // The good chart was still scanned.
    assert!(v["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x["rule_name"] == "privileged-container")));
}

#[test]
fn template_command_reports_errors_with_template_and_line() {
    let o = comply()
        .current_dir(repo())
        .args(["template", "fixtures/helm/bad/needs-value"])
        .output()
        .expect("runs");
    let (code, out, err) = parts(&o);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("needs-value/templates/_helpers.tpl:2:5")
            && err.contains("ingress.host is required"),
        "{err}"
    );
    // --set fills the value; -f, --namespace and --name are honoured.
    let o = comply()
        .current_dir(repo())
        .args([
            "template",
            "fixtures/helm/bad/needs-value",
            "--set",
            "ingress.host=example.com",
            "--name",
            "rel",
            "-n",
            "ns",
        ])
        .output()
        .expect("runs");
    let (code, out, err) = parts(&o);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("---\n# Source: needs-value/templates/ingress.yaml\n"),
        "{out}"
    );
    assert!(out.contains("- host: example.com"), "{out}");
}

#[test]
fn include_crds_prints_crd_files_first() {
    let o = comply()
        .current_dir(repo())
        .args([
            "template",
            "fixtures/helm/charts/umbrella",
            "--include-crds",
        ])
        .output()
        .expect("runs");
    let (code, out, err) = parts(&o);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("---\n# Source: umbrella/crds/widget.yaml\n"),
        "{out}"
    );
}
