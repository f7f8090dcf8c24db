//! The terminal report: each finding with a code frame (ruff/biome style), then diagnostics, then
//! a summary (counts by category × severity, totals, what was scanned, the verdict).
//!
//! ```text
//! high[K8S-0001] privileged-container: Container "web" runs in privileged mode
//!    --> deploy/web.yaml:13:13
//!     |
//!  11 |           image: nginx:latest
//!  12 |           securityContext:
//! >13 |             privileged: true
//!     |             ^^^^^^^^^^
//!     |
//!     = category: pod-security · resource: Deployment/prod/web
//!     = help: Remove securityContext.privileged or set it to false.
//! ```
//!
//! Suppressed findings keep their header, location and notes (dimmed, no frame, no help) plus
//! `= suppressed (inline: <reason>)`; they are not counted. Text from scanned files is cleaned of
//! control characters so a manifest cannot smuggle terminal escapes into the output.
//!
//! Without `color` the output is plain text, stable for snapshot tests; with it, ANSI escapes
//! only (no dependency, no terminal probing: the caller decides).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comply_model::{DiagnosticLevel, Finding, RuleMeta, ScanReport, Severity};

use crate::common::{
    active, category_rows, diagnostic_position, file_of, plural, position, rules_by_id,
    suppressed_count, suppression_label, verdict,
};
use crate::frame::{self, FramePaint};
use crate::RenderOptions;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED_BOLD: &str = "\x1b[1;31m";
const RED: &str = "\x1b[31m";
const GREEN_BOLD: &str = "\x1b[1;32m";
const YELLOW: &str = "\x1b[33m";
const YELLOW_BOLD: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[34m";
const CYAN: &str = "\x1b[36m";

/// ANSI styling that collapses to nothing when colour is off.
struct Style {
    on: bool,
}

impl Style {
    /// `code` when colour is on, else "".
    fn code<'a>(&self, code: &'a str) -> &'a str {
        if self.on {
            code
        } else {
            ""
        }
    }

    /// `text` wrapped in `code` and a reset when colour is on.
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    const fn severity(s: Severity) -> &'static str {
        match s {
            Severity::Critical => RED_BOLD,
            Severity::High => RED,
            Severity::Medium => YELLOW,
            Severity::Low => CYAN,
        }
    }
}

/// Text from scanned files and policies with control characters (terminal escapes among them)
/// replaced by U+FFFD; line breaks and tabs are kept.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Renders the human report.
pub(crate) fn render(report: &ScanReport, opts: &RenderOptions) -> String {
    let style = Style { on: opts.color };
    let rules = rules_by_id(&report.rules);
    let mut lines_cache: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut out = String::new();

    for f in &report.findings {
        if opts.quiet && f.suppression.is_some() {
            continue;
        }
        let file = file_of(&f.location);
        let lines = lines_cache.entry(file).or_insert_with(|| {
            report
                .sources
                .get(file)
                .map(|s| s.lines().collect())
                .unwrap_or_default()
        });
        write_finding(
            &mut out,
            f,
            rules.get(f.rule_id.as_str()).copied(),
            lines,
            &style,
        );
        out.push('\n');
    }

    let mut wrote_diagnostic = false;
    for d in &report.diagnostics {
        if opts.quiet && d.level != DiagnosticLevel::Error {
            continue;
        }
        let (label, color) = match d.level {
            DiagnosticLevel::Error => ("error", RED_BOLD),
            DiagnosticLevel::Warning => ("warning", YELLOW_BOLD),
            DiagnosticLevel::Note => ("note", CYAN),
        };
        let place = diagnostic_position(d)
            .map(|p| format!("{p}: "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}: {}{} [{}]",
            style.paint(color, label),
            clean(&place),
            clean(&d.message),
            clean(&d.code)
        );
        wrote_diagnostic = true;
    }
    if wrote_diagnostic && !opts.quiet {
        out.push('\n');
    }

    if !opts.quiet {
        if let Some(fw) = &report.framework {
            out.push_str(&crate::frameworks::human_section(fw, clean));
        }
        write_summary(&mut out, report, &style);
    }
    out
}

