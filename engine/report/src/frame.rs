//! Code frames for the human report (ruff/miette style): a few numbered source lines around a
//! finding with a caret underline under its span. Also decides which characters a span covers,
//! which SARIF reuses for its region columns.
//!
//! Columns in [`comply_model::Span`] count characters (1-based). The terminal needs display
//! columns, so tabs are expanded to [`TAB_WIDTH`] spaces, wide characters count two cells, and
//! other control characters are shown as `\u{FFFD}`. Unknown (0) lines produce no frame; unknown
//! columns underline the line's content. Nothing here indexes out of bounds.

use std::fmt::Write as _;

use comply_model::Span;
use unicode_width::UnicodeWidthChar;

/// Spaces a tab expands to in a frame.
pub(crate) const TAB_WIDTH: usize = 4;
/// Lines of context shown above the primary line.
const BEFORE: u32 = 2;
/// Lines of context shown below the primary line.
const AFTER: u32 = 1;

/// The 1-based, inclusive range of lines a frame shows for `line`, or `None` when the line is
/// unknown (0) or past the end of a file of `total` lines.
pub(crate) fn window(line: u32, total: usize) -> Option<(u32, u32)> {
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    if line == 0 || line > total {
        return None;
    }
    Some((
        line.saturating_sub(BEFORE).max(1),
        line.saturating_add(AFTER).min(total),
    ))
}

/// The characters of `text` (the span's first line) that `span` covers, as a 0-based half-open
/// range `(start, end)` of character indices with `end > start`. `start` may equal the line's
/// length (a caret just past the end).
///
/// - an unknown column (0) covers the line's content without surrounding whitespace;
/// - a span ending later on the same line covers up to its end column (exclusive);
/// - a span ending on a later line covers the rest of the first line's content;
/// - a point span covers the word starting there (a YAML key without its trailing `:`).
pub(crate) fn underline(span: &Span, text: &str) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let content_start = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(len);
    let content_end = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |i| i + 1);
    let (start, end) = if span.start.col == 0 {
        (content_start, content_end)
    } else {
        let start = (span.start.col as usize - 1).min(len);
        let end = if span.end.line > span.start.line {
            content_end
        } else if span.end.line == span.start.line && span.end.col > span.start.col {
            (span.end.col as usize - 1).min(len)
        } else {
            let run = chars[start..]
                .iter()
                .take_while(|c| !c.is_whitespace())
                .count();
            let run = if run > 1 && chars[start + run - 1] == ':' {
                run - 1
            } else {
                run
            };
            start + run
        };
        (start, end)
    };
    (start, end.max(start + 1))
}

/// Display cells one character takes in a frame (see the module doc).
fn cell_width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else if c.is_control() {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// A source line as the frame shows it: tabs expanded, control characters replaced, trailing
/// whitespace removed.
fn display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\t' {
            out.push_str(&" ".repeat(TAB_WIDTH));
        } else if c.is_control() {
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// How a frame is painted: ANSI prefixes (empty for plain text) for the gutter and the caret.
pub(crate) struct FramePaint<'a> {
    /// Prefix for line numbers and the `|` gutter.
    pub(crate) gutter: &'a str,
    /// Prefix for the caret underline.
    pub(crate) caret: &'a str,
    /// Reset sequence written after a painted part.
    pub(crate) reset: &'a str,
}

/// Writes the frame of `span` (its start line) from `lines` (the file split into lines) with a
/// gutter `width` wide (see [`gutter_width`]); the primary line's number is marked with `>`. Writes nothing when the line is unknown or out of range.
pub(crate) fn write(
    out: &mut String,
    lines: &[&str],
    span: &Span,
    width: usize,
    paint: &FramePaint<'_>,
) {
    let Some((first, last)) = window(span.start.line, lines.len()) else {
        return;
    };
    let FramePaint {
        gutter,
        caret,
        reset,
    } = *paint;
    let blank = " ".repeat(width);
    let _ = writeln!(out, "{blank} {gutter}|{reset}");
    for n in first..=last {
        let text = lines.get(n as usize - 1).copied().unwrap_or("");
        let shown = display(text);
        let sep = if shown.is_empty() { "" } else { " " };
        let (marker, digits) = (
            if n == span.start.line { ">" } else { " " },
            width.saturating_sub(1),
        );
        let _ = writeln!(out, "{gutter}{marker}{n:>digits$} |{reset}{sep}{shown}");
        if n == span.start.line {
            let (start, end) = underline(span, text);
            let cells = |from: usize, to: usize| {
                text.chars()
                    .take(to)
                    .skip(from)
                    .map(cell_width)
                    .sum::<usize>()
            };
            let pad = cells(0, start);
            let marks = cells(start, end).max(1);
            let _ = writeln!(
                out,
                "{blank} {gutter}|{reset} {}{caret}{}{reset}",
                " ".repeat(pad),
                "^".repeat(marks)
            );
        }
    }
    let _ = writeln!(out, "{blank} {gutter}|{reset}");
}

