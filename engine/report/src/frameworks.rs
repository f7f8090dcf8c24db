//! Compliance frameworks in reports: the `comply frameworks` listings (table, JSON, Markdown),
//! and the per-control section that the human and Markdown scan reports add when a scan ran with
//! `--framework` (the JSON report carries the same [`FrameworkReport`] as its `framework` key).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use comply_model::{Control, ControlStatus, Framework, FrameworkReport, RuleMeta};

use crate::common::plural;
use crate::json::to_pretty;
use crate::markdown::cell;
use crate::RulesFormat;

/// The rules mapped to each control of a framework.
struct Coverage<'a> {
    fw: &'a Framework,
    controls: Vec<(&'a Control, Vec<&'a RuleMeta>)>,
}

impl<'a> Coverage<'a> {
    fn new(fw: &'a Framework, rules: &'a [RuleMeta]) -> Self {
        let controls = fw
            .controls
            .iter()
            .map(|c| {
                let mapped = rules
                    .iter()
                    .filter(|r| {
                        r.frameworks
                            .get(&fw.id)
                            .is_some_and(|ids| ids.iter().any(|i| i == &c.id))
                    })
                    .collect();
                (c, mapped)
            })
            .collect();
        Self { fw, controls }
    }

    fn in_scope(&self) -> usize {
        self.controls
            .iter()
            .filter(|(c, _)| !c.out_of_scope)
            .count()
    }

    fn covered(&self) -> usize {
        self.controls.iter().filter(|(_, r)| !r.is_empty()).count()
    }

    /// Distinct rules mapped to any control of the framework.
    fn rules(&self) -> usize {
        self.controls
            .iter()
            .flat_map(|(_, r)| r.iter().map(|r| r.id.as_str()))
            .collect::<BTreeSet<_>>()
            .len()
    }
}

#[derive(Serialize)]
struct FrameworkJson<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    source: &'a str,
    description: &'a str,
    /// Number of controls in the catalogue.
    controls: usize,
    /// Controls a static scan can evidence (not marked out of scope).
    in_scope: usize,
    /// Controls with at least one rule.
    covered: usize,
    /// Distinct rules mapped to the framework.
    rules: usize,
    control_list: Vec<ControlJson<'a>>,
}

#[derive(Serialize)]
struct ControlJson<'a> {
    id: &'a str,
    title: &'a str,
    section: Option<&'a str>,
    coverage: &'a str,
    out_of_scope: bool,
    rules: Vec<&'a str>,
}

