//! A positioned YAML tree ([`Y`]): the JSON value and its spans held together, so that template
//! expansion can splice, substitute and copy nodes without keeping two trees in step, and so the
//! normalised document is built with every node already pointing at its source.

use comply_model::{Span, SpanEntry, SpanNode};
use serde_json::{Map, Value};
use std::sync::Arc;

/// One node with its source span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Y {
    /// A mapping: entries in source order as (key, key span, value).
    Map(Vec<(String, Span, Y)>, Span),
    /// A sequence.
    Seq(Vec<Y>, Span),
    /// A scalar (string, number, bool or null).
    Scalar(Value, Span),
}

impl Y {
    /// Zips a loaded value with its span tree. Entries follow the span tree's source order; a
    /// duplicated key keeps its last occurrence, as the value does.
    pub(crate) fn from_parts(value: Value, spans: &SpanNode) -> Self {
        match value {
            Value::Object(mut map) => {
                let (whole, entries): (Span, &[SpanEntry]) = match spans {
                    SpanNode::Map { span, entries } => (span.clone(), entries),
                    other => (other.span().clone(), &[]),
                };
                let mut out: Vec<(String, Span, Y)> = Vec::with_capacity(map.len());
                for e in entries.iter().rev() {
                    if let Some(v) = map.remove(&e.key) {
                        out.push((
                            e.key.clone(),
                            e.key_span.clone(),
                            Self::from_parts(v, &e.value),
                        ));
                    }
                }
                out.reverse();
                // Keys without a recorded span (should not happen) point at the mapping.
                for (k, v) in map {
                    let leaf = SpanNode::Leaf {
                        span: whole.clone(),
                    };
                    out.push((k, whole.clone(), Self::from_parts(v, &leaf)));
                }
                Self::Map(out, whole)
            }
            Value::Array(items) => {
                let (whole, spans): (Span, &[SpanNode]) = match spans {
                    SpanNode::Seq { span, items } => (span.clone(), items),
                    other => (other.span().clone(), &[]),
                };
                let out = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let leaf;
                        let s = match spans.get(i) {
                            Some(s) => s,
                            None => {
                                leaf = SpanNode::Leaf {
                                    span: whole.clone(),
                                };
                                &leaf
                            }
                        };
                        Self::from_parts(v, s)
                    })
                    .collect();
                Self::Seq(out, whole)
            }
            scalar => Self::Scalar(scalar, spans.span().clone()),
        }
    }

    /// Splits the tree back into a value and its spans.
    pub(crate) fn into_parts(self) -> (Value, SpanNode) {
        match self {
            Self::Map(entries, span) => {
                let mut map = Map::new();
                let mut spans = Vec::with_capacity(entries.len());
                for (k, key_span, v) in entries {
                    let (value, node) = v.into_parts();
                    map.insert(k.clone(), value);
                    spans.push(SpanEntry {
                        key: k,
                        key_span,
                        value: node,
                    });
                }
                (
                    Value::Object(map),
                    SpanNode::Map {
                        span,
                        entries: spans,
                    },
                )
            }
            Self::Seq(items, span) => {
                let (values, nodes): (Vec<_>, Vec<_>) =
                    items.into_iter().map(Self::into_parts).unzip();
                (Value::Array(values), SpanNode::Seq { span, items: nodes })
            }
            Self::Scalar(v, span) => (v, SpanNode::Leaf { span }),
        }
    }

    /// The node's own span.
    pub(crate) fn span(&self) -> &Span {
        match self {
            Self::Map(_, s) | Self::Seq(_, s) | Self::Scalar(_, s) => s,
        }
    }

    /// The value of `key` in a mapping (the last one when duplicated).
    pub(crate) fn get(&self, key: &str) -> Option<&Y> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key span and value of `key` in a mapping.
    pub(crate) fn entry(&self, key: &str) -> Option<(&Span, &Y)> {
        match self {
            Self::Map(entries, _) => entries
                .iter()
                .rev()
                .find(|(k, _, _)| k == key)
                .map(|(_, s, v)| (s, v)),
            _ => None,
        }
    }

    /// The string of a string scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::Scalar(Value::String(s), _) => Some(s),
            _ => None,
        }
    }

    /// A scalar rendered as text (strings as is, numbers and booleans printed).
    pub(crate) fn scalar_text(&self) -> Option<String> {
        match self {
            Self::Scalar(Value::String(s), _) => Some(s.clone()),
            Self::Scalar(Value::Null, _) => None,
            Self::Scalar(v, _) => Some(v.to_string()),
            _ => None,
        }
    }

    /// The string value of `key`.
    pub(crate) fn str_of(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Y::as_str)
    }

    /// Mapping entries (empty for anything else).
    pub(crate) fn entries(&self) -> &[(String, Span, Y)] {
        match self {
            Self::Map(e, _) => e,
            _ => &[],
        }
    }

    /// Sequence items (empty for anything else).
    pub(crate) fn items(&self) -> &[Y] {
        match self {
            Self::Seq(i, _) => i,
            _ => &[],
        }
    }

    /// Whether this is a mapping.
    pub(crate) fn is_map(&self) -> bool {
        matches!(self, Self::Map(..))
    }

    /// The plain JSON value (a copy).
    #[cfg(test)]
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Self::Map(entries, _) => Value::Object(
                entries
                    .iter()
                    .map(|(k, _, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
            Self::Seq(items, _) => Value::Array(items.iter().map(Y::to_value).collect()),
            Self::Scalar(v, _) => v.clone(),
        }
    }

    /// A copy of the tree with the file of every span set to `file` (for nodes read from
    /// another file), in one pass.
    pub(crate) fn clone_in_file(&self, file: &Arc<str>) -> Self {
        let sp = |s: &Span| Span {
            start: s.start,
            end: s.end,
            file: Some(Arc::clone(file)),
            origin: s.origin.clone(),
        };
        match self {
            Self::Map(entries, s) => Self::Map(
                entries
                    .iter()
                    .map(|(k, ks, v)| (k.clone(), sp(ks), v.clone_in_file(file)))
                    .collect(),
                sp(s),
            ),
            Self::Seq(items, s) => {
                Self::Seq(items.iter().map(|v| v.clone_in_file(file)).collect(), sp(s))
            }
            Self::Scalar(v, s) => Self::Scalar(v.clone(), sp(s)),
        }
    }

    /// Records on every span of the tree where it was included from (a related location of
    /// findings inside a template); spans that already have an origin keep it.
    pub(crate) fn set_origin(&mut self, origin: &Arc<comply_model::Origin>) {
        fn fix(s: &mut Span, o: &Arc<comply_model::Origin>) {
            if s.origin.is_none() {
                s.origin = Some(Arc::clone(o));
            }
        }
        match self {
            Self::Map(entries, s) => {
                fix(s, origin);
                for (_, ks, v) in entries {
                    fix(ks, origin);
                    v.set_origin(origin);
                }
            }
            Self::Seq(items, s) => {
                fix(s, origin);
                for v in items {
                    v.set_origin(origin);
                }
            }
            Self::Scalar(_, s) => fix(s, origin),
        }
    }

    /// A string scalar at `span`.
    pub(crate) fn str(s: impl Into<String>, span: &Span) -> Self {
        Self::Scalar(Value::String(s.into()), span.clone())
    }

    /// A scalar at `span`.
    pub(crate) fn val(v: Value, span: &Span) -> Self {
        Self::Scalar(v, span.clone())
    }

    /// A null at `span`.
    pub(crate) fn null(span: &Span) -> Self {
        Self::Scalar(Value::Null, span.clone())
    }
}

