//! Builds one document's JSON value and its mirror [`SpanNode`] tree from parser events:
//! keeps the collection stack, resolves anchors and aliases (charging copies against the
//! alias budget), enforces the depth limit, and hands `<<` merge values to [`crate::merge`].

use std::borrow::Cow;
use std::collections::HashMap;

use comply_model::{Pos, Span, SpanEntry, SpanNode};
use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Map, Value};

use crate::error::{ErrorKind, YamlError};
use crate::merge::{MergeSource, Merges};
use crate::options::Options;
use crate::scalar::{resolve_plain, resolve_tagged, CoreTag};

/// A finished subtree: its value, its spans, how many nodes it holds, and how deep it nests.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) spans: SpanNode,
    /// Nodes in the subtree, itself included (saturating).
    nodes: usize,
    /// Collection nesting inside the subtree: 0 for a scalar, 1 for a flat collection.
    depth: usize,
}

/// What an anchor remembers: the node, and for scalars the text used when aliased as a key.
struct Anchored {
    node: Node,
    key_text: Option<String>,
}

struct PendingKey {
    text: String,
    span: Span,
    merge: bool,
}

/// State shared by both collection kinds while they are open.
struct Open {
    start: Pos,
    anchor: usize,
    last_end: Pos,
    nodes: usize,
    depth: usize,
}

enum Frame {
    Map {
        open: Open,
        map: Map<String, Value>,
        entries: Vec<SpanEntry>,
        key: Option<PendingKey>,
        merges: Merges,
    },
    Seq {
        open: Open,
        values: Vec<Value>,
        items: Vec<SpanNode>,
    },
}

impl Frame {
    fn open_mut(&mut self) -> &mut Open {
        match self {
            Self::Map { open, .. } | Self::Seq { open, .. } => open,
        }
    }
}

/// Event sink for one document.
pub(crate) struct TreeBuilder<'o> {
    opts: &'o Options,
    frames: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    alias_nodes: usize,
    root: Option<Node>,
    root_is_empty: bool,
}

impl<'o> TreeBuilder<'o> {
    pub(crate) fn new(opts: &'o Options) -> Self {
        Self {
            opts,
            frames: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            root: None,
            root_is_empty: false,
        }
    }

    /// The document's root, or `None` for an empty document (`---` and nothing else).
    pub(crate) fn finish(self) -> Option<Node> {
        if self.root_is_empty {
            None
        } else {
            self.root
        }
    }

