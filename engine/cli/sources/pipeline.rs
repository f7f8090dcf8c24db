//! CI pipeline files (GitHub Actions workflows and actions, Azure DevOps pipelines and
//! templates), read by `comply-pipelines`. Recognition is by content, so a workflow outside
//! `.github/workflows/` (a starter template, a policy fixture) is read too. Azure templates
//! that another scanned pipeline includes are evaluated in that pipeline's context only:
//! [`drop_included_templates`] removes their standalone documents after loading.

use super::{LoadContext, Loaded, Unit};
use comply_model::{Diagnostic, DiagnosticLevel, DocKind, Document};
use serde_json::Value;
use std::sync::Arc;

/// A workflow, an action's metadata, or an Azure pipeline; `None` for any other file.
/// Included files are read through the scan's shared set, once each.
pub(crate) fn read(unit: &Unit, text: &str, ctx: &LoadContext<'_>) -> Option<Loaded> {
    let l = comply_pipelines::load_shared(&unit.rel, &unit.abs, text, &ctx.pipeline_files)?;
    Some(Loaded {
        documents: l.documents,
        diagnostics: l.diagnostics,
        texts: l.texts,
    })
}

/// Removes the standalone documents of Azure templates that another document expanded, with
/// a note for each saying where its content was evaluated.
pub(crate) fn drop_included_templates(documents: &mut Vec<(usize, Document)>) -> Vec<Diagnostic> {
    let pairs: Vec<(Arc<str>, Vec<String>)> = documents
        .iter()
        .filter(|(_, d)| d.kind == DocKind::AzurePipelines)
        .map(|(_, d)| {
            let templates = d
                .extra
                .get("templates")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            (Arc::clone(&d.file), templates)
        })
        .collect();
    let drop = comply_pipelines::included_elsewhere(&pairs);
    if drop.is_empty() {
        return Vec::new();
    }
    let notes = drop
        .iter()
        .map(|file| {
            let by: Vec<&str> = pairs
                .iter()
                .filter(|(f, ts)| !drop.contains(f) && ts.iter().any(|t| **t == **file))
                .map(|(f, _)| &**f)
                .take(3)
                .collect();
            let by = if by.is_empty() { "another template".to_string() } else { by.join(", ") };
            Diagnostic::new(
                DiagnosticLevel::Note,
                "template-included",
                Some(Arc::clone(file)),
                None,
                format!("Azure Pipelines template evaluated where it is included ({by}), not on its own"),
            )
        })
        .collect();
    documents.retain(|(_, d)| d.kind != DocKind::AzurePipelines || !drop.contains(&d.file));
    notes
}
