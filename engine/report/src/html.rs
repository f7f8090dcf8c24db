//! A self-contained HTML report (`--format html`): one file a person opens in a browser, offline.
//! No scripts, fonts, stylesheets or images are fetched: CSS is inline, charts are inline SVG,
//! and a Content-Security-Policy forbids every network load. Every piece of scanned or
//! policy-provided text is escaped ([`esc`]); links are only emitted for `http(s)` URLs.
//!
//! Layout: a header with the verdict; a summary (a stacked bar per category, split by severity);
//! with `--framework`, the per-control table of the framework; every finding with its code frame
//! and a link to its rule's documentation, which is a section of the same file; diagnostics.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comply_model::{
    Category, ControlStatus, DiagnosticLevel, Finding, FrameworkReport, RuleMeta, ScanReport,
    Severity,
};

use crate::common::{
    by_severity, diagnostic_position, file_of, plural, position, rules_by_id, severity_slot,
    suppression_label, verdict,
};
use crate::frame;
use crate::RenderOptions;

/// Characters of a source line shown in a frame before it is cut (minified files).
const MAX_LINE_CHARS: usize = 400;
/// Bytes of findings markup after which code frames are left out, so that the report of a very
/// large scan stays small enough to open (about 1,500 findings with frames fit in the budget; past it a finding costs
/// about 300 bytes).
const FRAME_BUDGET: usize = 1_300_000;

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An `id` attribute value built from arbitrary text: ASCII letters, digits, `-` and `_` kept,
/// everything else replaced, so it is valid and safe in `href="#..."`.
fn anchor(prefix: &str, text: &str) -> String {
    let mut out = String::from(prefix);
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}", u32::from(c));
        }
    }
    out
}

/// A link to `url` when it is http(s), else the escaped text.
fn link(url: &str, text: &str) -> String {
    let u = url.trim();
    if u.starts_with("https://") || u.starts_with("http://") {
        format!(
            "<a href=\"{}\" rel=\"noreferrer noopener\">{}</a>",
            esc(u),
            esc(text)
        )
    } else {
        esc(text)
    }
}

const fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#9f1239",
        Severity::High => "#dc2626",
        Severity::Medium => "#d97706",
        Severity::Low => "#2563eb",
    }
}

const fn status_color(s: ControlStatus) -> &'static str {
    match s {
        ControlStatus::Failed => "#dc2626",
        ControlStatus::Passed => "#16a34a",
        ControlStatus::NotCovered => "#94a3b8",
    }
}

