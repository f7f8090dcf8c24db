//! Why loading a YAML document failed, and where. Every error carries a 1-based line and
//! column in the original file so diagnostics can point at the offending text.

use thiserror::Error;

/// The broad category of a [`YamlError`]; callers map it to diagnostic codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text is not well-formed YAML (reported by the scanner/parser).
    Syntax,
    /// A mapping key is a sequence or a mapping; JSON keys must be strings.
    ComplexKey,
    /// A `<<` merge key whose value is not a mapping or a sequence of mappings.
    InvalidMerge,
    /// An explicitly tagged scalar (`!!int`, `!!bool`, `!!float`) whose text does not fit the tag.
    InvalidTaggedScalar,
    /// An alias refers to an anchor whose node is still being built (`&a [*a]`).
    RecursiveAlias,
    /// Alias and merge expansion produced more nodes than `Limits::max_alias_nodes`.
    AliasBudget,
    /// Collections nest deeper than `Limits::max_depth`.
    TooDeep,
    /// A document is larger than `Limits::max_document_bytes`.
    TooLarge,
}

/// A positioned loading error. `Display` renders `line L, column C: message`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}, column {col}: {message}")]
pub struct YamlError {
    /// 1-based line in the original file.
    pub line: u32,
    /// 1-based column (in characters).
    pub col: u32,
    /// What went wrong, for programmatic handling.
    pub kind: ErrorKind,
    /// A human-readable description, without the position.
    pub message: String,
}

impl YamlError {
    /// Creates an error at a position.
    #[must_use]
    pub fn new(kind: ErrorKind, line: u32, col: u32, message: impl Into<String>) -> Self {
        Self {
            line,
            col,
            kind,
            message: message.into(),
        }
    }

    /// Creates an error at the start of a span.
    pub(crate) fn at(kind: ErrorKind, pos: comply_model::Pos, message: impl Into<String>) -> Self {
        Self::new(kind, pos.line, pos.col, message)
    }
}
