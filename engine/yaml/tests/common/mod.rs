//! Helpers shared by the integration tests: load a document and look up positions by path.
#![allow(dead_code, unreachable_pub)]

use comply_model::{PathSeg, Pos, SpanNode};
use comply_yaml::{parse_stream, Options, YamlDoc};

/// Parses a path like `spec.containers.0.name` (numbers become indices).
pub fn path(p: &str) -> Vec<PathSeg> {
    p.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<usize>()
                .map_or_else(|_| PathSeg::Key(s.to_string()), PathSeg::Index)
        })
        .collect()
}

/// The start of the span `locate` returns, asserting the whole path matched.
pub fn at(spans: &SpanNode, p: &str) -> (u32, u32) {
    let segs = path(p);
    let (span, matched) = spans.locate(&segs);
    assert_eq!(matched, segs.len(), "path {p} not fully present");
    (span.start.line, span.start.col)
}

/// The node (not the key) at a path.
pub fn node<'a>(spans: &'a SpanNode, p: &str) -> &'a SpanNode {
    let mut n = spans;
    for seg in path(p) {
        n = match (n, seg) {
            (SpanNode::Map { entries, .. }, PathSeg::Key(k)) => {
                &entries
                    .iter()
                    .rev()
                    .find(|e| e.key == k)
                    .unwrap_or_else(|| panic!("no key {k}"))
                    .value
            }
            (SpanNode::Seq { items, .. }, PathSeg::Index(i)) => &items[i],
            (other, seg) => panic!("cannot step {seg:?} into {other:?}"),
        };
    }
    n
}

pub fn start(n: &SpanNode) -> (u32, u32) {
    let Pos { line, col } = n.span().start;
    (line, col)
}

/// All documents of a stream, panicking on any error.
pub fn docs(text: &str, opts: &Options) -> Vec<YamlDoc> {
    parse_stream(text, opts)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

pub fn one(text: &str) -> YamlDoc {
    let mut d = docs(text, &Options::default());
    assert_eq!(d.len(), 1, "expected one document");
    d.remove(0)
}