    fn awaiting_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Map { key: None, .. }))
    }

    fn set_key(&mut self, key: PendingKey) {
        if let Some(Frame::Map { key: slot, .. }) = self.frames.last_mut() {
            *slot = Some(key);
        }
    }

    fn resolve(
        &self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: &Span,
    ) -> Result<Value, YamlError> {
        let core = tag
            .filter(|t| t.is_yaml_core_schema())
            .and_then(|t| CoreTag::from_suffix(&t.suffix));
        match core {
            Some(ct) => resolve_tagged(text, ct, self.opts.schema)
                .map_err(|m| YamlError::at(ErrorKind::InvalidTaggedScalar, span.start, m)),
            None if style == ScalarStyle::Plain => Ok(resolve_plain(text, self.opts.schema)),
            None => Ok(Value::String(text.into_owned())),
        }
    }

    /// A scalar event: a mapping key, or a value.
    pub(crate) fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), YamlError> {
        if self.awaiting_key() {
            let text = text.into_owned();
            if anchor != 0 {
                let value = self.resolve(Cow::Borrowed(text.as_str()), style, tag, &span)?;
                let node = Node {
                    value,
                    spans: SpanNode::Leaf { span: span.clone() },
                    nodes: 1,
                    depth: 0,
                };
                self.anchors.insert(
                    anchor,
                    Anchored {
                        node,
                        key_text: Some(text.clone()),
                    },
                );
            }
            let merge = style == ScalarStyle::Plain
                && text == "<<"
                && tag.is_none_or(|t| t.is_yaml_core_schema() && t.suffix == "merge");
            self.set_key(PendingKey { text, span, merge });
            return Ok(());
        }
        if self.frames.is_empty()
            && text.is_empty()
            && style == ScalarStyle::Plain
            && anchor == 0
            && tag.is_none()
        {
            self.root_is_empty = true;
        }
        let key_text = (anchor != 0).then(|| text.to_string());
        let value = self.resolve(text, style, tag, &span)?;
        let node = Node {
            value,
            spans: SpanNode::Leaf { span },
            nodes: 1,
            depth: 0,
        };
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    key_text,
                },
            );
        }
        self.attach(node)
    }

    /// An alias event: a copy of the anchored node whose outermost span is the alias itself.
    pub(crate) fn alias(&mut self, id: usize, span: Span) -> Result<(), YamlError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(YamlError::at(
                ErrorKind::RecursiveAlias,
                span.start,
                "alias refers to an anchor whose node is not complete (recursive alias)",
            ));
        };
        if self.awaiting_key() {
            let Some(text) = anchored.key_text.clone() else {
                return Err(complex_key(span.start));
            };
            self.set_key(PendingKey {
                text,
                span,
                merge: false,
            });
            return Ok(());
        }
        let limits = self.opts.limits;
        self.alias_nodes = self.alias_nodes.saturating_add(anchored.node.nodes);
        if self.alias_nodes > limits.max_alias_nodes {
            return Err(YamlError::at(
                ErrorKind::AliasBudget,
                span.start,
                format!(
                    "alias expansion exceeds {} nodes (possible alias bomb)",
                    limits.max_alias_nodes
                ),
            ));
        }
        if self.frames.len().saturating_add(anchored.node.depth) > limits.max_depth {
            return Err(too_deep(span.start, limits.max_depth));
        }
        let mut node = anchored.node.clone();
        match &mut node.spans {
            SpanNode::Map { span: s, .. }
            | SpanNode::Seq { span: s, .. }
            | SpanNode::Leaf { span: s } => *s = span,
        }
        self.attach(node)
    }

    /// `MappingStart` / `SequenceStart`.
    pub(crate) fn start(
        &mut self,
        is_map: bool,
        anchor: usize,
        span: &Span,
    ) -> Result<(), YamlError> {
        if self.awaiting_key() {
            return Err(complex_key(span.start));
        }
        if self.frames.len() >= self.opts.limits.max_depth {
            return Err(too_deep(span.start, self.opts.limits.max_depth));
        }
        let open = Open {
            start: span.start,
            anchor,
            last_end: span.end,
            nodes: 1,
            depth: 1,
        };
        self.frames.push(if is_map {
            Frame::Map {
                open,
                map: Map::new(),
                entries: Vec::new(),
                key: None,
                merges: Merges::default(),
            }
        } else {
            Frame::Seq {
                open,
                values: Vec::new(),
                items: Vec::new(),
            }
        });
        Ok(())
    }

    /// `MappingEnd` / `SequenceEnd`. Block collections end with an empty span placed at the
    /// next token; their span then ends where their last child ends instead.
    pub(crate) fn end(&mut self, span: &Span) -> Result<(), YamlError> {
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        let (anchor, node) = match frame {
            Frame::Map {
                open,
                mut map,
                mut entries,
                merges,
                ..
            } => {
                merges.apply(&mut map, &mut entries);
                let whole = Span::new(open.start, end_of(&open, span));
                let spans = SpanNode::Map {
                    span: whole,
                    entries,
                };
                (
                    open.anchor,
                    Node {
                        value: Value::Object(map),
                        spans,
                        nodes: open.nodes,
                        depth: open.depth,
                    },
                )
            }
            Frame::Seq {
                open,
                values,
                items,
            } => {
                let whole = Span::new(open.start, end_of(&open, span));
                let spans = SpanNode::Seq { span: whole, items };
                (
                    open.anchor,
                    Node {
                        value: Value::Array(values),
                        spans,
                        nodes: open.nodes,
                        depth: open.depth,
                    },
                )
            }
        };
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    key_text: None,
                },
            );
        }
        self.attach(node)
    }

    fn attach(&mut self, node: Node) -> Result<(), YamlError> {
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        let open = frame.open_mut();
        open.nodes = open.nodes.saturating_add(node.nodes);
        open.depth = open.depth.max(node.depth.saturating_add(1));
        open.last_end = node.spans.span().end;
        match frame {
            Frame::Seq { values, items, .. } => {
                values.push(node.value);
                items.push(node.spans);
            }
            Frame::Map {
                map,
                entries,
                key,
                merges,
                ..
            } => {
                let Some(key) = key.take() else {
                    return Err(complex_key(node.spans.span().start));
                };
                if key.merge {
                    merges.add(MergeSource {
                        value: node.value,
                        spans: node.spans,
                    })?;
                } else {
                    map.insert(key.text.clone(), node.value);
                    entries.push(SpanEntry {
                        key: key.text,
                        key_span: key.span,
                        value: node.spans,
                    });
                }
            }
        }
        Ok(())
    }
}

fn end_of(open: &Open, end_event: &Span) -> Pos {
    if end_event.start == end_event.end {
        open.last_end
    } else {
        end_event.end
    }
}

fn complex_key(at: Pos) -> YamlError {
    YamlError::at(
        ErrorKind::ComplexKey,
        at,
        "complex (non-scalar) mapping keys are not supported",
    )
}

fn too_deep(at: Pos, max: usize) -> YamlError {
    YamlError::at(
        ErrorKind::TooDeep,
        at,
        format!("collections nest deeper than {max} levels"),
    )
}
