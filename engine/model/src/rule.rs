//! Rule metadata: what comply knows about a policy, parsed from its `# METADATA` block.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::document::DocKind;

/// How bad a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Hardening advice.
    Low,
    /// Weakens a control.
    Medium,
    /// Breaks a control.
    High,
    /// Breaks a control in a way that is exploitable as it stands.
    Critical,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL_DESC: [Self; 4] = [Self::Critical, Self::High, Self::Medium, Self::Low];

    /// The lowercase slug.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// SARIF `security-severity` (GitHub's scale).
    #[must_use]
    pub const fn security_severity(self) -> &'static str {
        match self {
            Self::Low => "3.0",
            Self::Medium => "5.5",
            Self::High => "8.0",
            Self::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "low" => Self::Low,
            "medium" => Self::Medium,
            "high" => Self::High,
            "critical" => Self::Critical,
            _ => {
                return Err(format!(
                    "unknown severity `{s}` (expected critical, high, medium or low)"
                ))
            }
        })
    }
}

/// The closed list of categories (DESIGN §5). Every rule has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Public exposure, open network rules, missing network policies.
    NetworkIsolation,
    /// Pod Security Standards.
    PodSecurity,
    /// Encryption at rest and on/off transit encryption.
    Encryption,
    /// Required tags and labels.
    Tagging,
    /// Requests, limits, quotas.
    ResourceQuotas,
    /// Minimum TLS versions and certificate verification.
    Tls,
    /// Backups, retention, versioning.
    BackupRetention,
    /// CI pipelines and image provenance.
    SupplyChain,
}

impl Category {
    /// Every category in the order of DESIGN §5.
    pub const ALL: [Self; 8] = [
        Self::NetworkIsolation,
        Self::PodSecurity,
        Self::Encryption,
        Self::Tagging,
        Self::ResourceQuotas,
        Self::Tls,
        Self::BackupRetention,
        Self::SupplyChain,
    ];

    /// The kebab-case slug.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NetworkIsolation => "network-isolation",
            Self::PodSecurity => "pod-security",
            Self::Encryption => "encryption",
            Self::Tagging => "tagging",
            Self::ResourceQuotas => "resource-quotas",
            Self::Tls => "tls",
            Self::BackupRetention => "backup-retention",
            Self::SupplyChain => "supply-chain",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<_> = Self::ALL.iter().map(|c| c.as_str()).collect();
                format!(
                    "unknown category `{s}` (expected one of {})",
                    all.join(", ")
                )
            })
    }
}

/// Which documents a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputSelector {
    /// The document kind.
    pub kind: DocKind,
    /// Resource types (Kubernetes kinds, Terraform resource types); empty = all.
    pub resources: Vec<String>,
}

impl InputSelector {
    /// Whether a document of `kind` and `resource_type` is selected.
    #[must_use]
    pub fn matches(&self, kind: DocKind, resource_type: Option<&str>) -> bool {
        self.kind == kind
            && (self.resources.is_empty()
                || resource_type.is_some_and(|t| self.resources.iter().any(|r| r == t)))
    }
}

impl Serialize for DocKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Everything comply knows about one rule.
#[derive(Debug, Clone, Serialize)]
pub struct RuleMeta {
    /// Stable id, `K8S-0001`.
    pub id: String,
    /// Kebab-case name, from the policy's directory (or package leaf).
    pub name: String,
    /// One-line title.
    pub title: String,
    /// Longer description (markdown).
    pub description: String,
    /// Default severity (after config overrides when attached to a finding).
    pub severity: Severity,
    /// The one category.
    pub category: Category,
    /// Framework id to control ids.
    pub frameworks: BTreeMap<String, Vec<String>>,
    /// How to fix it.
    pub remediation: String,
    /// Which documents the rule reads.
    pub inputs: Vec<InputSelector>,
    /// Links for further reading.
    pub related_resources: Vec<String>,
    /// The Rego package, `data.comply.kubernetes.privileged_container`.
    pub package: String,
    /// The policy file it was read from (for built-ins, relative to `policies/`).
    pub source: String,
    /// Whether the rule reads `data.comply.inventory` (skipped where there is no inventory).
    pub uses_inventory: bool,
    /// The kinds of `data.comply.inventory.by_kind` the rule reads (METADATA
    /// `custom.inventory`); `None` = every kind. Lets a scan index only what its rules read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inventory_kinds: Option<Vec<String>>,
    /// Whether the rule is built into comply.
    pub builtin: bool,
}

impl RuleMeta {
    /// Whether the rule applies to a document.
    #[must_use]
    pub fn selects(&self, kind: DocKind, resource_type: Option<&str>) -> bool {
        self.inputs.iter().any(|s| s.matches(kind, resource_type))
    }
}
