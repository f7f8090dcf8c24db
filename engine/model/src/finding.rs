//! What a scan produces: findings, diagnostics, and the report that carries both.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::path::PathSeg;
use crate::rule::{Category, RuleMeta, Severity};
use crate::span::Span;

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Relative to the scan root, forward slashes.
    pub file: Arc<str>,
    /// The region.
    pub span: Span,
    /// Why this place matters (for related locations: "value set here").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a finding is not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `inline` (a `comply:ignore` comment) or `baseline`.
    pub kind: String,
    /// The reason written with the ignore, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where the ignore was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// One violation of one rule by one object.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Rule id, `K8S-0001`.
    pub rule_id: String,
    /// Rule name, `privileged-container`.
    pub rule_name: String,
    /// Effective severity (after config overrides).
    pub severity: Severity,
    /// The rule's category.
    pub category: Category,
    /// What is wrong, naming the object.
    pub message: String,
    /// The primary location.
    pub location: Location,
    /// Other places that explain the finding (a values file line, a module call).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Location>,
    /// The JSON path the policy reported, relative to the resource.
    pub path: Vec<PathSeg>,
    /// The object: `Deployment/prod/web`, `aws_s3_bucket.logs`.
    pub resource: String,
    /// Environments (Helm overlays) the finding holds in; empty when not applicable.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<String>,
    /// Set when the finding is suppressed; suppressed findings never fail a scan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Stable identity across line moves: hash of rule, file, resource and path.
    pub fingerprint: String,
}

impl Finding {
    /// The deterministic sort key: file, line, column, rule, message.
    #[must_use]
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.location.file,
            self.location.span.start.line,
            self.location.span.start.col,
            &self.rule_id,
            &self.message,
        )
    }
}

/// How bad an operational problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticLevel {
    /// Something was not scanned or could not be evaluated; the exit code becomes 2.
    Error,
    /// Worth saying, does not change the exit code (an ignore that matched nothing, a skipped unit).
    Warning,
    /// Informational (a file skipped as not applicable).
    Note,
}

/// An operational message about the scan itself, not about the scanned code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Severity of the problem.
    pub level: DiagnosticLevel,
    /// The file concerned, relative to the scan root, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<Arc<str>>,
    /// 1-based line, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    /// A short machine-friendly code: `parse-error`, `unreadable`, `policy-error`, `unused-ignore`...
    pub code: String,
    /// What happened.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic of `level` about a file (column unknown).
    #[must_use]
    pub fn new(
        level: DiagnosticLevel,
        code: &str,
        file: Option<Arc<str>>,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            level,
            file,
            line,
            col: None,
            code: code.into(),
            message: message.into(),
        }
    }

    /// An error about a file.
    #[must_use]
    pub fn error(
        code: &str,
        file: Option<Arc<str>>,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(DiagnosticLevel::Error, code, file, line, message)
    }

    /// A warning about a file.
    #[must_use]
    pub fn warning(
        code: &str,
        file: Option<Arc<str>>,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(DiagnosticLevel::Warning, code, file, line, message)
    }
}

/// Everything a reporter needs.
#[derive(Debug, Clone, Default)]
pub struct ScanReport {
    /// The scan root as the user wrote it (for display).
    pub root: String,
    /// Findings, sorted by [`Finding::sort_key`]; suppressed ones included.
    pub findings: Vec<Finding>,
    /// Operational messages, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The rules that were evaluated (enabled, with effective severities), sorted by id.
    pub rules: Vec<RuleMeta>,
    /// Source text of every file that has a finding, for code frames.
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    /// Number of files scanned and documents evaluated.
    pub files_scanned: usize,
    /// Number of documents evaluated.
    pub documents: usize,
    /// The threshold: findings at or above fail the scan; `None` = never.
    pub fail_on: Option<Severity>,
    /// Wall time of the scan in milliseconds.
    pub duration_ms: u128,
    /// The per-control view when the scan ran with `--framework`.
    pub framework: Option<crate::framework::FrameworkReport>,
}

impl ScanReport {
    /// Unsuppressed findings at or above the threshold.
    #[must_use]
    pub fn failing(&self) -> usize {
        match self.fail_on {
            None => 0,
            Some(t) => self
                .findings
                .iter()
                .filter(|f| f.suppression.is_none() && f.severity >= t)
                .count(),
        }
    }

    /// Whether any diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.level == DiagnosticLevel::Error)
    }

    /// The exit code of DESIGN §3: 2 on an operational error, else 1 on failing findings, else 0.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        if self.has_errors() {
            2
        } else if self.failing() > 0 {
            1
        } else {
            0
        }
    }

    /// Counts of unsuppressed findings by category and severity.
    #[must_use]
    pub fn counts(&self) -> BTreeMap<(Category, Severity), usize> {
        let mut m = BTreeMap::new();
        for f in self.findings.iter().filter(|f| f.suppression.is_none()) {
            *m.entry((f.category, f.severity)).or_insert(0) += 1;
        }
        m
    }
}