const CSS: &str = r#"
:root{--fg:#0f172a;--muted:#475569;--line:#e2e8f0;--bg:#f8fafc;--card:#fff}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#0f172a;color:#f8fafc;padding:18px 32px}
header h1{margin:0 0 4px;font-size:22px}
header .meta{color:#cbd5e1;font-size:13px}
header nav a{color:#bae6fd;margin-right:14px;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:8px 24px 48px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:18px 0}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:15px;margin:0}
.verdict{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:600;font-size:13px;margin-right:8px}
.verdict.fail{background:#fee2e2;color:#991b1b}.verdict.pass{background:#dcfce7;color:#166534}
.chips{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:14px}
.chip{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:96px}
.chip b{display:block;font-size:20px}
.chip span{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line);font-size:14px}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.bar{width:45%}
svg.bar{display:block;width:100%;height:16px}
.legend{font-size:12px;color:var(--muted);margin-top:8px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}
.sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase}
.sev.critical{background:#9f1239}.sev.high{background:#dc2626}.sev.medium{background:#d97706}.sev.low{background:#2563eb}
.status{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;white-space:nowrap}
.status.failed{background:#fee2e2;color:#991b1b}.status.passed{background:#dcfce7;color:#166534}.status.not-covered{background:#f1f5f9;color:#475569}
tr.failed td:first-child{border-left:3px solid #dc2626}
tr.passed td:first-child{border-left:3px solid #16a34a}
tr.not-covered td:first-child{border-left:3px solid #cbd5e1}
.muted{color:var(--muted);font-size:13px}
.finding{border-top:1px solid var(--line);padding:12px 0}
.finding:first-of-type{border-top:0}
.finding.suppressed{opacity:.65}
.finding .msg{font-weight:600}
.finding .where{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted)}
pre.frame{background:#0f172a;color:#e2e8f0;border-radius:6px;padding:8px 0;overflow-x:auto;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;tab-size:4;margin:8px 0}
pre.frame span.l{display:block;padding:0 12px;white-space:pre}
pre.frame span.l.hit{background:#1e293b}
pre.frame span.n{display:inline-block;min-width:3.5em;color:#64748b;text-align:right;margin-right:12px;user-select:none}
pre.frame mark{background:#b45309;color:#fff;border-radius:2px}
.rule{border-top:1px solid var(--line);padding:12px 0}
.rule:first-of-type{border-top:0}
.rule p{margin:6px 0}
.tag{display:inline-block;background:#f1f5f9;border-radius:4px;padding:0 6px;margin:2px 4px 2px 0;font-size:12px}
.tag.hit{background:#fee2e2}.tag.ok{background:#dcfce7}.tag.idle{background:#f1f5f9;color:#64748b}
td.ctl{white-space:nowrap}
a{color:#0369a1}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
@media print{header{background:#fff;color:#000}section{break-inside:avoid-page;border:0}pre.frame{background:#f1f5f9;color:#000}}
"#;

/// Renders the HTML report.
pub(crate) fn render(report: &ScanReport, opts: &RenderOptions) -> String {
    let rules = rules_by_id(&report.rules);
    let mut out = String::with_capacity(64 * 1024 + report.findings.len() * 1200);
    let v = verdict(report);
    let title = format!("comply report: {}", report.root);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let version = if opts.tool_version.is_empty() {
        String::new()
    } else {
        format!(" {}", opts.tool_version)
    };
    let _ = writeln!(
        out,
        "<header><h1>comply scan report</h1><div class=\"meta\"><span class=\"verdict {}\">{}</span>{} · root <code>{}</code> · {}, {} · comply{}</div>",
        if v.failed { "fail" } else { "pass" },
        if v.failed { "Failed" } else { "Passed" },
        esc(&v.text),
        esc(&report.root),
        plural(report.files_scanned, "file"),
        plural(report.documents, "document"),
        esc(&version),
    );
    out.push_str("<nav><a href=\"#summary\">Summary</a>");
    if report.framework.is_some() {
        out.push_str("<a href=\"#framework\">Framework</a>");
    }
    out.push_str("<a href=\"#findings\">Findings</a>");
    if !report.diagnostics.is_empty() {
        out.push_str("<a href=\"#diagnostics\">Diagnostics</a>");
    }
    out.push_str("<a href=\"#rules\">Rules</a></nav></header>\n<main>\n");

    summary(&mut out, report);
    // Finding anchors by fingerprint, for the framework table.
    let mut finding_anchor: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        finding_anchor
            .entry(f.fingerprint.as_str())
            .or_insert(i + 1);
    }
    if let Some(fw) = &report.framework {
        framework(&mut out, fw, report, &finding_anchor);
    }
    findings(&mut out, report, &rules);
    diagnostics(&mut out, report);
    rule_docs(&mut out, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A horizontal stacked bar: `parts` are (value, colour, label); `scale` is the value of the
/// full width.
fn stacked_bar(out: &mut String, parts: &[(usize, &str, String)], scale: usize) {
    let scale = scale.max(1);
    let _ = write!(
        out,
        "<svg class=\"bar\" viewBox=\"0 0 1000 16\" preserveAspectRatio=\"none\" role=\"img\"><rect x=\"0\" y=\"0\" width=\"1000\" height=\"16\" fill=\"#f1f5f9\"/>"
    );
    let mut x = 0usize;
    for (value, color, label) in parts {
        if *value == 0 {
            continue;
        }
        let w = (value * 1000).div_ceil(scale).min(1000 - x.min(1000));
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"0\" width=\"{w}\" height=\"16\" fill=\"{color}\"><title>{}</title></rect>",
            esc(label)
        );
        x += w;
    }
    out.push_str("</svg>");
}

fn severity_legend(out: &mut String) {
    out.push_str("<div class=\"legend\">");
    for s in Severity::ALL_DESC {
        let _ = write!(
            out,
            "<i style=\"background:{}\"></i>{}",
            severity_color(s),
            s.as_str()
        );
    }
    out.push_str("</div>");
}

fn summary(out: &mut String, report: &ScanReport) {
    out.push_str("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"chips\">");
    let sev = by_severity(report);
    for s in Severity::ALL_DESC {
        let _ = write!(
            out,
            "<div class=\"chip\" style=\"border-top:4px solid {}\"><b>{}</b><span>{}</span></div>",
            severity_color(s),
            sev[severity_slot(s)],
            s.as_str()
        );
    }
    let suppressed = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .count();
    let _ = writeln!(
        out,
        "<div class=\"chip\"><b>{suppressed}</b><span>suppressed</span></div></div>"
    );
    let counts = report.counts();
    let rows: Vec<(Category, [usize; 4])> = Category::ALL
        .into_iter()
        .map(|cat| {
            let mut row = [0; 4];
            for s in Severity::ALL_DESC {
                row[severity_slot(s)] = counts.get(&(cat, s)).copied().unwrap_or(0);
            }
            (cat, row)
        })
        .collect();
    let max = rows
        .iter()
        .map(|(_, r)| r.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    out.push_str("<table><thead><tr><th>Category</th><th>Findings by severity</th><th class=\"num\">Critical</th><th class=\"num\">High</th><th class=\"num\">Medium</th><th class=\"num\">Low</th><th class=\"num\">Total</th></tr></thead><tbody>\n");
    for (cat, row) in &rows {
        let total: usize = row.iter().sum();
        let _ = write!(out, "<tr><td>{}</td><td class=\"bar\">", cat.as_str());
        let parts: Vec<(usize, &str, String)> = Severity::ALL_DESC
            .into_iter()
            .map(|s| {
                let n = row[severity_slot(s)];
                (
                    n,
                    severity_color(s),
                    format!("{}: {n} {}", cat.as_str(), s.as_str()),
                )
            })
            .collect();
        stacked_bar(out, &parts, max);
        let _ = writeln!(
            out,
            "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\"><b>{total}</b></td></tr>",
            row[0], row[1], row[2], row[3]
        );
    }
    let _ = write!(
        out,
        "<tr><td><b>Total</b></td><td></td><td class=\"num\"><b>{}</b></td><td class=\"num\"><b>{}</b></td><td class=\"num\"><b>{}</b></td><td class=\"num\"><b>{}</b></td><td class=\"num\"><b>{}</b></td></tr>",
        sev[0], sev[1], sev[2], sev[3], sev.iter().sum::<usize>()
    );
    out.push_str("</tbody></table>");
    severity_legend(out);
    out.push_str("</section>\n");
}

fn framework(
    out: &mut String,
    fw: &FrameworkReport,
    report: &ScanReport,
    finding_anchor: &BTreeMap<&str, usize>,
) {
    let _ = writeln!(
        out,
        "<section id=\"framework\"><h2>Framework: {} <span class=\"muted\">{} · <code>{}</code> · {}</span></h2>",
        esc(&fw.name),
        esc(&fw.version),
        esc(&fw.id),
        link(&fw.source, "source")
    );
    let _ = write!(
        out,
        "<p><b>{}</b> passed, <b>{}</b> failed, <b>{}</b> not covered (of {} controls).</p>",
        fw.summary.passed,
        fw.summary.failed,
        fw.summary.not_covered,
        fw.controls.len()
    );
    stacked_bar(
        out,
        &[
            (
                fw.summary.failed,
                status_color(ControlStatus::Failed),
                format!("{} failed", fw.summary.failed),
            ),
            (
                fw.summary.passed,
                status_color(ControlStatus::Passed),
                format!("{} passed", fw.summary.passed),
            ),
            (
                fw.summary.not_covered,
                status_color(ControlStatus::NotCovered),
                format!("{} not covered", fw.summary.not_covered),
            ),
        ],
        fw.controls.len(),
    );
    out.push_str("<div class=\"legend\">");
    for s in [
        ControlStatus::Failed,
        ControlStatus::Passed,
        ControlStatus::NotCovered,
    ] {
        let _ = write!(
            out,
            "<i style=\"background:{}\"></i>{}",
            status_color(s),
            s.as_str().replace('-', " ")
        );
    }
    out.push_str("</div>\n");
    let known_rules: std::collections::BTreeSet<&str> =
        report.rules.iter().map(|r| r.id.as_str()).collect();
    out.push_str("<table><thead><tr><th>Control</th><th>Status</th><th>Title</th><th>Evidence</th></tr></thead><tbody>\n");
    for c in &fw.controls {
        let status = c.status.as_str();
        let _ = write!(
            out,
            "<tr class=\"{status}\" id=\"{}\"><td class=\"ctl\"><code>{}</code></td><td><span class=\"status {status}\">{}</span></td><td>{}",
            anchor("control-", &c.id),
            esc(&c.id),
            status.replace('-', " "),
            esc(&c.title)
        );
        if let Some(section) = &c.section {
            let _ = write!(out, "<div class=\"muted\">{}</div>", esc(section));
        }
        let _ = write!(out, "</td><td>{}", esc(&c.explanation));
        if !c.rules.is_empty() {
            out.push_str("<div>");
            for r in &c.rules {
                // Red: has findings; green: evaluated, clean; grey: not evaluated here.
                let (state, what) = if r.findings > 0 {
                    ("hit", plural(r.findings, "finding"))
                } else if r.enabled && r.documents > 0 {
                    (
                        "ok",
                        format!("no finding in {}", plural(r.documents, "document")),
                    )
                } else if r.enabled {
                    ("idle", "no document of its kind".to_string())
                } else {
                    ("idle", "not evaluated".to_string())
                };
                if known_rules.contains(r.id.as_str()) {
                    let _ = write!(
                        out,
                        "<a class=\"tag {state}\" href=\"#{}\" title=\"{}\">{} {}</a>",
                        anchor("rule-", &r.id),
                        esc(&what),
                        esc(&r.id),
                        esc(&r.name)
                    );
                } else {
                    let _ = write!(
                        out,
                        "<span class=\"tag {state}\" title=\"{}\">{} {}</span>",
                        esc(&what),
                        esc(&r.id),
                        esc(&r.name)
                    );
                }
            }
            out.push_str("</div>");
        }
        if !c.findings.is_empty() {
            out.push_str("<div class=\"muted\">Findings: ");
            let shown: Vec<String> = c
                .findings
                .iter()
                .take(20)
                .filter_map(|fp| finding_anchor.get(fp.as_str()))
                .map(|i| format!("<a href=\"#f-{i}\">#{i}</a>"))
                .collect();
            out.push_str(&shown.join(" "));
            if c.findings.len() > 20 {
                let _ = write!(out, " and {} more", c.findings.len() - 20);
            }
            out.push_str("</div>");
        }
        let _ = writeln!(
            out,
            "<details><summary class=\"muted\">Coverage</summary><div class=\"muted\">{}</div></details></td></tr>",
            esc(&c.coverage)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn findings(out: &mut String, report: &ScanReport, rules: &BTreeMap<&str, &RuleMeta>) {
    let active = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_none())
        .count();
    let _ = writeln!(
        out,
        "<section id=\"findings\"><h2>Findings <span class=\"muted\">{} ({} suppressed)</span></h2>",
        active,
        report.findings.len() - active
    );
    if report.findings.is_empty() {
        out.push_str("<p>No findings.</p>");
    }
    let mut lines_cache: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let start = out.len();
    let mut framed = true;
    for (i, f) in report.findings.iter().enumerate() {
        if framed && out.len() - start > FRAME_BUDGET {
            framed = false;
            let _ = writeln!(
                out,
                "<p class=\"muted\"><b>Code frames are left out from finding #{} on</b> to keep this report small; the human, JSON and SARIF outputs carry every location.</p>",
                i + 1
            );
        }
        let file = file_of(&f.location);
        let lines = lines_cache.entry(file).or_insert_with(|| {
            report
                .sources
                .get(file)
                .map(|s| s.lines().collect())
                .unwrap_or_default()
        });
        let lines: &[&str] = if framed { lines } else { &[] };
        finding(out, i + 1, f, rules.contains_key(f.rule_id.as_str()), lines);
    }
    out.push_str("</section>\n");
}

fn finding(out: &mut String, n: usize, f: &Finding, documented: bool, lines: &[&str]) {
    let span = &f.location.span;
    let _ =
        write!(
        out,
        "<article class=\"finding{}\" id=\"f-{n}\"><div><span class=\"sev {sev}\">{sev}</span> ",
        if f.suppression.is_some() { " suppressed" } else { "" },
        sev = f.severity.as_str()
    );
    if documented {
        let _ = write!(
            out,
            "<a href=\"#{}\"><code>{}</code> {}</a>",
            anchor("rule-", &f.rule_id),
            esc(&f.rule_id),
            esc(&f.rule_name)
        );
    } else {
        let _ = write!(
            out,
            "<code>{}</code> {}",
            esc(&f.rule_id),
            esc(&f.rule_name)
        );
    }
    let _ = write!(
        out,
        " <span class=\"tag\">{}</span> <span class=\"muted\">#{n}</span></div>\n<div class=\"msg\">{}</div>\n<div class=\"where\">{} · {}</div>\n",
        f.category.as_str(),
        esc(&f.message),
        esc(&position(file_of(&f.location), span.start.line, span.start.col)),
        esc(&f.resource)
    );
    code_frame(out, lines, span);
    for r in &f.related {
        let _ = writeln!(
            out,
            "<div class=\"where\">related: {}{}</div>",
            esc(&position(file_of(r), r.span.start.line, r.span.start.col)),
            r.note
                .as_deref()
                .map(|n| format!(" ({})", esc(n)))
                .unwrap_or_default()
        );
    }
    if !f.environments.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"muted\">environments: {}</div>",
            esc(&f.environments.join(", "))
        );
    }
    if let Some(s) = &f.suppression {
        let _ = writeln!(
            out,
            "<div class=\"muted\">suppressed ({})</div>",
            esc(&suppression_label(s))
        );
    }
    out.push_str("</article>\n");
}

/// The source lines around a span, the primary line highlighted and its span marked.
fn code_frame(out: &mut String, lines: &[&str], span: &comply_model::Span) {
    let Some((first, last)) = frame::window(span.start.line, lines.len()) else {
        return;
    };
    out.push_str("<pre class=\"frame\">");
    for n in first..=last {
        let text = lines.get(n as usize - 1).copied().unwrap_or("");
        let chars: Vec<char> = text.trim_end().chars().collect();
        let (mark_start, mark_end) = if n == span.start.line {
            let (s, e) = frame::underline(span, text);
            (Some(s), e)
        } else {
            (None, 0)
        };
        // Very long lines (minified files) are cut around the marked part.
        let offset = match mark_start {
            Some(s) if s > MAX_LINE_CHARS * 3 / 4 => s - MAX_LINE_CHARS / 4,
            _ => 0,
        };
        let end = chars.len().min(offset + MAX_LINE_CHARS);
        let _ = write!(
            out,
            "<span class=\"l{}\"><span class=\"n\">{n}</span>",
            if mark_start.is_some() { " hit" } else { "" }
        );
        if offset > 0 {
            out.push('…');
        }
        let piece = |from: usize, to: usize| -> String {
            let s: String = chars
                .get(from.min(to)..to.min(chars.len()))
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            esc(&s)
        };
        match mark_start {
            Some(s) => {
                let s = s.max(offset).min(end);
                let e = mark_end.max(s).min(end);
                out.push_str(&piece(offset, s));
                if e > s {
                    let _ = write!(out, "<mark>{}</mark>", piece(s, e));
                } else {
                    // A caret past the end of the line.
                    out.push_str("<mark> </mark>");
                }
                out.push_str(&piece(e, end));
            }
            None => out.push_str(&piece(offset, end)),
        }
        if end < chars.len() {
            out.push('…');
        }
        out.push_str("</span>");
    }
    out.push_str("</pre>\n");
}

fn diagnostics(out: &mut String, report: &ScanReport) {
    if report.diagnostics.is_empty() {
        return;
    }
    out.push_str("<section id=\"diagnostics\"><h2>Diagnostics</h2><table><thead><tr><th>Level</th><th>Where</th><th>Message</th><th>Code</th></tr></thead><tbody>\n");
    for d in &report.diagnostics {
        let level = match d.level {
            DiagnosticLevel::Error => "error",
            DiagnosticLevel::Warning => "warning",
            DiagnosticLevel::Note => "note",
        };
        let _ = writeln!(
            out,
            "<tr><td>{level}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td></tr>",
            esc(&diagnostic_position(d).unwrap_or_default()),
            esc(&d.message),
            esc(&d.code)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn rule_docs(out: &mut String, report: &ScanReport) {
    let mut hits: BTreeMap<&str, usize> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.suppression.is_none()) {
        *hits.entry(f.rule_id.as_str()).or_insert(0) += 1;
    }
    let _ = writeln!(
        out,
        "<section id=\"rules\"><h2>Rules <span class=\"muted\">{} evaluated</span></h2>",
        report.rules.len()
    );
    let mut seen = std::collections::BTreeSet::new();
    for r in &report.rules {
        if !seen.insert(r.id.as_str()) {
            continue;
        }
        let title = if r.title.trim().is_empty() {
            &r.name
        } else {
            &r.title
        };
        let _ = write!(
            out,
            "<article class=\"rule\" id=\"{}\"><h3><code>{}</code> {}</h3>\n<div class=\"muted\"><code>{}</code> · <span class=\"sev {}\">{}</span> · {} · {}</div>\n",
            anchor("rule-", &r.id),
            esc(&r.id),
            esc(title),
            esc(&r.name),
            r.severity.as_str(),
            r.severity.as_str(),
            r.category.as_str(),
            plural(hits.get(r.id.as_str()).copied().unwrap_or(0), "finding")
        );
        // Paragraphs of the (Markdown) description; single line breaks are wrapping only.
        for para in r.description.split("\n\n") {
            let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
            if !para.is_empty() {
                let _ = writeln!(out, "<p>{}</p>", esc(&para));
            }
        }
        let remediation = r.remediation.trim();
        if !remediation.is_empty() {
            let _ = writeln!(out, "<p><b>Remediation:</b> {}</p>", esc(remediation));
        }
        if !r.frameworks.is_empty() {
            out.push_str("<div>");
            for (fw, controls) in &r.frameworks {
                for c in controls {
                    let chosen = report
                        .framework
                        .as_ref()
                        .filter(|f| &f.id == fw)
                        .and_then(|f| f.controls.iter().find(|x| &x.id == c));
                    match chosen {
                        Some(ctl) => {
                            let _ = write!(
                                out,
                                "<a class=\"tag\" href=\"#{}\" title=\"{}\">{}: {}</a>",
                                anchor("control-", c),
                                esc(&ctl.title),
                                esc(fw),
                                esc(c)
                            );
                        }
                        None => {
                            let _ =
                                write!(out, "<span class=\"tag\">{}: {}</span>", esc(fw), esc(c));
                        }
                    }
                }
            }
            out.push_str("</div>");
        }
        if !r.related_resources.is_empty() {
            out.push_str("<div class=\"muted\">");
            let links: Vec<String> = r.related_resources.iter().map(|u| link(u, u)).collect();
            out.push_str(&links.join(" · "));
            out.push_str("</div>");
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_anchors() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("a\u{1b}b"), "a\u{FFFD}b");
        assert_eq!(anchor("rule-", "K8S-0001"), "rule-K8S-0001");
        assert_eq!(anchor("rule-", "a b\"<"), "rule-a_20b_22_3c");
        assert_eq!(link("javascript:alert(1)", "x"), "x");
        assert_eq!(
            link("https://e.org/?a=1&b=\"2\"", "t"),
            "<a href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\" rel=\"noreferrer noopener\">t</a>"
        );
    }

    #[test]
    fn huge_scans_stay_small_by_leaving_out_frames() {
        use comply_model::{Category, Location, Span};
        use std::sync::Arc;
        let file: Arc<str> = Arc::from("big.yaml");
        let text: String = (0..3000)
            .map(|i| format!("  key{i}: value that is long enough to matter {i}\n"))
            .collect();
        let findings = (0..3000u32)
            .map(|i| Finding {
                rule_id: "K8S-0001".into(),
                rule_name: "privileged-container".into(),
                severity: Severity::High,
                category: Category::PodSecurity,
                message: format!("finding {i}"),
                location: Location {
                    file: Arc::clone(&file),
                    span: Span::point(i + 1, 3),
                    note: None,
                },
                related: Vec::new(),
                path: Vec::new(),
                resource: "Pod/x".into(),
                environments: Vec::new(),
                suppression: None,
                fingerprint: format!("{i:016x}"),
            })
            .collect();
        let mut report = ScanReport {
            findings,
            ..ScanReport::default()
        };
        report
            .sources
            .insert(Arc::clone(&file), Arc::from(text.as_str()));
        let html = render(&report, &RenderOptions::default());
        assert!(html.len() < 2 * 1024 * 1024, "{}", html.len());
        assert!(html.contains("Code frames are left out from finding #"));
        assert!(
            html.contains("id=\"f-3000\""),
            "every finding is still listed"
        );
        assert!(html.contains("<mark>key0</mark>"));
    }

    #[test]
    fn frames_mark_the_span_and_cut_long_lines() {
        let mut out = String::new();
        let lines = ["a: 1", "  privileged: true", "b: <x>"];
        code_frame(&mut out, &lines, &comply_model::Span::point(2, 3));
        assert!(out.contains("<mark>privileged</mark>: true"), "{out}");
        assert!(out.contains("b: &lt;x&gt;"), "{out}");
        let long = format!("{}key: v", "x".repeat(2000));
        let mut out = String::new();
        code_frame(
            &mut out,
            &[long.as_str()],
            &comply_model::Span::point(1, 2001),
        );
        assert!(out.contains("<mark>key</mark>"), "{out}");
        assert!(out.len() < 1000, "{}", out.len());
    }
}
