//! Drives saphyr-parser over a text and turns its event stream into documents; assembles the
//! per-chunk results of a whole stream, falling back to one whole-text parse when the line
//! splitter cut a document the parser would have accepted.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};

use crate::doc::YamlDoc;
use crate::error::{ErrorKind, YamlError};
use crate::options::Options;
use crate::position::Locator;
use crate::split::{split_stream, strip_bom, Chunk};
use crate::tree::{Node, TreeBuilder};

/// One document's result in a stream.
pub type DocResult = Result<YamlDoc, YamlError>;

/// The document being built, and the first error it met (later events are then ignored).
struct OpenDoc<'o> {
    builder: TreeBuilder<'o>,
    start_char: usize,
    failed: Option<YamlError>,
}

impl OpenDoc<'_> {
    fn finish(self) -> Option<Result<Node, YamlError>> {
        match self.failed {
            Some(e) => Some(Err(e)),
            None => self.builder.finish().map(Ok),
        }
    }
}

fn syntax_error(loc: &Locator<'_>, e: &ScanError) -> YamlError {
    // saphyr's scanner has its own nesting limit for flow collections; say what it means.
    if e.info().contains("recursion limit") {
        return YamlError::at(
            ErrorKind::TooDeep,
            loc.pos(*e.marker()),
            "nesting too deep: flow collections nested more than 256 levels",
        );
    }
    YamlError::at(ErrorKind::Syntax, loc.pos(*e.marker()), e.info())
}

fn too_large(line: u32, col: u32, max: usize) -> YamlError {
    YamlError::new(
        ErrorKind::TooLarge,
        line,
        col,
        format!("document is larger than {max} bytes"),
    )
}

/// Parses every document of `text`, whose first line is file line `line_offset + 1`.
fn load(text: &str, line_offset: u32, opts: &Options) -> Vec<Result<Node, YamlError>> {
    let mut loc = Locator::new(text, line_offset);
    let mut parser = Parser::new_from_str(text);
    let mut out = Vec::new();
    let mut doc: Option<OpenDoc<'_>> = None;
    let mut prev_end = Marker::default();
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(x) => x,
            Err(e) => {
                let first = doc.take().and_then(|d| d.failed);
                out.push(Err(first.unwrap_or_else(|| syntax_error(&loc, &e))));
                break;
            }
        };
        let end = span.end;
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                doc = Some(OpenDoc {
                    builder: TreeBuilder::new(opts),
                    start_char: span.start.index(),
                    failed: None,
                });
            }
            Event::DocumentEnd => out.extend(doc.take().and_then(OpenDoc::finish)),
            event => {
                if let Some(d) = doc.as_mut().filter(|d| d.failed.is_none()) {
                    if end.index().saturating_sub(d.start_char) > opts.limits.max_document_bytes {
                        let p = loc.pos(span.start);
                        d.failed = Some(too_large(p.line, p.col, opts.limits.max_document_bytes));
                    } else if let Err(e) = feed(&mut d.builder, &mut loc, event, span, prev_end) {
                        d.failed = Some(e);
                    }
                }
            }
        }
        prev_end = end;
    }
    out
}

/// Passes one content event to the builder, converting positions.
fn feed(
    b: &mut TreeBuilder<'_>,
    loc: &mut Locator<'_>,
    event: Event<'_>,
    span: saphyr_parser::Span,
    prev_end: Marker,
) -> Result<(), YamlError> {
    let s = loc.span(span);
    match event {
        Event::Scalar(text, style, anchor, tag) => {
            let mut s = s;
            if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                if let Some(p) = loc.block_indicator(prev_end, span.end) {
                    s.start = p;
                }
            }
            b.scalar(text, style, anchor, tag.as_deref(), s)
        }
        Event::Alias(id) => b.alias(id, s),
        Event::MappingStart(anchor, _) => b.start(true, anchor, &s),
        Event::SequenceStart(anchor, _) => b.start(false, anchor, &s),
        Event::MappingEnd | Event::SequenceEnd => b.end(&s),
        _ => Ok(()),
    }
}

/// Parses a text that starts at line `first_line` of its file; documents are numbered from
/// `first_index`. Use this for text that is not a [`Chunk`] (an extracted block, a template
/// output); the limits apply per document.
#[must_use]
pub fn parse_text_at(
    text: &str,
    first_line: u32,
    first_index: usize,
    opts: &Options,
) -> Vec<DocResult> {
    let text = strip_bom(text);
    load(text, first_line.saturating_sub(1), opts)
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.map(|node| YamlDoc {
                index: first_index.saturating_add(i),
                start_line: node.spans.span().start.line,
                value: node.value,
                spans: node.spans,
            })
        })
        .collect()
}

/// Parses one chunk from [`split_stream`]: normally one document or one error. Safe to call
/// from several threads on different chunks; combine the results with [`finish_stream`].
#[must_use]
pub fn parse_chunk(chunk: &Chunk<'_>, opts: &Options) -> Vec<DocResult> {
    if chunk.text.len() > opts.limits.max_document_bytes {
        return vec![Err(too_large(
            chunk.first_line,
            1,
            opts.limits.max_document_bytes,
        ))];
    }
    parse_text_at(chunk.text, chunk.first_line, chunk.index, opts)
}

/// Combines the per-chunk results of `text` (in chunk order) into the stream's result. If a
/// chunk had a syntax error but the whole text parses cleanly (the splitter cut inside a
/// document the parser accepts), the whole-text parse is used instead. Indices are then
/// renumbered densely in stream order.
#[must_use]
pub fn finish_stream(text: &str, opts: &Options, parts: Vec<Vec<DocResult>>) -> Vec<DocResult> {
    let syntax_failed = parts
        .iter()
        .flatten()
        .any(|r| matches!(r, Err(e) if e.kind == ErrorKind::Syntax));
    let mut out = if syntax_failed {
        let whole = parse_text_at(text, 1, 0, opts);
        if whole.iter().all(Result::is_ok) {
            whole
        } else {
            parts.into_iter().flatten().collect()
        }
    } else {
        parts.into_iter().flatten().collect::<Vec<_>>()
    };
    for (i, r) in out.iter_mut().enumerate() {
        if let Ok(d) = r {
            d.index = i;
        }
    }
    out
}

/// Parses every non-empty document of a stream. A failing document yields one `Err` and the
/// others still load; lines are absolute in `text`.
#[must_use]
pub fn parse_stream(text: &str, opts: &Options) -> Vec<DocResult> {
    let parts = split_stream(text)
        .iter()
        .map(|c| parse_chunk(c, opts))
        .collect();
    finish_stream(text, opts, parts)
}

/// The first document of `text`; an empty text (or only comments) is a `null` document.
///
/// # Errors
/// The first document's error, if it failed to load.
pub fn parse_single(text: &str, opts: &Options) -> Result<YamlDoc, YamlError> {
    let first = split_stream(text).into_iter().next();
    let Some(chunk) = first else {
        let spans = comply_model::SpanNode::Leaf {
            span: comply_model::Span::point(1, 1),
        };
        return Ok(YamlDoc {
            index: 0,
            value: serde_json::Value::Null,
            spans,
            start_line: 1,
        });
    };
    match parse_chunk(&chunk, opts).into_iter().next() {
        Some(Err(e)) if e.kind == ErrorKind::Syntax => parse_stream(text, opts)
            .into_iter()
            .next()
            .unwrap_or(Err(e)),
        Some(r) => r,
        None => parse_stream(text, opts)
            .into_iter()
            .next()
            .unwrap_or_else(|| parse_single("", opts)),
    }
}