/// One finding: header, location, frame, notes.
fn write_finding(
    out: &mut String,
    f: &Finding,
    rule: Option<&RuleMeta>,
    lines: &[&str],
    style: &Style,
) {
    let suppressed = f.suppression.as_ref();
    let span = &f.location.span;
    let width = frame::gutter_width(span.start.line, lines.len());
    let blank = " ".repeat(width);
    let dim = style.code(if suppressed.is_some() { DIM } else { "" });
    let reset = style.code(if suppressed.is_some() { RESET } else { "" });

    if suppressed.is_some() {
        let _ = writeln!(
            out,
            "{dim}{}[{}] {}: {}{reset}",
            f.severity,
            clean(&f.rule_id),
            clean(&f.rule_name),
            clean(&f.message)
        );
    } else {
        let _ = writeln!(
            out,
            "{}{}: {}",
            style.paint(
                Style::severity(f.severity),
                &format!("{}[{}]", f.severity, clean(&f.rule_id))
            ),
            style.paint(BOLD, &format!(" {}", clean(&f.rule_name))),
            style.paint(BOLD, &clean(&f.message)),
        );
    }
    // Inside a dimmed (suppressed) block no other style is applied: a reset would end the dimming.
    let accent = |code: &'static str| style.code(if suppressed.is_some() { "" } else { code });
    let at = clean(&position(
        file_of(&f.location),
        span.start.line,
        span.start.col,
    ));
    let _ = writeln!(
        out,
        "{dim}{blank}{}-->{} {at}{reset}",
        accent(BLUE),
        accent(RESET)
    );

    if suppressed.is_none() {
        let paint = FramePaint {
            gutter: style.code(BLUE),
            caret: style.code(Style::severity(f.severity)),
            reset: style.code(RESET),
        };
        frame::write(out, lines, span, width, &paint);
    }

    let note = |out: &mut String, label: &str, text: &str| {
        // Continuation lines of a multi-line text line up under its first line.
        let indent = " ".repeat(width + 3 + label.len() + 2);
        let text = clean(text.trim_end()).replace('\n', &format!("\n{indent}"));
        let _ = writeln!(
            out,
            "{dim}{blank} = {}{label}:{} {text}{reset}",
            accent(BOLD),
            accent(RESET)
        );
    };
    let mut what = format!("{}", f.category);
    if !f.resource.is_empty() {
        let _ = write!(what, " · resource: {}", f.resource);
    }
    note(out, "category", &what);
    if !f.environments.is_empty() {
        note(out, "environments", &f.environments.join(", "));
    }
    for r in &f.related {
        let text = r
            .note
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("related location");
        let at = position(file_of(r), r.span.start.line, r.span.start.col);
        note(out, "note", &format!("{text} at {at}"));
    }
    match suppressed {
        Some(s) => {
            let _ = writeln!(
                out,
                "{dim}{blank} = suppressed ({}){reset}",
                clean(&suppression_label(s))
            );
        }
        None => {
            if let Some(help) = rule.map(|r| r.remediation.trim()).filter(|h| !h.is_empty()) {
                note(out, "help", help);
            }
        }
    }
}

/// Counts table, totals, scan size and verdict.
fn write_summary(out: &mut String, report: &ScanReport, style: &Style) {
    let rows = category_rows(report);
    let total: usize = active(report).count();
    if rows.is_empty() {
        out.push_str("No findings.\n");
    } else {
        let headers = ["critical", "high", "medium", "low", "total"];
        let name_w = rows
            .iter()
            .map(|(c, _)| c.as_str().len())
            .chain([8])
            .max()
            .unwrap_or(8);
        let mut totals = [0usize; 5];
        let mut table: Vec<(String, [usize; 5])> = Vec::new();
        for (cat, counts) in &rows {
            let sum = counts.iter().sum();
            let row = [counts[0], counts[1], counts[2], counts[3], sum];
            for (t, v) in totals.iter_mut().zip(row) {
                *t += v;
            }
            table.push((cat.as_str().to_string(), row));
        }
        table.push(("total".to_string(), totals));
        let widths: Vec<usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                table
                    .iter()
                    .map(|(_, r)| r[i].to_string().len())
                    .chain([h.len()])
                    .max()
                    .unwrap_or(h.len())
            })
            .collect();
        let mut head = format!("  {:<name_w$}", "category");
        for (h, w) in headers.iter().zip(&widths) {
            let _ = write!(head, "  {h:>w$}");
        }
        let _ = writeln!(out, "{}", style.paint(BOLD, &head));
        for (name, row) in &table {
            let mut line = format!("  {name:<name_w$}");
            for (v, w) in row.iter().zip(&widths) {
                let _ = write!(line, "  {v:>w$}");
            }
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}, {} suppressed; scanned {}, {} in {} ms",
        plural(total, "finding"),
        suppressed_count(report),
        plural(report.files_scanned, "file"),
        plural(report.documents, "document"),
        report.duration_ms,
    );
    let v = verdict(report);
    let _ = writeln!(
        out,
        "{}",
        style.paint(if v.failed { RED_BOLD } else { GREEN_BOLD }, &v.text)
    );
}
