//! Scripts (`run`, `script`, `bash`, inline task scripts) split into lines, each with the exact
//! source line and column it was written on, plus the expression sites inside them
//! (`${{ ... }}` and Azure DevOps `$(...)` macros). For a block scalar (`run: |`), script line
//! *i* is normally file line *indicator + 1 + i*; the text of that line is checked against the
//! source, and when it differs (a folded scalar, text changed by template parameters) the line
//! is searched forward in the scalar's range instead, so a finding never points outside it.

use comply_model::{Pos, Span};
use serde_json::json;
#[cfg(test)]
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

use crate::tree::{MapBuilder, Y};

/// A file's text with its line starts, for looking lines up by number.
#[derive(Debug)]
pub(crate) struct FileText {
    text: Arc<str>,
    starts: Vec<usize>,
}

impl FileText {
    pub(crate) fn new(text: Arc<str>) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The text of 1-based line `n` without its line break ("" past the end).
    pub(crate) fn line(&self, n: u32) -> &str {
        let Some(i) = usize::try_from(n).ok().and_then(|n| n.checked_sub(1)) else {
            return "";
        };
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        self.text
            .get(start..end.max(start))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// The texts of every file a document draws from: `None` is the document's own file.
#[derive(Debug, Default)]
pub(crate) struct Texts {
    pub(crate) files: HashMap<Option<Arc<str>>, FileText>,
}

impl Texts {
    fn get(&self, file: &Option<Arc<str>>) -> Option<&FileText> {
        self.files.get(file)
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Leading whitespace of a line, in characters.
fn indent(s: &str) -> u32 {
    u32_of(s.chars().take_while(|c| *c == ' ' || *c == '\t').count())
}

/// The source line of every line of `value`, a scalar written at `span`.
fn line_positions(value: &str, span: &Span, texts: &Texts) -> Vec<Pos> {
    let lines: Vec<&str> = value
        .strip_suffix('\n')
        .unwrap_or(value)
        .split('\n')
        .collect();
    let Some(src) = texts.get(&span.file) else {
        return lines.iter().map(|_| span.start).collect();
    };
    let first = src.line(span.start.line);
    let start_char = first
        .chars()
        .nth(usize::try_from(span.start.col.saturating_sub(1)).unwrap_or(0));
    let block = matches!(start_char, Some('|' | '>'));
    if !block && lines.len() == 1 {
        // A one-line plain or quoted scalar: it starts where the node starts.
        let quoted = matches!(start_char, Some('"' | '\''));
        return vec![Pos::new(
            span.start.line,
            span.start.col + u32::from(quoted),
        )];
    }
    let base = if block {
        span.start.line + 1
    } else {
        span.start.line
    };
    let last = span.end.line.max(base);
    let mut cursor = base;
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let want = l.trim();
        let expected = base.saturating_add(u32_of(i));
        let matches = |n: u32| {
            let s = src.line(n).trim();
            if want.is_empty() {
                s.is_empty()
            } else {
                !s.is_empty() && (s.ends_with(want) || want.starts_with(s) || s.starts_with(want))
            }
        };
        let found = if expected <= last && expected >= cursor && matches(expected) {
            Some(expected)
        } else {
            (cursor..=last).find(|n| matches(*n))
        };
        let line = found.unwrap_or_else(|| cursor.min(last));
        let text = src.line(line);
        let col = if !block && line == span.start.line {
            span.start.col + u32::from(matches!(start_char, Some('"' | '\'')))
        } else {
            indent(text) + 1
        };
        out.push(Pos::new(line, col));
        if found.is_some() {
            cursor = line + 1;
        }
    }
    out
}

/// The expression sites of one line: `${{ ... }}` (GitHub, Azure template expressions) and
/// `$( ... )` (Azure DevOps macros), as (syntax, inner text, character offset).
pub(crate) fn expressions_in(line: &str, macros: bool) -> Vec<(&'static str, String, usize)> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut offset = 0usize;
    while let Some(i) = rest.find("${{") {
        let after = &rest[i + 3..];
        let Some(j) = after.find("}}") else { break };
        let inner = after[..j].trim().to_string();
        out.push(("template", inner, offset + line_chars(&rest[..i])));
        let consumed = i + 3 + j + 2;
        offset += line_chars(&rest[..consumed]);
        rest = &rest[consumed..];
    }
    let mut rest = if macros { line } else { "" };
    let mut offset = 0usize;
    while let Some(i) = rest.find("$(") {
        let after = &rest[i + 2..];
        let Some(j) = after.find(')') else { break };
        let inner = &after[..j];
        let consumed = i + 2 + j + 1;
        // Azure macros name a variable: letters, digits, `.`, `_`, `-` (not `$(command)`).
        if !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            && inner.contains(|c: char| c.is_ascii_alphabetic())
        {
            out.push(("macro", inner.to_string(), offset + line_chars(&rest[..i])));
        }
        offset += line_chars(&rest[..consumed]);
        rest = &rest[consumed..];
    }
    out.sort_by_key(|e| e.2);
    out
}

fn line_chars(s: &str) -> usize {
    s.chars().count()
}

/// `lines` (`[{n, text}]`, one per script line, each located at its source line) and
/// `expressions` (`[{expr, syntax, n}]`, located at the expression) of a script scalar.
pub(crate) fn script_parts(node: &Y, texts: &Texts, macros: bool) -> Option<(Y, Y)> {
    let value = node.as_str()?;
    let span = node.span();
    let positions = line_positions(value, span, texts);
    let mut lines = Vec::new();
    let mut exprs = Vec::new();
    let body = value.strip_suffix('\n').unwrap_or(value);
    for (i, (text, pos)) in body.split('\n').zip(positions).enumerate() {
        let text = text.trim_end_matches('\r');
        let src_line = texts.get(&span.file).map_or("", |f| f.line(pos.line));
        let mut line_span = Span::new(
            pos,
            Pos::new(pos.line, u32_of(src_line.chars().count()) + 1),
        );
        line_span.file.clone_from(&span.file);
        line_span.origin.clone_from(&span.origin);
        let mut m = MapBuilder::new(&line_span);
        m.put("n", Y::val(json!(i + 1), &line_span));
        m.put("text", Y::str(text, &line_span));
        lines.push(m.build());
        // Columns inside the line: the script text is dedented; its first non-blank
        // character sits at the line's position.
        let lead = text.chars().take_while(|c| c.is_whitespace()).count();
        for (syntax, expr, off) in expressions_in(text, macros) {
            let col = pos.col + u32_of(off.saturating_sub(lead));
            let mut s = Span::new(
                Pos::new(pos.line, col),
                Pos::new(pos.line, col + u32_of(expr.chars().count()) + 5),
            );
            s.file.clone_from(&span.file);
            s.origin.clone_from(&span.origin);
            let mut e = MapBuilder::new(&s);
            e.put("expr", Y::str(expr, &s));
            e.put("syntax", Y::str(syntax, &s));
            e.put("n", Y::val(json!(i + 1), &s));
            exprs.push(e.build());
        }
    }
    Some((Y::Seq(lines, span.clone()), Y::Seq(exprs, span.clone())))
}

/// A plain JSON null, for documents without a script.
pub(crate) fn empty_parts(span: &Span) -> (Y, Y) {
    (
        Y::Seq(Vec::new(), span.clone()),
        Y::Seq(Vec::new(), span.clone()),
    )
}

/// Used by tests: the JSON of a built node.
#[cfg(test)]
pub(crate) fn value_of(y: &Y) -> Value {
    y.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Texts {
        let mut x = Texts::default();
        x.files.insert(None, FileText::new(t.into()));
        x
    }

    fn script_of(src: &str, key: &str) -> (Value, Vec<(u32, u32)>) {
        let opts = comply_yaml::Options::with_schema(comply_yaml::Schema::Core);
        let doc = comply_yaml::parse_single(src, &opts).expect("yaml");
        let y = Y::from_parts(doc.value, &doc.spans);
        let node = y.get(key).expect("key");
        let (lines, _) = script_parts(node, &texts(src), false).expect("script");
        let pos = lines
            .items()
            .iter()
            .map(|l| (l.span().start.line, l.span().start.col))
            .collect();
        (value_of(&lines), pos)
    }

    #[test]
    fn literal_block_lines_map_to_file_lines() {
        let src = "name: x\nrun: |\n  echo one\n\n  curl -k https://x\n    indented\nafter: 1\n";
        let (v, pos) = script_of(src, "run");
        assert_eq!(v[2]["text"], "curl -k https://x");
        assert_eq!(pos, vec![(3, 3), (4, 1), (5, 3), (6, 5)]);
    }

    #[test]
    fn single_line_and_quoted_scalars() {
        let (_, pos) = script_of("run: curl -k x\n", "run");
        assert_eq!(pos, vec![(1, 6)]);
        let (_, pos) = script_of("run: \"curl -k x\"\n", "run");
        assert_eq!(pos, vec![(1, 7)]);
    }

    #[test]
    fn folded_block_is_searched() {
        let src = "run: >-\n  curl\n  -k x\n\n  wget y\n";
        let (v, pos) = script_of(src, "run");
        assert_eq!(v[0]["text"], "curl -k x");
        assert_eq!(v[1]["text"], "wget y");
        assert_eq!(pos, vec![(2, 3), (5, 3)]);
    }

    #[test]
    fn finds_expression_sites() {
        let line = "echo \"${{ github.event.issue.title }}\" $(Build.SourceBranch) $(date +%s)";
        assert_eq!(expressions_in(line, false).len(), 1);
        let e = expressions_in(line, true);
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0],
            ("template", "github.event.issue.title".to_string(), 6)
        );
        assert_eq!(e[1].1, "Build.SourceBranch");
    }
}
