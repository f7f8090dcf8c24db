//! Markdown for pull-request comments and GitHub job summaries (`$GITHUB_STEP_SUMMARY`): a
//! heading, the verdict, counts by category × severity, the first [`MAX_ROWS`] unsuppressed
//! findings as a table, the suppressed count and the diagnostics. Table cells are escaped so that
//! no message can break a row (`|`, newlines) or inject HTML (`<`, `>`).

use std::fmt::Write as _;

use comply_model::{DiagnosticLevel, ScanReport};

use crate::common::{
    active, by_severity, category_rows, diagnostic_position, file_of, plural, position,
    suppressed_count, verdict,
};
use crate::RenderOptions;

/// Findings listed before the table is cut short.
pub(crate) const MAX_ROWS: usize = 100;

/// Escapes text for one GitHub-flavoured Markdown table cell.
pub(crate) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the Markdown report.
pub(crate) fn render(report: &ScanReport, opts: &RenderOptions) -> String {
    let mut out = String::from("## comply scan results\n\n");
    let v = verdict(report);
    let _ = writeln!(
        out,
        "**{}:** {}\n",
        if v.failed { "Failed" } else { "Passed" },
        v.text
    );

    let rows = category_rows(report);
    if rows.is_empty() {
        out.push_str("No findings.\n\n");
    } else {
        out.push_str("| Category | Critical | High | Medium | Low | Total |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|\n");
        for (cat, c) in &rows {
            let total: usize = c.iter().sum();
            let _ = writeln!(
                out,
                "| {cat} | {} | {} | {} | {} | {total} |",
                c[0], c[1], c[2], c[3]
            );
        }
        let t = by_severity(report);
        let _ = writeln!(
            out,
            "| **Total** | **{}** | **{}** | **{}** | **{}** | **{}** |\n",
            t[0],
            t[1],
            t[2],
            t[3],
            t.iter().sum::<usize>()
        );

        out.push_str("### Findings\n\n");
        out.push_str("| Severity | Rule | Location | Message |\n|---|---|---|---|\n");
        let findings: Vec<_> = active(report).collect();
        for f in findings.iter().take(MAX_ROWS) {
            let span = &f.location.span;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                f.severity,
                cell(&format!("{} {}", f.rule_id, f.rule_name)),
                cell(&position(file_of(&f.location), span.start.line, 0)),
                cell(&f.message),
            );
        }
        if findings.len() > MAX_ROWS {
            let _ = writeln!(
                out,
                "\n…and {}.",
                plural(findings.len() - MAX_ROWS, "more finding")
            );
        }
        out.push('\n');
    }

    if let Some(fw) = &report.framework {
        out.push_str(&crate::frameworks::markdown_section(fw));
    }

    let suppressed = suppressed_count(report);
    if suppressed > 0 {
        let _ = writeln!(
            out,
            "{} suppressed (not counted).\n",
            plural(suppressed, "finding")
        );
    }

    if !report.diagnostics.is_empty() {
        out.push_str("### Diagnostics\n\n");
        for d in &report.diagnostics {
            let level = match d.level {
                DiagnosticLevel::Error => "error",
                DiagnosticLevel::Warning => "warning",
                DiagnosticLevel::Note => "note",
            };
            let place = diagnostic_position(d)
                .map(|p| format!(" {}:", cell(&p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{level}**{place} {} (`{}`)",
                cell(&d.message),
                d.code.replace('`', "'")
            );
        }
        out.push('\n');
    }

    let version = if opts.tool_version.is_empty() {
        String::new()
    } else {
        format!(" {}", opts.tool_version)
    };
    let _ = writeln!(
        out,
        "<sub>comply{version} · scanned {}, {}</sub>",
        plural(report.files_scanned, "file"),
        plural(report.documents, "document")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_cannot_break_a_row() {
        assert_eq!(cell(" a|b\nc\r\nd "), "a\\|b<br>c<br>d");
        assert_eq!(cell("<script>"), "&lt;script&gt;");
        assert_eq!(cell("x\u{7}y"), "xy");
    }
}
