//! Source positions. Loaders build a [`SpanNode`] tree that mirrors a document's value, so that a
//! JSON path reported by a policy can be mapped back to the closest line and column of its source.

use serde::Serialize;
use std::sync::Arc;

use crate::path::PathSeg;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl Pos {
    /// A position from 1-based line and column.
    #[must_use]
    pub const fn new(line: u32, col: u32) -> Self {
        Self { line, col }
    }
}

/// A region of a source file. `file` is `None` when the region lies in the file of the document
/// that owns it; loaders that pull text from other files (Helm templates, Terraform child
/// modules) set it to that file's path relative to the scan root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// Where the region starts.
    pub start: Pos,
    /// Where the region ends: the position just past its last character (exclusive).
    pub end: Pos,
    /// The file, when it differs from the owning document's file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<Arc<str>>,
    /// Another place that explains this region, reported as a related location of findings:
    /// for a value a Terraform module call passed in, the child module line that uses it; for a
    /// value written in a child module, the module call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Arc<Origin>>,
}

/// A related place attached to a [`Span`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    /// Where (its `file` should be set).
    pub span: Span,
    /// Why it matters: "module call", "value used here".
    pub note: String,
}

impl Span {
    /// A span within the owning document's file.
    #[must_use]
    pub const fn new(start: Pos, end: Pos) -> Self {
        Self {
            start,
            end,
            file: None,
            origin: None,
        }
    }

    /// A span covering a single position.
    #[must_use]
    pub const fn point(line: u32, col: u32) -> Self {
        Self::new(Pos::new(line, col), Pos::new(line, col))
    }
}

/// A tree of spans shaped like the document's value.
///
/// For a mapping entry both the key's span and the value's node are kept: a finding on a
/// block-valued entry (`securityContext:`) points at the key's line, not at its first child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanNode {
    /// A mapping (YAML map, HCL block or object).
    Map {
        /// The whole mapping.
        span: Span,
        /// Entries in source order.
        entries: Vec<SpanEntry>,
    },
    /// A sequence.
    Seq {
        /// The whole sequence.
        span: Span,
        /// Items in order.
        items: Vec<SpanNode>,
    },
    /// A scalar (or anything without addressable children).
    Leaf {
        /// The scalar.
        span: Span,
    },
}

/// One entry of a [`SpanNode::Map`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanEntry {
    /// The key as it appears in the document's value.
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// The value's spans.
    pub value: SpanNode,
}

impl SpanNode {
    /// The span of this node as a whole.
    #[must_use]
    pub fn span(&self) -> &Span {
        match self {
            Self::Map { span, .. } | Self::Seq { span, .. } | Self::Leaf { span } => span,
        }
    }

    /// Maps a JSON path to the closest span: the key of the last path element that exists
    /// (for a sequence item, the item itself). A path that leaves the tree resolves to the
    /// deepest existing ancestor, so a missing field points at the parent that lacks it.
    /// Returns the span and how many path elements were matched.
    #[must_use]
    pub fn locate(&self, path: &[PathSeg]) -> (&Span, usize) {
        let mut node = self;
        let mut best = self.span();
        let mut matched = 0;
        for seg in path {
            let next = match (node, seg) {
                (Self::Map { entries, .. }, PathSeg::Key(k)) => entries
                    .iter()
                    .rev() // a duplicated key: the last one wins, as in the value
                    .find(|e| e.key == *k)
                    .map(|e| (&e.key_span, &e.value)),
                (Self::Map { entries, .. }, PathSeg::Index(i)) => {
                    let k = i.to_string();
                    entries
                        .iter()
                        .rev()
                        .find(|e| e.key == k)
                        .map(|e| (&e.key_span, &e.value))
                }
                (Self::Seq { items, .. }, PathSeg::Index(i)) => {
                    items.get(*i).map(|n| (n.span(), n))
                }
                _ => None,
            };
            match next {
                Some((span, child)) => {
                    best = span;
                    node = child;
                    matched += 1;
                }
                None => break,
            }
        }
        (best, matched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(line: u32) -> SpanNode {
        SpanNode::Leaf {
            span: Span::point(line, 5),
        }
    }

    #[test]
    fn locate_prefers_key_and_falls_back_to_parent() {
        let tree = SpanNode::Map {
            span: Span::point(1, 1),
            entries: vec![SpanEntry {
                key: "spec".into(),
                key_span: Span::point(2, 1),
                value: SpanNode::Map {
                    span: Span::point(3, 3),
                    entries: vec![SpanEntry {
                        key: "containers".into(),
                        key_span: Span::point(3, 3),
                        value: SpanNode::Seq {
                            span: Span::point(4, 5),
                            items: vec![leaf(4), leaf(7)],
                        },
                    }],
                },
            }],
        };
        let p = |s: &[&str]| -> Vec<PathSeg> {
            s.iter()
                .map(|x| {
                    x.parse::<usize>()
                        .map_or_else(|_| PathSeg::Key((*x).to_string()), PathSeg::Index)
                })
                .collect()
        };
        assert_eq!(
            tree.locate(&p(&["spec", "containers", "1"])).0.start.line,
            7
        );
        assert_eq!(
            tree.locate(&p(&["spec", "missing", "x"])),
            (&Span::point(2, 1), 1)
        );
        assert_eq!(tree.locate(&[]).0.start.line, 1);
    }
}
