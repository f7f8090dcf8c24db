//! Baselines: record today's findings so that only new ones fail tomorrow's scans. A baseline
//! is a JSON file of fingerprints (rule, file, resource and path: stable across line moves).

use anyhow::{Context, Result};
use comply_model::{Finding, Suppression};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    fingerprints: BTreeSet<String>,
}

/// Marks findings whose fingerprint is in the baseline as suppressed.
pub(crate) fn apply(path: &Path, findings: &mut [Finding]) -> Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read baseline {}", path.display()))?;
    let b: BaselineFile = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a comply baseline file", path.display()))?;
    for f in findings.iter_mut().filter(|f| f.suppression.is_none()) {
        if b.fingerprints.contains(&f.fingerprint) {
            f.suppression = Some(Suppression {
                kind: "baseline".into(),
                reason: None,
                location: None,
            });
        }
    }
    Ok(())
}

/// Writes the fingerprints of all unsuppressed findings.
pub(crate) fn write(path: &Path, findings: &[Finding]) -> Result<()> {
    let b = BaselineFile {
        version: 1,
        fingerprints: findings
            .iter()
            .filter(|f| f.suppression.is_none())
            .map(|f| f.fingerprint.clone())
            .collect(),
    };
    let text = serde_json::to_string_pretty(&b)?;
    std::fs::write(path, text + "\n")
        .with_context(|| format!("cannot write baseline {}", path.display()))
}