/// Entries of a normalised step or job (a little more than either has).
pub(crate) const STEP_OR_JOB_FIELDS: usize = 24;

/// Builds a normalised mapping whose entries point at source spans.
pub(crate) struct MapBuilder {
    entries: Vec<(String, Span, Y)>,
    span: Span,
}

impl MapBuilder {
    /// A mapping located at `span`.
    pub(crate) fn new(span: &Span) -> Self {
        Self::with_capacity(span, 0)
    }

    /// A mapping located at `span` with room for `n` entries, so that steps and jobs (about
    /// 24 fields each) are not regrown field by field.
    pub(crate) fn with_capacity(span: &Span, n: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            span: span.clone(),
        }
    }

    /// Adds `key` whose key span is the value's own span.
    pub(crate) fn put(&mut self, key: &str, value: Y) -> &mut Self {
        let s = value.span().clone();
        self.entries.push((key.to_string(), s, value));
        self
    }

    /// Adds `key` with an explicit key span (the source key's position).
    pub(crate) fn put_at(&mut self, key: &str, key_span: &Span, value: Y) -> &mut Self {
        self.entries
            .push((key.to_string(), key_span.clone(), value));
        self
    }

    /// Adds a copy of the source entry `key` of `src` under `name`, or `default` when absent.
    pub(crate) fn copy(&mut self, name: &str, src: &Y, key: &str, default: Y) -> &mut Self {
        match src.entry(key) {
            Some((ks, v)) => self.put_at(name, ks, v.clone()),
            None => self.put(name, default),
        }
    }

    /// The finished mapping.
    pub(crate) fn build(self) -> Y {
        Y::Map(self.entries, self.span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_values_and_spans() {
        let opts = comply_yaml::Options::with_schema(comply_yaml::Schema::Core);
        let doc = comply_yaml::parse_single("a: 1\nb: [x, {c: on}]\na: 2\n", &opts).expect("yaml");
        let y = Y::from_parts(doc.value.clone(), &doc.spans);
        assert_eq!(
            y.get("a"),
            Some(&Y::val(
                serde_json::json!(2),
                &y.get("a").expect("a").span().clone()
            ))
        );
        assert_eq!(y.get("a").map(|v| v.span().start.line), Some(3));
        let (v, s) = y.into_parts();
        assert_eq!(v, doc.value);
        assert_eq!(s.span().start.line, 1);
        assert_eq!(v["b"][1]["c"], serde_json::json!("on"));
    }
}
