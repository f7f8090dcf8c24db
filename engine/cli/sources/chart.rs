//! Helm chart units. Charts are recognised by discovery so that their Go templates are never
//! parsed as raw YAML; until native rendering lands, a chart is reported as skipped (a note, not
//! an error: nothing in it was misread).

use super::{LoadContext, Loaded, Unit};
use comply_model::{Diagnostic, DiagnosticLevel};
use std::sync::Arc;

/// Reports the chart as skipped.
pub(crate) fn load(unit: &Unit, _ctx: &LoadContext<'_>) -> Loaded {
    Loaded::from_diagnostic(Diagnostic::new(
        DiagnosticLevel::Note,
        "skipped-unit",
        Some(Arc::clone(&unit.rel)),
        None,
        format!(
            "Helm chart {}: templates are not rendered by this version; skipped",
            unit.rel
        ),
    ))
}
