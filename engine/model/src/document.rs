//! A loaded document: one Kubernetes object, one Terraform resource, one pipeline. It is what a
//! policy sees as `input`.

use serde_json::{Map, Value};
use std::sync::Arc;

use crate::span::SpanNode;

/// What kind of source a document came from; policies select on it (`inputs: [{kind: ...}]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// A Kubernetes object (from a manifest, a Helm render or an admission request).
    Kubernetes,
    /// A Terraform resource after evaluation.
    Terraform,
    /// A GitHub Actions workflow or composite action.
    GithubActions,
    /// An Azure DevOps pipeline.
    AzurePipelines,
}

impl DocKind {
    /// The slug used in policy selectors and in the `input.kind` field.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Kubernetes => "kubernetes",
            Self::Terraform => "terraform",
            Self::GithubActions => "github-actions",
            Self::AzurePipelines => "azure-pipelines",
        }
    }

    /// Parses a selector slug.
    #[must_use]
    pub fn from_slug(s: &str) -> Option<Self> {
        Some(match s {
            "kubernetes" => Self::Kubernetes,
            "terraform" => Self::Terraform,
            "github-actions" => Self::GithubActions,
            "azure-pipelines" => Self::AzurePipelines,
            _ => return None,
        })
    }

    /// Every kind, for listings and validation messages.
    pub const ALL: [Self; 4] = [
        Self::Kubernetes,
        Self::Terraform,
        Self::GithubActions,
        Self::AzurePipelines,
    ];
}

/// One unit of evaluation.
#[derive(Debug, Clone)]
pub struct Document {
    /// Source kind.
    pub kind: DocKind,
    /// The file it came from, relative to the scan root, with forward slashes.
    pub file: Arc<str>,
    /// Its position among the documents of that file (0-based).
    pub index: usize,
    /// The object itself (a Kubernetes manifest, a Terraform resource's attributes, ...).
    pub resource: Value,
    /// Positions mirroring `resource`; `None` when the source has none (admission requests).
    pub spans: Option<Arc<SpanNode>>,
    /// The 1-based line where the document starts in `file` (0 when unknown).
    pub start_line: u32,
    /// Extra top-level `input` fields a loader wants policies to see (`source`, `environment`, ...).
    pub extra: Map<String, Value>,
}

impl Document {
    /// A document with no positions and no extras.
    #[must_use]
    pub fn new(kind: DocKind, file: impl Into<Arc<str>>, index: usize, resource: Value) -> Self {
        Self {
            kind,
            file: file.into(),
            index,
            resource,
            spans: None,
            start_line: 0,
            extra: Map::new(),
        }
    }

    /// A stable identity for the document within a scan: `file#index`.
    #[must_use]
    pub fn id(&self) -> String {
        format!("{}#{}", self.file, self.index)
    }

    /// The resource type selectors match on: a Kubernetes object's `kind`, a Terraform resource
    /// type, or the pipeline flavour.
    #[must_use]
    pub fn resource_type(&self) -> Option<&str> {
        match self.kind {
            DocKind::Kubernetes => self.resource.get("kind").and_then(Value::as_str),
            // The terraform document contract puts the type in `input.resource.type`.
            DocKind::Terraform => self
                .resource
                .get("type")
                .or_else(|| self.extra.get("type"))
                .and_then(Value::as_str),
            DocKind::GithubActions | DocKind::AzurePipelines => {
                self.extra.get("type").and_then(Value::as_str)
            }
        }
    }

    /// A human name for the object, used in messages and fingerprints:
    /// `Deployment/prod/web`, `aws_s3_bucket.logs`, the workflow's file name.
    #[must_use]
    pub fn display_name(&self) -> String {
        match self.kind {
            DocKind::Kubernetes => {
                let r = &self.resource;
                let kind = r.get("kind").and_then(Value::as_str).unwrap_or("Object");
                let meta = r.get("metadata");
                let name = meta
                    .and_then(|m| m.get("name").or_else(|| m.get("generateName")))
                    .and_then(Value::as_str)
                    .unwrap_or("unnamed");
                match meta
                    .and_then(|m| m.get("namespace"))
                    .and_then(Value::as_str)
                {
                    Some(ns) => format!("{kind}/{ns}/{name}"),
                    None => format!("{kind}/{name}"),
                }
            }
            _ => self
                .resource
                .get("address")
                .filter(|_| self.kind == DocKind::Terraform)
                .or_else(|| self.extra.get("address"))
                .and_then(Value::as_str)
                .map_or_else(|| self.file.to_string(), str::to_string),
        }
    }

    /// The `input` document policies evaluate: `{kind, file, id, resource, ...extra}`.
    #[must_use]
    pub fn to_input(&self) -> Value {
        let mut m = self.extra.clone();
        m.insert("kind".into(), Value::String(self.kind.as_str().into()));
        m.insert("file".into(), Value::String(self.file.to_string()));
        m.insert("id".into(), Value::String(self.id()));
        m.insert("resource".into(), self.resource.clone());
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::{DocKind, Document};
    use serde_json::json;

    #[test]
    fn terraform_documents_are_selected_by_resource_type() {
        let doc = Document::new(
            DocKind::Terraform,
            "main.tf",
            0,
            json!({"address": "module.net.aws_s3_bucket.logs", "type": "aws_s3_bucket", "values": {}}),
        );
        assert_eq!(doc.resource_type(), Some("aws_s3_bucket"));
        assert_eq!(doc.display_name(), "module.net.aws_s3_bucket.logs");
    }
}
