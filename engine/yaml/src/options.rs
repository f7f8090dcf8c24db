//! Knobs for loading: which scalar schema to resolve plain scalars with, and the resource
//! limits that keep hostile input (alias bombs, deep nesting, huge documents) cheap to reject.

/// How untagged plain scalars become JSON values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Schema {
    /// YAML 1.1 as Kubernetes reads it (`sigs.k8s.io/yaml`, go-yaml v2): `yes`/`no`/`on`/`off`/`y`/`n`
    /// are booleans, `0777` is octal, `0x1F`, `0b101`, `1_000` are integers.
    #[default]
    Yaml11,
    /// The YAML 1.2 core schema: only `true`/`false` are booleans, `0o17` is octal, `0777` is decimal.
    Core,
}

/// Resource limits applied per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Deepest allowed nesting of collections (a flat mapping has depth 1).
    pub max_depth: usize,
    /// Budget of nodes produced by alias expansion per document.
    pub max_alias_nodes: usize,
    /// Largest accepted document, in bytes of source text.
    pub max_document_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 128,
            max_alias_nodes: 1_000_000,
            max_document_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Everything that tunes a load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Options {
    /// Scalar resolution schema (default: [`Schema::Yaml11`]).
    pub schema: Schema,
    /// Resource limits.
    pub limits: Limits,
}

impl Options {
    /// Options with the given schema and default limits.
    #[must_use]
    pub fn with_schema(schema: Schema) -> Self {
        Self {
            schema,
            limits: Limits::default(),
        }
    }
}
