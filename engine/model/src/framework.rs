//! Compliance frameworks: the catalogue of a framework's controls (read from `frameworks/*.yaml`)
//! and the per-control verdict of a scan run with `--framework`. Rules name controls in their
//! METADATA (`frameworks: {soc2: ["CC6.1"]}`); these types let every reporter show "which
//! controls do we meet?" the same way. Pure data: parsing and evaluation live in the CLI.

use serde::{Deserialize, Serialize};

/// One framework of the catalogue (`frameworks/<id>.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable id, the file stem: `pss-restricted`, `soc2`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The version of the framework the controls follow.
    pub version: String,
    /// Where the framework is published.
    pub source: String,
    /// What the framework is and how comply evidences it.
    #[serde(default)]
    pub description: String,
    /// The controls, in the framework's order.
    pub controls: Vec<Control>,
}

impl Framework {
    /// The control with this id.
    #[must_use]
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }
}

/// One control of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// The framework's id for it: `5.2.5`, `CC6.1`, `privilege-escalation`.
    pub id: String,
    /// What the control asks, in comply's words.
    pub title: String,
    /// The framework section it belongs to, for grouping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// How comply evidences the control, or why a static scan cannot.
    pub coverage: String,
    /// Not checkable from configuration files by design (organisational, runtime, physical).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub out_of_scope: bool,
}

/// The verdict on one control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    /// At least one unsuppressed finding of a rule mapped to the control.
    Failed,
    /// Mapped rules were evaluated on at least one document and found nothing.
    Passed,
    /// No evidence either way; [`NotCoveredReason`] says why.
    NotCovered,
}

impl ControlStatus {
    /// The kebab-case slug.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::Passed => "passed",
            Self::NotCovered => "not-covered",
        }
    }
}

/// Why a control is not covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotCoveredReason {
    /// The catalogue marks the control as out of reach of a static scan.
    OutOfScope,
    /// No rule (built-in or `--policies`) maps to the control.
    NoRule,
    /// Rules map to it, but all of them are disabled by configuration or left out by `--rule`.
    RulesDisabled,
    /// Rules map to it, but no scanned document is of a kind they read.
    NoDocuments,
}

impl NotCoveredReason {
    /// The kebab-case slug.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OutOfScope => "out-of-scope",
            Self::NoRule => "no-rule",
            Self::RulesDisabled => "rules-disabled",
            Self::NoDocuments => "no-documents",
        }
    }
}

/// A rule mapped to a control, and what it did in this scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlRule {
    /// Rule id.
    pub id: String,
    /// Rule name.
    pub name: String,
    /// Whether the rule was evaluated in this scan (not disabled, not left out by `--rule`).
    pub enabled: bool,
    /// Documents the rule was evaluated on.
    pub documents: usize,
    /// Its unsuppressed findings.
    pub findings: usize,
    /// Its suppressed findings.
    pub suppressed: usize,
}

/// The verdict on one control, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlResult {
    /// Control id.
    pub id: String,
    /// Control title.
    pub title: String,
    /// Framework section, if any.
    pub section: Option<String>,
    /// The catalogue's coverage explanation.
    pub coverage: String,
    /// The verdict.
    pub status: ControlStatus,
    /// Set when `status` is [`ControlStatus::NotCovered`].
    pub reason: Option<NotCoveredReason>,
    /// One sentence explaining the verdict for this scan.
    pub explanation: String,
    /// The rules mapped to the control, sorted by id.
    pub rules: Vec<ControlRule>,
    /// Fingerprints of the unsuppressed findings that fail the control, in report order.
    pub findings: Vec<String>,
}

/// Counts of controls by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ControlCounts {
    /// Controls passed.
    pub passed: usize,
    /// Controls failed.
    pub failed: usize,
    /// Controls not covered.
    pub not_covered: usize,
}

/// The per-control view of a scan run with `--framework ID`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameworkReport {
    /// Framework id.
    pub id: String,
    /// Framework name.
    pub name: String,
    /// Framework version.
    pub version: String,
    /// Where it is published.
    pub source: String,
    /// Counts by status.
    pub summary: ControlCounts,
    /// Every control of the framework, in catalogue order.
    pub controls: Vec<ControlResult>,
}