/// Renders `comply frameworks`: every framework, or the controls of `only`.
pub(crate) fn render(
    format: RulesFormat,
    catalogue: &[Framework],
    rules: &[RuleMeta],
    only: Option<&str>,
) -> String {
    let selected: Vec<Coverage<'_>> = catalogue
        .iter()
        .filter(|f| only.is_none_or(|id| f.id == id))
        .map(|f| Coverage::new(f, rules))
        .collect();
    match (format, only) {
        (RulesFormat::Json, _) => to_pretty(
            &selected
                .iter()
                .map(|c| FrameworkJson {
                    id: &c.fw.id,
                    name: &c.fw.name,
                    version: &c.fw.version,
                    source: &c.fw.source,
                    description: &c.fw.description,
                    controls: c.controls.len(),
                    in_scope: c.in_scope(),
                    covered: c.covered(),
                    rules: c.rules(),
                    control_list: c
                        .controls
                        .iter()
                        .map(|(ctl, rs)| ControlJson {
                            id: &ctl.id,
                            title: &ctl.title,
                            section: ctl.section.as_deref(),
                            coverage: &ctl.coverage,
                            out_of_scope: ctl.out_of_scope,
                            rules: rs.iter().map(|r| r.id.as_str()).collect(),
                        })
                        .collect(),
                })
                .collect::<Vec<_>>(),
        ),
        (RulesFormat::Table, None) => {
            let mut rows = vec![[
                "ID", "NAME", "VERSION", "CONTROLS", "IN SCOPE", "COVERED", "RULES",
            ]
            .map(str::to_string)];
            for c in &selected {
                rows.push([
                    c.fw.id.clone(),
                    c.fw.name.clone(),
                    c.fw.version.clone(),
                    c.controls.len().to_string(),
                    c.in_scope().to_string(),
                    c.covered().to_string(),
                    c.rules().to_string(),
                ]);
            }
            columns(&rows)
        }
        (RulesFormat::Table, Some(_)) => {
            let mut out = String::new();
            for c in &selected {
                let _ = writeln!(
                    out,
                    "{} {} ({}): {} controls, {} covered by {}\n{}\n",
                    c.fw.id,
                    c.fw.name,
                    c.fw.version,
                    c.controls.len(),
                    c.covered(),
                    plural(c.rules(), "rule"),
                    c.fw.source
                );
                let mut rows = vec![["CONTROL", "RULES", "TITLE"].map(str::to_string)];
                for (ctl, rs) in &c.controls {
                    let rules = if ctl.out_of_scope {
                        "out of scope".to_string()
                    } else if rs.is_empty() {
                        "none".to_string()
                    } else {
                        rs.iter()
                            .map(|r| r.id.as_str())
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    rows.push([ctl.id.clone(), rules, ctl.title.clone()]);
                }
                out.push_str(&columns(&rows));
            }
            out
        }
        (RulesFormat::Markdown, None) => {
            let mut out = String::from(
                "| ID | Framework | Version | Controls | In scope | Covered | Rules |\n|---|---|---|---:|---:|---:|---:|\n",
            );
            for c in &selected {
                let _ = writeln!(
                    out,
                    "| `{}` | [{}]({}) | {} | {} | {} | {} | {} |",
                    cell(&c.fw.id),
                    cell(&c.fw.name),
                    cell(&c.fw.source),
                    cell(&c.fw.version),
                    c.controls.len(),
                    c.in_scope(),
                    c.covered(),
                    c.rules()
                );
            }
            out
        }
        (RulesFormat::Markdown, Some(_)) => {
            let mut out = String::new();
            for c in &selected {
                let _ = writeln!(
                    out,
                    "### {} ({})\n\n| Control | Title | Rules | Coverage |\n|---|---|---|---|",
                    cell(&c.fw.name),
                    cell(&c.fw.version)
                );
                for (ctl, rs) in &c.controls {
                    let rules = if ctl.out_of_scope {
                        "out of scope".to_string()
                    } else {
                        rs.iter()
                            .map(|r| r.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        cell(&ctl.id),
                        cell(&ctl.title),
                        cell(&rules),
                        cell(&ctl.coverage)
                    );
                }
                out.push('\n');
            }
            out
        }
    }
}

/// Aligned columns sized to their content, no trailing spaces.
fn columns<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, (c, w)) in row.iter().zip(widths).enumerate() {
            line.push_str(c);
            if i + 1 < N {
                line.push_str(&" ".repeat(w - c.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `3 passed, 1 failed, 20 not covered`.
pub(crate) fn counts_line(fw: &FrameworkReport) -> String {
    format!(
        "{} passed, {} failed, {} not covered",
        fw.summary.passed, fw.summary.failed, fw.summary.not_covered
    )
}

/// The label of a status, padded for the human table.
pub(crate) fn status_label(s: ControlStatus) -> &'static str {
    match s {
        ControlStatus::Failed => "FAILED",
        ControlStatus::Passed => "passed",
        ControlStatus::NotCovered => "not covered",
    }
}

/// The per-control section of the human report, plain text (the caller strips control
/// characters from catalogue text it did not write itself).
pub(crate) fn human_section(fw: &FrameworkReport, clean: impl Fn(&str) -> String) -> String {
    let mut out = format!(
        "Framework {} — {} ({}): {}\n",
        clean(&fw.id),
        clean(&fw.name),
        clean(&fw.version),
        counts_line(fw)
    );
    let id_width = fw.controls.iter().map(|c| c.id.width()).max().unwrap_or(0);
    for c in &fw.controls {
        let _ = writeln!(
            out,
            "  {:<11}  {:<id_width$}  {}",
            status_label(c.status),
            clean(&c.id),
            clean(&c.title)
        );
        let _ = writeln!(
            out,
            "  {:<11}  {:<id_width$}  {}",
            "",
            "",
            clean(&c.explanation)
        );
    }
    out.push('\n');
    out
}

/// The per-control section of the Markdown report.
pub(crate) fn markdown_section(fw: &FrameworkReport) -> String {
    let mut out = format!(
        "### Framework: {} ({})\n\n**{}**\n\n| Control | Status | Title | Evidence |\n|---|---|---|---|\n",
        cell(&fw.name),
        cell(&fw.version),
        counts_line(fw)
    );
    for c in &fw.controls {
        let status = match c.status {
            ControlStatus::Failed => "❌ failed",
            ControlStatus::Passed => "✅ passed",
            ControlStatus::NotCovered => "➖ not covered",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&c.id),
            status,
            cell(&c.title),
            cell(&c.explanation)
        );
    }
    out.push('\n');
    out
}
