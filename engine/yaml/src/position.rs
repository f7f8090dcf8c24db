//! Converts saphyr-parser markers (1-based line, 0-based character column, relative to the
//! parsed text) into comply positions (1-based line and column, absolute in the file), and
//! finds the `|`/`>` indicator of block scalars, whose event span starts at the content.

use comply_model::{Pos, Span};
use saphyr_parser::Marker;

/// Position arithmetic for one parsed text (a chunk or a whole stream).
pub(crate) struct Locator<'a> {
    text: &'a str,
    ascii: bool,
    line_offset: u32,
    /// Last character index → byte offset conversion, reused so scans stay linear.
    cursor: (usize, usize),
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Locator<'a> {
    /// `line_offset` is added to every line: the number of file lines before `text`.
    pub(crate) fn new(text: &'a str, line_offset: u32) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            line_offset,
            cursor: (0, 0),
        }
    }

    /// The absolute position of a marker.
    pub(crate) fn pos(&self, m: Marker) -> Pos {
        self.raw(m.line(), m.col())
    }

    fn raw(&self, line: usize, col0: usize) -> Pos {
        Pos::new(
            to_u32(line).saturating_add(self.line_offset),
            to_u32(col0).saturating_add(1),
        )
    }

    /// The absolute span of a parser span.
    pub(crate) fn span(&self, s: saphyr_parser::Span) -> Span {
        Span::new(self.pos(s.start), self.pos(s.end))
    }

    /// Byte offset of a character index (clamped to the text's length).
    fn byte_of(&mut self, char_idx: usize) -> usize {
        if self.ascii {
            return char_idx.min(self.text.len());
        }
        if char_idx < self.cursor.0 {
            self.cursor = (0, 0);
        }
        let (mut c, mut b) = self.cursor;
        let mut chars = self.text.get(b..).unwrap_or("").chars();
        while c < char_idx {
            match chars.next() {
                Some(ch) => {
                    c += 1;
                    b += ch.len_utf8();
                }
                None => break,
            }
        }
        self.cursor = (c, b);
        b
    }

    /// Looks for a block scalar's indicator between the end of the previous event (`from`) and
    /// the start of the scalar's content (`to`), skipping separators, anchors, tags and comments.
    pub(crate) fn block_indicator(&mut self, from: Marker, to: Marker) -> Option<Pos> {
        let start = self.byte_of(from.index());
        let end = self.byte_of(to.index());
        let slice = self.text.get(start..end)?;
        let (mut line, mut col) = (from.line(), from.col());
        let mut chars = slice.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '|' | '>' => return Some(self.raw(line, col)),
                '\n' => {
                    line += 1;
                    col = 0;
                    continue;
                }
                '#' | '&' | '!' => {
                    let stop_at_space = c != '#';
                    while let Some(&n) = chars.peek() {
                        if n == '\n' || (stop_at_space && (n == ' ' || n == '\t' || n == '\r')) {
                            break;
                        }
                        chars.next();
                        col += 1;
                    }
                }
                ' ' | '\t' | '\r' | ':' | '?' | '-' | ',' | '[' | '{' => {}
                _ => return None,
            }
            col += 1;
        }
        None
    }
}