/// Width of the gutter left of `|`: a column for the `>` that marks the primary line, then the
/// digits of the largest line number the frame of `line` shows.
pub(crate) fn gutter_width(line: u32, total: usize) -> usize {
    let last = window(line, total).map_or(line, |(_, last)| last);
    last.max(1).to_string().len() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use comply_model::Pos;

    fn frame(src: &str, span: Span) -> String {
        let lines: Vec<&str> = src.lines().collect();
        let mut out = String::new();
        let width = gutter_width(span.start.line, lines.len());
        write(
            &mut out,
            &lines,
            &span,
            width,
            &FramePaint {
                gutter: "",
                caret: "",
                reset: "",
            },
        );
        out
    }

    #[test]
    fn window_clamps_to_file() {
        assert_eq!(window(1, 5), Some((1, 2)));
        assert_eq!(window(5, 5), Some((3, 5)));
        assert_eq!(window(3, 10), Some((1, 4)));
        assert_eq!(window(0, 5), None);
        assert_eq!(window(6, 5), None);
        assert_eq!(window(1, 0), None);
    }

    #[test]
    fn point_span_underlines_the_key() {
        let text = "    securityContext:";
        assert_eq!(underline(&Span::point(1, 5), text), (4, 19));
        // `a:` keeps a single-character key whole.
        assert_eq!(underline(&Span::point(1, 1), "a: 1"), (0, 1));
    }

    #[test]
    fn ranged_and_multiline_spans() {
        let text = "  image: nginx:latest  ";
        let same_line = Span::new(Pos::new(1, 10), Pos::new(1, 21));
        assert_eq!(underline(&same_line, text), (9, 20));
        let multi = Span::new(Pos::new(1, 3), Pos::new(4, 1));
        assert_eq!(underline(&multi, text), (2, 21));
        let unknown_col = Span::point(1, 0);
        assert_eq!(underline(&unknown_col, text), (2, 21));
        // A column past the end of the line still yields one caret, just past the end.
        assert_eq!(underline(&Span::point(1, 99), "ab"), (2, 3));
        assert_eq!(underline(&Span::point(1, 1), ""), (0, 1));
    }

    #[test]
    fn tabs_and_wide_characters_place_the_caret_under_the_text() {
        // A tab (4 cells), two wide characters (2 cells each), then `key`.
        let out = frame("\t日本 key: v\n", Span::point(1, 5));
        assert_eq!(out, "   |\n>1 |     日本 key: v\n   |          ^^^\n   |\n");
        // Combining marks take no cell.
        let out = frame("e\u{301} x\n", Span::point(1, 4));
        assert_eq!(out, "   |\n>1 | e\u{301} x\n   |   ^\n   |\n");
    }

    #[test]
    fn control_characters_are_replaced() {
        let out = frame("a\u{1b}[31m: 1\n", Span::point(1, 1));
        assert!(out.contains(">1 | a\u{FFFD}[31m: 1\n"), "{out}");
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn unknown_or_out_of_range_lines_give_no_frame() {
        assert_eq!(frame("a: 1\n", Span::point(0, 0)), "");
        assert_eq!(frame("a: 1\n", Span::point(7, 1)), "");
        assert_eq!(frame("", Span::point(1, 1)), "");
    }

    #[test]
    fn context_lines_and_gutter_width() {
        let src: String = (1..=12).map(|i| format!("line{i}\n")).collect();
        let out = frame(&src, Span::point(10, 1));
        let expected =
            "    |\n  8 | line8\n  9 | line9\n>10 | line10\n    | ^^^^^^\n 11 | line11\n    |\n";
        assert_eq!(out, expected);
    }
}
