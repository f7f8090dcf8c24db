//! Cuts a YAML stream into one chunk per document, by lines alone, so that a syntax error in
//! one document cannot hide the others (the parser cannot resume after a scanner error) and
//! so that a caller can parse the chunks of a large file in parallel.
//!
//! A document boundary is a line starting at column 0 with `---` or `...` followed by a
//! space, a tab or the end of the line. YAML forbids such lines inside any scalar or flow
//! collection, so the cut is exact for well-formed streams; `crate::stream::finish_stream`
//! falls back to parsing the whole text when a chunk fails but the whole text does not.
//! Directives, comments and blank lines before a `---` stay with the document they precede.

/// One document's text within a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk<'a> {
    /// The text, starting at the beginning of a line of the original file.
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: u32,
    /// Position of this chunk among the non-empty chunks of the stream (0-based); it becomes
    /// the index of the document parsed from it.
    pub index: usize,
}

/// What a line means to the splitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// `---`, with whether document content follows the marker on the same line.
    Start { content: bool },
    /// `...`, with whether anything but a comment follows it.
    End { content: bool },
    /// Blank, comment-only, or a `%` directive: no document content.
    Ignorable,
    /// Anything else.
    Content,
}

fn classify(line: &str) -> Line {
    let marker = |m: &str| {
        line.strip_prefix(m).and_then(|rest| {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                let rest = rest.trim();
                Some(!rest.is_empty() && !rest.starts_with('#'))
            } else {
                None
            }
        })
    };
    if let Some(content) = marker("---") {
        return Line::Start { content };
    }
    if let Some(content) = marker("...") {
        return Line::End { content };
    }
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with('%') {
        Line::Ignorable
    } else {
        Line::Content
    }
}

/// Removes a leading byte-order mark.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Splits `text` into document chunks. Chunks without document content (only comments,
/// directives, blank lines or markers) are dropped, so every chunk yields exactly one
/// document or one error when parsed. A leading BOM is skipped.
#[must_use]
pub fn split_stream(text: &str) -> Vec<Chunk<'_>> {
    let text = strip_bom(text);
    let mut chunks = Vec::new();
    let mut push = |from: usize, to: usize, first_line: u32| {
        if let Some(t) = text.get(from..to) {
            let index = chunks.len();
            chunks.push(Chunk {
                text: t,
                first_line,
                index,
            });
        }
    };
    let (mut start, mut start_line, mut has_content) = (0usize, 1u32, false);
    let (mut offset, mut line_no) = (0usize, 1u32);
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        match classify(raw.trim_end_matches(['\n', '\r'])) {
            Line::Start { content } => {
                if has_content {
                    push(start, line_start, start_line);
                    (start, start_line) = (line_start, line_no);
                }
                has_content = content;
            }
            Line::End { content } => {
                if has_content || content {
                    push(start, offset, start_line);
                }
                (start, start_line, has_content) = (offset, line_no.saturating_add(1), false);
            }
            Line::Content => has_content = true,
            Line::Ignorable => {}
        }
        line_no = line_no.saturating_add(1);
    }
    if has_content {
        push(start, text.len(), start_line);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<(u32, String)> {
        split_stream(text)
            .into_iter()
            .map(|c| (c.first_line, c.text.to_string()))
            .collect()
    }

    #[test]
    fn splits_at_markers_and_keeps_lines() {
        let text = "a: 1\n---\nb: 2\n--- # empty\n# only a comment\n---\nc: 3\n";
        assert_eq!(
            shape(text),
            vec![
                (1, "a: 1\n".to_string()),
                (2, "---\nb: 2\n".to_string()),
                (4, "--- # empty\n# only a comment\n---\nc: 3\n".to_string()),
            ]
        );
        let idx: Vec<usize> = split_stream(text).iter().map(|c| c.index).collect();
        assert_eq!(idx, vec![0, 1, 2]);
    }

    #[test]
    fn directives_and_document_end_markers() {
        let text = "a: 1\n...\n%YAML 1.2\n---\nb: 2\n...\n";
        assert_eq!(
            shape(text),
            vec![
                (1, "a: 1\n...\n".to_string()),
                (3, "%YAML 1.2\n---\nb: 2\n...\n".to_string())
            ]
        );
    }

    #[test]
    fn markers_need_column_zero_and_a_separator() {
        let text = "a: |\n  ---\n----: x\n---x: y\n ---\n";
        assert_eq!(shape(text).len(), 1);
        let text = "---\tfoo\n---\r\nbar\r\n";
        assert_eq!(
            shape(text),
            vec![
                (1, "---\tfoo\n".to_string()),
                (2, "---\r\nbar\r\n".to_string())
            ]
        );
    }

    #[test]
    fn empty_streams_have_no_chunks() {
        assert!(split_stream("").is_empty());
        assert!(split_stream("# c\n\n---\n...\n---   # x\n").is_empty());
        assert!(split_stream("\u{feff}").is_empty());
    }

    #[test]
    fn bom_is_skipped() {
        let c = split_stream("\u{feff}a: 1\n");
        assert_eq!(c.first().map(|c| c.text), Some("a: 1\n"));
    }
}
