//! Facts every emitter derives the same way: which file a location is in, rule lookup, counts by
//! category and severity, suppression labels and the verdict line. Keeping them here keeps the
//! formats consistent with each other.

use std::collections::BTreeMap;

use comply_model::{
    Category, Diagnostic, Finding, Location, RuleMeta, ScanReport, Severity, Suppression,
};

/// The file a location points into: the span's own file when a loader set one (Helm templates,
/// Terraform child modules), else the location's file.
pub(crate) fn file_of(loc: &Location) -> &str {
    loc.span.file.as_deref().unwrap_or(&loc.file)
}

/// Rules by id; with duplicate ids the first one wins.
pub(crate) fn rules_by_id(rules: &[RuleMeta]) -> BTreeMap<&str, &RuleMeta> {
    let mut m = BTreeMap::new();
    for r in rules {
        m.entry(r.id.as_str()).or_insert(r);
    }
    m
}

/// `1 finding`, `2 findings`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `file`, `file:line` or `file:line:col`, leaving out unknown (0) parts.
pub(crate) fn position(file: &str, line: u32, col: u32) -> String {
    match (line, col) {
        (0, _) => file.to_string(),
        (l, 0) => format!("{file}:{l}"),
        (l, c) => format!("{file}:{l}:{c}"),
    }
}

/// Where a diagnostic points, when it names a file.
pub(crate) fn diagnostic_position(d: &Diagnostic) -> Option<String> {
    d.file
        .as_deref()
        .map(|f| position(f, d.line.unwrap_or(0), d.col.unwrap_or(0)))
}

/// `inline: <reason>`, `baseline`, ...
pub(crate) fn suppression_label(s: &Suppression) -> String {
    match s.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => format!("{}: {r}", s.kind),
        None => s.kind.clone(),
    }
}

/// Unsuppressed findings.
pub(crate) fn active(report: &ScanReport) -> impl Iterator<Item = &Finding> {
    report.findings.iter().filter(|f| f.suppression.is_none())
}

/// Number of suppressed findings.
pub(crate) fn suppressed_count(report: &ScanReport) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .count()
}

/// Index of a severity in [`Severity::ALL_DESC`].
pub(crate) const fn severity_slot(s: Severity) -> usize {
    match s {
        Severity::Critical => 0,
        Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low => 3,
    }
}

/// Unsuppressed counts per severity, most severe first.
pub(crate) fn by_severity(report: &ScanReport) -> [usize; 4] {
    let mut c = [0; 4];
    for f in active(report) {
        c[severity_slot(f.severity)] += 1;
    }
    c
}

/// Unsuppressed counts per category (DESIGN §5 order) and severity (most severe first); only
/// categories with at least one finding.
pub(crate) fn category_rows(report: &ScanReport) -> Vec<(Category, [usize; 4])> {
    let counts = report.counts();
    Category::ALL
        .into_iter()
        .filter_map(|cat| {
            let mut row = [0; 4];
            for sev in Severity::ALL_DESC {
                row[severity_slot(sev)] = counts.get(&(cat, sev)).copied().unwrap_or(0);
            }
            (row.iter().sum::<usize>() > 0).then_some((cat, row))
        })
        .collect()
}

/// The verdict of a scan, as one line of text, and whether it fails.
pub(crate) struct Verdict {
    pub(crate) text: String,
    pub(crate) failed: bool,
}

/// The verdict line shared by the human and Markdown reports (DESIGN §3 exit codes).
pub(crate) fn verdict(report: &ScanReport) -> Verdict {
    let failing = report.failing();
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.level == comply_model::DiagnosticLevel::Error)
        .count();
    let threshold = report.fail_on.map_or("never", Severity::as_str);
    let mut parts = Vec::new();
    if failing > 0 {
        parts.push(format!(
            "{} at or above {threshold}",
            plural(failing, "finding")
        ));
    }
    if errors > 0 {
        parts.push(plural(errors, "operational error"));
    }
    if parts.is_empty() {
        let text = match report.fail_on {
            Some(t) => format!("passed: no findings at or above {t}"),
            None => "passed: --fail-on never".to_string(),
        };
        Verdict {
            text,
            failed: false,
        }
    } else {
        Verdict {
            text: format!("{}: failing", parts.join(", ")),
            failed: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_leave_out_unknown_parts() {
        assert_eq!(position("a.yaml", 0, 7), "a.yaml");
        assert_eq!(position("a.yaml", 3, 0), "a.yaml:3");
        assert_eq!(position("a.yaml", 3, 7), "a.yaml:3:7");
    }

    #[test]
    fn verdict_texts() {
        let mut r = ScanReport {
            fail_on: Some(Severity::High),
            ..ScanReport::default()
        };
        assert_eq!(verdict(&r).text, "passed: no findings at or above high");
        r.fail_on = None;
        assert_eq!(verdict(&r).text, "passed: --fail-on never");
        r.diagnostics
            .push(Diagnostic::error("parse-error", None, None, "bad"));
        let v = verdict(&r);
        assert!(v.failed);
        assert_eq!(v.text, "1 operational error: failing");
    }
}
