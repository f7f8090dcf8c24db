//! Parsed configuration files and their positions: each `.tf` file is parsed once with hcl-edit
//! (which keeps a byte range on every block, label, attribute and expression) and a line index
//! turns those ranges into comply's 1-based line/column spans. `.tf.json` files are converted
//! into the same hcl-edit structures, with positions taken from comply's positioned JSON reader
//! through a line map (the generated HCL's lines → the JSON file's lines).

use comply_model::{Pos, Span};
use hcl_edit::structure::Body;
use std::ops::Range;
use std::sync::Arc;

/// One parsed configuration file.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// Path for reports (relative to the scan root, forward slashes).
    pub(crate) rel: Arc<str>,
    /// The text.
    pub(crate) text: Arc<str>,
    /// The parsed body.
    pub(crate) body: Body,
    /// The text positions are computed in (the generated HCL for `.tf.json`).
    pos_text: Arc<str>,
    /// Byte offset of each line start of `pos_text`.
    line_starts: Vec<usize>,
    /// `.tf.json` only: line of `pos_text` (0-based) → line of `text` (1-based).
    line_map: Option<Vec<u32>>,
}

impl SourceFile {
    pub(crate) fn new(rel: Arc<str>, text: Arc<str>, body: Body) -> Self {
        let pos_text = Arc::clone(&text);
        Self::mapped(rel, text, body, pos_text, None)
    }

    /// A file whose positions are computed in `pos_text` and mapped to `text` by `line_map`.
    pub(crate) fn mapped(
        rel: Arc<str>,
        text: Arc<str>,
        body: Body,
        pos_text: Arc<str>,
        line_map: Option<Vec<u32>>,
    ) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            pos_text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self {
            rel,
            text,
            body,
            pos_text,
            line_starts,
            line_map,
        }
    }

    /// The 1-based position of a byte offset (columns count characters).
    pub(crate) fn pos(&self, byte: usize) -> Pos {
        let byte = byte.min(self.pos_text.len());
        let line = match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        if let Some(map) = &self.line_map {
            return Pos::new(map.get(line).copied().unwrap_or(1), 1);
        }
        let col = self
            .pos_text
            .get(start..byte)
            .map_or(byte - start, |s| s.chars().count());
        Pos::new(
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    }

    /// The span of a byte range in this file.
    pub(crate) fn span_of_range(&self, r: &Range<usize>) -> Span {
        let mut s = Span::new(self.pos(r.start), self.pos(r.end));
        s.file = Some(Arc::clone(&self.rel));
        s
    }

    /// The span of any hcl-edit node of this file; the file's first line when it has none.
    pub(crate) fn span<T: hcl_edit::Span>(&self, node: &T) -> Span {
        node.span().map_or_else(
            || {
                let mut s = Span::point(1, 1);
                s.file = Some(Arc::clone(&self.rel));
                s
            },
            |r| self.span_of_range(&r),
        )
    }

    /// A span covering only the first line of a node (block headers).
    pub(crate) fn head_span<T: hcl_edit::Span>(&self, node: &T) -> Span {
        let mut s = self.span(node);
        if s.end.line > s.start.line {
            let line_len = self
                .text
                .lines()
                .nth(s.start.line as usize - 1)
                .map_or(0, |l| l.chars().count());
            s.end = Pos::new(
                s.start.line,
                u32::try_from(line_len + 1).unwrap_or(u32::MAX),
            );
        }
        s
    }
}

/// A syntax error, with its position.
#[derive(Debug, Clone)]
pub(crate) struct SyntaxError {
    pub(crate) line: u32,
    pub(crate) col: u32,
    pub(crate) message: String,
}

/// Parses a `.tf` file.
pub(crate) fn parse_hcl(rel: Arc<str>, text: Arc<str>) -> Result<SourceFile, SyntaxError> {
    match hcl_edit::parser::parse_body(&text) {
        Ok(body) => Ok(SourceFile::new(rel, text, body)),
        Err(e) => {
            let loc = e.location();
            let msg = e.message().lines().next().unwrap_or("syntax error").trim();
            Err(SyntaxError {
                line: u32::try_from(loc.line()).unwrap_or(0),
                col: u32::try_from(loc.column()).unwrap_or(0),
                message: format!("HCL syntax error: {msg}"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_spans() {
        let text: Arc<str> = "a = 1\nresource \"x\" \"y\" {\n  b = \"é\"\n}\n".into();
        let f = parse_hcl("m.tf".into(), text).expect("parses");
        let block = f.body.blocks().next().expect("block");
        let s = f.span(block);
        assert_eq!((s.start.line, s.start.col, s.end.line), (2, 1, 4));
        let h = f.head_span(block);
        assert_eq!((h.start.line, h.end.line, h.end.col), (2, 2, 19));
        let attr = block.body.attributes().next().expect("attr");
        let v = f.span(&attr.value);
        assert_eq!((v.start.line, v.start.col, v.end.col), (3, 7, 10));
        let err = parse_hcl("bad.tf".into(), "a = {\n  b = \n".into()).expect_err("bad");
        assert!(err.line >= 2, "{err:?}");
    }
}
