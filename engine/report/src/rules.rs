//! Rule listings and rule documentation, derived only from [`RuleMeta`] (metadata is written once):
//! the `comply policies` table and Markdown table, the `comply explain` page (regal's doc
//! template: title, `ID · name · severity · category`, description, frameworks, remediation,
//! Avoid/Prefer), and the help text SARIF attaches to each rule.

use std::fmt::Write as _;

use comply_model::{Framework, RuleMeta};
use unicode_width::UnicodeWidthStr;

use crate::markdown::cell;
use crate::RuleExample;

/// `cis-kubernetes:5.2.2,5.2.3 pss-baseline:privileged-containers`.
fn frameworks_inline(r: &RuleMeta) -> String {
    r.frameworks
        .iter()
        .map(|(fw, controls)| {
            if controls.is_empty() {
                fw.clone()
            } else {
                format!("{fw}:{}", controls.join(","))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `comply policies` table: aligned columns sized to their content, no trailing spaces.
pub(crate) fn table(rules: &[RuleMeta]) -> String {
    let header = ["ID", "NAME", "SEVERITY", "CATEGORY", "FRAMEWORKS"].map(str::to_string);
    let mut rows = vec![header];
    for r in rules {
        rows.push([
            r.id.clone(),
            r.name.clone(),
            r.severity.as_str().to_string(),
            r.category.as_str().to_string(),
            frameworks_inline(r),
        ]);
    }
    let mut widths = [0usize; 5];
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, (c, w)) in row.iter().zip(widths).enumerate() {
            line.push_str(c);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(w - c.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The `comply policies --format markdown` table.
pub(crate) fn markdown_table(rules: &[RuleMeta]) -> String {
    let mut out = String::from(
        "| ID | Name | Severity | Category | Frameworks | Title |\n|---|---|---|---|---|---|\n",
    );
    for r in rules {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&r.id),
            cell(&r.name),
            r.severity,
            r.category,
            cell(&frameworks_inline(r)),
            cell(&r.title)
        );
    }
    out
}

/// The frameworks of a rule as a Markdown table (empty when it maps to none). With a catalogue,
/// one row per control with the control's title; without, one row per framework.
fn frameworks_table(r: &RuleMeta, catalogue: &[Framework]) -> String {
    if r.frameworks.is_empty() {
        return String::new();
    }
    if catalogue.is_empty() {
        let mut out = String::from("| Framework | Controls |\n|---|---|\n");
        for (fw, controls) in &r.frameworks {
            let _ = writeln!(out, "| {} | {} |", cell(fw), cell(&controls.join(", ")));
        }
        return out;
    }
    let mut out = String::from("| Framework | Control | Title |\n|---|---|---|\n");
    for (fw_id, controls) in &r.frameworks {
        let fw = catalogue.iter().find(|f| &f.id == fw_id);
        let fw_name = fw.map_or(fw_id.as_str(), |f| f.name.as_str());
        for c in controls {
            let title = fw
                .and_then(|f| f.control(c))
                .map_or("(not in the catalogue)", |ctl| ctl.title.as_str());
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&format!("{fw_name} (`{fw_id}`)")),
                cell(c),
                cell(title)
            );
        }
    }
    out
}

/// Plain-text help for SARIF `help.text`: remediation, then frameworks. Never empty.
pub(crate) fn help_text(r: &RuleMeta) -> String {
    let mut out = r.remediation.trim().to_string();
    if out.is_empty() {
        out = if r.title.trim().is_empty() {
            r.id.clone()
        } else {
            r.title.trim().to_string()
        };
    }
    if !r.frameworks.is_empty() {
        let fws: Vec<String> = r
            .frameworks
            .iter()
            .map(|(fw, c)| {
                if c.is_empty() {
                    fw.clone()
                } else {
                    format!("{fw} {}", c.join(", "))
                }
            })
            .collect();
        let _ = write!(out, "\n\nFrameworks: {}", fws.join("; "));
    }
    out
}

/// Markdown help for SARIF `help.markdown`: remediation, frameworks table, related resources.
pub(crate) fn help_markdown(r: &RuleMeta) -> String {
    let mut out = String::new();
    let remediation = r.remediation.trim();
    if remediation.is_empty() {
        out.push_str(if r.title.trim().is_empty() {
            &r.id
        } else {
            r.title.trim()
        });
    } else {
        let _ = write!(out, "**Remediation:** {remediation}");
    }
    let fw = frameworks_table(r, &[]);
    if !fw.is_empty() {
        let _ = write!(out, "\n\n{}", fw.trim_end());
    }
    if !r.related_resources.is_empty() {
        out.push_str("\n\n**Related resources:**\n");
        for link in &r.related_resources {
            let _ = write!(out, "\n- {link}");
        }
    }
    out
}

/// A code-block language for an example file.
fn language(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "yaml" | "yml" => "yaml",
        "tf" | "tfvars" | "hcl" => "hcl",
        "json" => "json",
        "tpl" => "gotmpl",
        _ => "",
    }
}

/// A fenced code block whose fence is longer than any backtick run in `text`.
fn code_block(out: &mut String, ex: &RuleExample) {
    let longest = ex.text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(out, "`{}`:\n", ex.file_name);
    let _ = writeln!(out, "{fence}{}", language(&ex.file_name));
    out.push_str(ex.text.trim_end_matches(['\n', '\r']));
    let _ = writeln!(out, "\n{fence}");
}

/// The `comply explain` page for one rule.
pub(crate) fn doc(
    r: &RuleMeta,
    avoid: Option<&RuleExample>,
    prefer: Option<&RuleExample>,
    catalogue: &[Framework],
) -> String {
    let mut out = String::new();
    let title = if r.title.trim().is_empty() {
        r.name.as_str()
    } else {
        r.title.trim()
    };
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(
        out,
        "**{}** · `{}` · {} · {}\n",
        r.id, r.name, r.severity, r.category
    );
    let description = r.description.trim();
    if !description.is_empty() {
        let _ = writeln!(out, "{description}\n");
    }
    let fw = frameworks_table(r, catalogue);
    if !fw.is_empty() {
        let _ = writeln!(out, "## Frameworks\n\n{fw}");
    }
    let remediation = r.remediation.trim();
    if !remediation.is_empty() {
        let _ = writeln!(out, "## Remediation\n\n{remediation}\n");
    }
    if let Some(ex) = avoid {
        out.push_str("## Avoid\n\n");
        code_block(&mut out, ex);
        out.push('\n');
    }
    if let Some(ex) = prefer {
        out.push_str("## Prefer\n\n");
        code_block(&mut out, ex);
        out.push('\n');
    }
    if !r.related_resources.is_empty() {
        out.push_str("## Related resources\n\n");
        for link in &r.related_resources {
            let _ = writeln!(out, "- {link}");
        }
        out.push('\n');
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}
