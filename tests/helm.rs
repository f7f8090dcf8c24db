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
        let Ok(files) = std::fs::read_dir(g.path()) else { continue };
        for f in files.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".yaml") else { continue };
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
    let (w, g) = (canonical(&want)?, canonical(&got).map_err(|e| format!("output: {e}"))?);
    if w == g {
        return Ok(());
    }
    let only_got = g.iter().filter(|d| !w.contains(d)).count();
    let only_want = w.iter().filter(|d| !g.contains(d)).count();
    let sample = g.iter().find(|d| !w.contains(d)).map(|d| d.chars().take(300).collect::<String>());
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
        eprintln!("SKIPPED: no goldens under {}", corpus.join("rendered").display());
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
    assert!(differing.is_empty(), "{same}/{} charts identical:\n{}", cases.len(), differing.join("\n"));
}

#[test]
fn fixture_charts_render_like_helm() {
    let root = repo().join("fixtures").join("helm");
    let goldens = root.join("goldens");
    let mut cases = Vec::new();
    for e in std::fs::read_dir(root.join("charts")).expect("fixtures/helm/charts").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let golden = goldens.join(format!("{name}.yaml"));
        assert!(golden.is_file(), "{name}: no golden; run scripts/regen-helm-goldens.sh");
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
            Err(format!("comply-only documents: {diff:#?}\nhelm-only documents: {missing:#?}"))
        }
    });
    let failures: Vec<String> = cases
        .iter()
        .zip(results)
        .filter_map(|((g, _), r)| r.err().map(|e| format!("{}: {e}", g.display())))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
