//! File units: one file read on its own. The text is read once (size, binary and UTF-8 checks in
//! `read.rs`), then offered to each reader in [`READERS`]; every reader decides from the text
//! (and the path) whether the file is its kind, so classification is by content, not by name.

use super::{LoadContext, Loaded, Unit};
use crate::kubernetes;
use crate::read::read_text;
use comply_model::Diagnostic;
use std::sync::Arc;

/// A reader of one kind of file: `None` when the text is not that kind.
/// Readers get the unit for its display path (`unit.rel`) and, when they follow references to
/// other files (pipeline templates), its location on disk (`unit.abs`).
pub(crate) type FileReader = fn(unit: &Unit, text: &str, ctx: &LoadContext<'_>) -> Option<Loaded>;

/// Readers tried in order; the output of every reader that recognises the file is kept.
pub(crate) const READERS: &[FileReader] = &[
    super::pipeline::read,
    read_kubernetes,
    super::terraform::read_plan,
];

/// Reads the file and runs every reader on it.
pub(crate) fn load(unit: &Unit, ctx: &LoadContext<'_>) -> Loaded {
    let text = match read_text(&unit.abs, ctx.max_bytes) {
        Ok(t) => t,
        Err(e) => {
            return Loaded::from_diagnostic(Diagnostic::error(
                "unreadable",
                Some(Arc::clone(&unit.rel)),
                e.line(),
                e.to_string(),
            ))
        }
    };
    let mut out = Loaded::default();
    for reader in READERS {
        if let Some(l) = reader(unit, &text, ctx) {
            out.extend(l);
        }
    }
    out.texts.push((Arc::clone(&unit.rel), text.into()));
    out
}

/// Kubernetes manifests: any YAML/JSON stream with `apiVersion` and `kind` objects.
fn read_kubernetes(unit: &Unit, text: &str, _ctx: &LoadContext<'_>) -> Option<Loaded> {
    // A file with top-level pipeline keys and no top-level `apiVersion` + `kind` cannot hold a
    // manifest; the pipeline reader owns it (and its parse errors).
    if !kubernetes::may_contain_manifests(text) || comply_pipelines::may_be_pipeline(text) {
        return None;
    }
    let file = &unit.rel;
    let loaded = kubernetes::load(file, text);
    let diagnostics = loaded
        .errors
        .into_iter()
        .map(|(line, col, msg)| parse_error(file, text, line, col, msg))
        .collect();
    Some(Loaded {
        documents: loaded.documents,
        diagnostics,
        texts: Vec::new(),
    })
}

/// A parse error at `line:col`; when that line holds `{{`, the file is probably an unrendered
/// template and the message says so.
pub(crate) fn parse_error(
    file: &Arc<str>,
    text: &str,
    line: u32,
    col: u32,
    msg: String,
) -> Diagnostic {
    let templated = usize::try_from(line)
        .ok()
        .and_then(|l| text.lines().nth(l.saturating_sub(1)))
        .is_some_and(|l| l.contains("{{"));
    let msg = if templated {
        format!("{msg} (the file looks like an unrendered template: `{{{{ ... }}}}`)")
    } else {
        msg
    };
    let mut d = Diagnostic::error("parse-error", Some(Arc::clone(file)), Some(line), msg);
    d.col = Some(col);
    d
}
