//! The vocabulary every comply crate speaks: where a value came from ([`Span`], [`SpanNode`]),
//! what was loaded ([`Document`]), what a rule is ([`RuleMeta`]), what it found ([`Finding`]),
//! and what went wrong while scanning ([`Diagnostic`]). Nothing here does I/O.
#![deny(missing_docs)]

pub mod calendar;
mod document;
mod finding;
mod framework;
mod path;
mod rule;
mod span;

pub use document::{DocKind, Document};
pub use finding::{Diagnostic, DiagnosticLevel, Finding, Location, ScanReport, Suppression};
pub use framework::{
    Control, ControlCounts, ControlResult, ControlRule, ControlStatus, Framework, FrameworkReport,
    NotCoveredReason,
};
pub use path::{format_path, PathSeg};
pub use rule::{Category, InputSelector, RuleMeta, Severity};
pub use span::{Origin, Pos, Span, SpanEntry, SpanNode};
