//! JSON paths as policies report them: arrays of keys and indices.

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PathSeg {
    /// An index into a sequence.
    Index(usize),
    /// A key of a mapping.
    Key(String),
}

impl PathSeg {
    /// Converts a JSON value from a policy's `path` array; `None` for anything but a string or
    /// a non-negative integer.
    #[must_use]
    pub fn from_json(v: &serde_json::Value) -> Option<Self> {
        match v {
            serde_json::Value::String(s) => Some(Self::Key(s.clone())),
            serde_json::Value::Number(n) => n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                        .map(|f| f as u64)
                })
                .and_then(|u| usize::try_from(u).ok())
                .map(Self::Index),
            _ => None,
        }
    }
}

/// Formats a path the way people write it: `spec.containers[0].securityContext`.
/// Keys that are not plain identifiers are quoted: `metadata.labels["app.kubernetes.io/name"]`.
#[must_use]
pub fn format_path(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            PathSeg::Key(k) => {
                let plain = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    && !k.starts_with(|c: char| c.is_ascii_digit());
                if plain {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                } else {
                    let _ = write!(out, "[{}]", serde_json::Value::String(k.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_paths() {
        let p = vec![
            PathSeg::Key("spec".into()),
            PathSeg::Key("containers".into()),
            PathSeg::Index(0),
            PathSeg::Key("app.kubernetes.io/name".into()),
        ];
        assert_eq!(
            format_path(&p),
            "spec.containers[0][\"app.kubernetes.io/name\"]"
        );
        assert_eq!(
            PathSeg::from_json(&serde_json::json!(2)),
            Some(PathSeg::Index(2))
        );
        assert_eq!(PathSeg::from_json(&serde_json::json!(null)), None);
    }
}
