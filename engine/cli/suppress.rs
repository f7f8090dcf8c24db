//! Inline suppressions: `# comply:ignore <ID or name>[,<ID or name>...] [reason]`, written on the
//! offending line, on the line above it, or on the resource's first line (or the line above
//! that). Suppressed findings stay in the report, marked; an ignore that matches nothing is
//! warned about so stale ignores do not pile up.

use comply_model::{Diagnostic, Finding, Location, Span, Suppression};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One `comply:ignore` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ignore {
    pub(crate) line: u32,
    pub(crate) col: u32,
    /// Rule ids or names, as written.
    pub(crate) targets: Vec<String>,
    pub(crate) reason: Option<String>,
}

const MARKER: &str = "comply:ignore";

/// Finds every ignore comment in a file's text. Only comments count (`#` or `//` before the marker).
pub(crate) fn scan_ignores(text: &str) -> Vec<Ignore> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(pos) = line.find(MARKER) else {
            continue;
        };
        let before = line[..pos].trim_end();
        if !(before.ends_with('#') || before.ends_with("//")) {
            continue;
        }
        let rest = line[pos + MARKER.len()..].trim();
        let mut parts = rest.splitn(2, char::is_whitespace);
        let targets: Vec<String> = parts
            .next()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if targets.is_empty() {
            continue;
        }
        let reason = parts
            .next()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        // The column of the comment marker (`#` or `//`), where the ignore visibly starts.
        let marker_len = if before.ends_with("//") { 2 } else { 1 };
        let col = u32::try_from(before.chars().count() + 1 - marker_len).unwrap_or(1);
        out.push(Ignore {
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            col,
            targets,
            reason,
        });
    }
    out
}

/// Applies ignores to findings and returns warnings for unused or unknown ignores.
///
/// `ignores` is keyed by file; `starts` gives, per finding, the first line of its resource.
pub(crate) fn apply(
    findings: &mut [Finding],
    starts: &[u32],
    ignores: &BTreeMap<Arc<str>, Vec<Ignore>>,
    is_known_rule: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut used: BTreeSet<(Arc<str>, u32, usize)> = BTreeSet::new();
    for (f, start) in findings.iter_mut().zip(starts) {
        let Some(list) = ignores.get(&f.location.file) else {
            continue;
        };
        let line = f.location.span.start.line;
        let candidates = [
            line,
            line.saturating_sub(1),
            *start,
            start.saturating_sub(1),
        ];
        'search: for ig in list {
            if ig.line == 0 || !candidates.contains(&ig.line) {
                continue;
            }
            for (ti, t) in ig.targets.iter().enumerate() {
                if t.eq_ignore_ascii_case(&f.rule_id) || *t == f.rule_name {
                    used.insert((Arc::clone(&f.location.file), ig.line, ti));
                    if f.suppression.is_none() {
                        f.suppression = Some(Suppression {
                            kind: "inline".into(),
                            reason: ig.reason.clone(),
                            location: Some(Location {
                                file: Arc::clone(&f.location.file),
                                span: Span::point(ig.line, ig.col),
                                note: None,
                            }),
                        });
                    }
                    break 'search;
                }
            }
        }
    }
    let mut warnings = Vec::new();
    for (file, list) in ignores {
        for ig in list {
            for (ti, t) in ig.targets.iter().enumerate() {
                if used.contains(&(Arc::clone(file), ig.line, ti)) {
                    continue;
                }
                let msg = if is_known_rule(t) {
                    format!("`comply:ignore {t}` matches no finding")
                } else {
                    format!("`comply:ignore {t}` names no known rule")
                };
                let mut d = Diagnostic::warning(
                    "unused-ignore",
                    Some(Arc::clone(file)),
                    Some(ig.line),
                    msg,
                );
                d.col = Some(ig.col);
                warnings.push(d);
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ignore_comments() {
        let text = "a: 1 # comply:ignore K8S-0001 accepted by security team\n# comply:ignore privileged-container,K8S-0002\nb: \"comply:ignore K8S-0003\"\n";
        let ig = scan_ignores(text);
        assert_eq!(ig.len(), 2);
        assert_eq!(ig[0].targets, vec!["K8S-0001"]);
        assert_eq!(ig[0].reason.as_deref(), Some("accepted by security team"));
        assert_eq!(ig[0].col, 6);
        assert_eq!(ig[1].line, 2);
        assert_eq!(ig[1].targets, vec!["privileged-container", "K8S-0002"]);
    }
}
