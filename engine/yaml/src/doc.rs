//! The result of loading one YAML document: its JSON value, and positions of the same shape.

use comply_model::SpanNode;
use serde_json::Value;

/// One loaded, non-empty document of a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlDoc {
    /// Position among the non-empty documents of the stream (0-based); a document that failed
    /// to load takes its position too.
    pub index: usize,
    /// The document as JSON (map keys are always strings).
    pub value: Value,
    /// Source positions mirroring `value` (absolute lines in the file).
    pub spans: SpanNode,
    /// The first line of the document's content (its first key, for a mapping), 1-based.
    pub start_line: u32,
}
