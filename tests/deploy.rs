//! Dogfood: comply's own deployment (`deploy/manifests` and the Helm chart rendered by the real
//! helm into `tests/golden/deploy-chart.yaml` by `scripts/render-deploy-chart.sh`) passes comply's
//! policies with no finding. The golden records a hash of the chart's files, so a chart edit
//! without a re-render fails here instead of going unchecked.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;

use crate::common::{repo, scan_json};

/// SHA-256 over `<path>\0<contents>\0` of every file under `dir`, sorted by path (the same
/// definition as the render script).
fn chart_hash(dir: &Path) -> String {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read chart dir")
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("under base");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    let mut h = Sha256::new();
    for rel in files {
        h.update(rel.as_bytes());
        h.update([0]);
        h.update(std::fs::read(dir.join(&rel)).expect("chart file"));
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Asserts a JSON scan report has no unsuppressed finding and no error; returns the suppressed
/// rule names.
fn assert_clean(report: &Value, code: i32, what: &str) -> Vec<String> {
    assert_eq!(code, 0, "{what}: {report}");
    let findings = report["findings"].as_array().expect("findings");
    let active: Vec<&Value> = findings
        .iter()
        .filter(|f| f["suppression"].is_null())
        .collect();
    assert!(active.is_empty(), "{what}: comply finds {active:#?}");
    assert_eq!(
        report["summary"]["errors"], 0,
        "{what}: {}",
        report["diagnostics"]
    );
    findings
        .iter()
        .filter_map(|f| f["rule_name"].as_str().map(String::from))
        .collect()
}

#[test]
fn deploy_manifests_pass_comply() {
    let (code, report, _) = scan_json(&repo(), &["deploy/manifests", "--no-progress"]);
    let suppressed = assert_clean(&report, code, "deploy/manifests");
    // Only the tag-without-digest, with its reason inline; everything else holds outright.
    assert_eq!(suppressed, vec!["image-without-digest"]);
    let kinds: Vec<&str> = report["rules"].as_array().map_or(Vec::new(), |r| {
        r.iter().filter_map(|r| r["id"].as_str()).collect()
    });
    assert!(!kinds.is_empty(), "no rules were evaluated");
    assert!(
        report["summary"]["documents"].as_u64() >= Some(13),
        "{}",
        report["summary"]
    );
}

#[test]
fn rendered_chart_is_fresh_and_passes_comply() {
    let golden = repo().join("tests/golden/deploy-chart.yaml");
    let text = std::fs::read_to_string(&golden).expect("golden render");
    let recorded = text
        .lines()
        .find_map(|l| l.strip_prefix("# chart-sha256: "))
        .expect("chart-sha256 header");
    assert_eq!(
        recorded,
        chart_hash(&repo().join("deploy/chart/comply")),
        "tests/golden/deploy-chart.yaml is stale: run scripts/render-deploy-chart.sh"
    );
    for kind in [
        "kind: Deployment",
        "kind: Service",
        "kind: PodDisruptionBudget",
        "kind: HorizontalPodAutoscaler",
        "kind: ValidatingWebhookConfiguration",
        "kind: Issuer",
        "kind: Certificate",
        "failurePolicy: Fail",
        "sideEffects: None",
        "admissionReviewVersions: [v1]",
        "cert-manager.io/inject-ca-from: comply-system/comply-webhook",
    ] {
        assert!(text.contains(kind), "rendered chart lacks `{kind}`");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(&golden, dir.path().join("deploy-chart.yaml")).expect("copy golden");
    let (code, report, _) = scan_json(dir.path(), &[".", "--no-progress"]);
    let suppressed = assert_clean(&report, code, "rendered chart");
    assert_eq!(suppressed, vec!["image-without-digest"]);
    assert!(
        report["summary"]["documents"].as_u64() >= Some(12),
        "{}",
        report["summary"]
    );
}
