//! `<<` merge keys (YAML 1.1 merge type, as go-yaml and Kubernetes apply them): the entries of
//! one mapping, or of a sequence of mappings, are copied into the enclosing mapping. Keys
//! written explicitly in the mapping win over merged ones, wherever they appear; among merged
//! mappings, earlier ones win over later ones.

use comply_model::{SpanEntry, SpanNode};
use serde_json::{Map, Value};

use crate::error::{ErrorKind, YamlError};

/// The value of one `<<` key, with its spans.
pub(crate) struct MergeSource {
    pub(crate) value: Value,
    pub(crate) spans: SpanNode,
}

/// The mappings queued for merging into one open mapping, in source order.
#[derive(Default)]
pub(crate) struct Merges {
    sources: Vec<(Map<String, Value>, Vec<SpanEntry>)>,
}

impl Merges {
    /// Queues a `<<` value; only a mapping or a sequence of mappings is accepted.
    pub(crate) fn add(&mut self, src: MergeSource) -> Result<(), YamlError> {
        match (src.value, src.spans) {
            (Value::Object(map), SpanNode::Map { entries, .. }) => {
                self.sources.push((map, entries))
            }
            (Value::Array(values), SpanNode::Seq { items, .. }) => {
                for (value, spans) in values.into_iter().zip(items) {
                    match (value, spans) {
                        (Value::Object(map), SpanNode::Map { entries, .. }) => {
                            self.sources.push((map, entries))
                        }
                        (_, other) => return Err(invalid(&other)),
                    }
                }
            }
            (_, other) => return Err(invalid(&other)),
        }
        Ok(())
    }

    /// Adds every queued entry whose key is not already in `map`, first source first.
    pub(crate) fn apply(self, map: &mut Map<String, Value>, entries: &mut Vec<SpanEntry>) {
        for (mut src_map, src_entries) in self.sources {
            // Walk backwards so a key duplicated inside a source keeps its last (winning) span.
            let mut taken = Vec::new();
            for entry in src_entries.into_iter().rev() {
                if map.contains_key(&entry.key) {
                    continue;
                }
                if let Some(v) = src_map.remove(&entry.key) {
                    taken.push((entry, v));
                }
            }
            for (entry, v) in taken.into_iter().rev() {
                map.insert(entry.key.clone(), v);
                entries.push(entry);
            }
        }
    }
}

fn invalid(spans: &SpanNode) -> YamlError {
    YamlError::at(
        ErrorKind::InvalidMerge,
        spans.span().start,
        "a `<<` merge value must be a mapping or a sequence of mappings",
    )
}
