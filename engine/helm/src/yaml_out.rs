//! YAML and JSON emitters that print like Helm's `toYaml` (`sigs.k8s.io/yaml`, i.e. go-yaml v2
//! after a JSON round trip: sorted keys, list items at the parent's indentation, strings that
//! would read back as another type double-quoted, multi-line strings as literal blocks, trailing
//! newline trimmed) and `toJson` (Go's `encoding/json`: sorted keys, HTML-safe escapes).

use std::fmt::Write as _;

use crate::value::Value;

/// `toYaml`: the YAML of `v` without its trailing newline.
pub fn to_yaml(v: &Value) -> String {
    let j = v.to_json();
    let mut out = String::new();
    emit(&j, 0, &mut out, Ctx::Top);
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// The same YAML, keeping the trailing newline (for `AsConfig` and `toToml`'s callers).
pub fn to_yaml_doc(j: &serde_json::Value) -> String {
    let mut out = String::new();
    emit(j, 0, &mut out, Ctx::Top);
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Top,
    MapValue,
    SeqItem,
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn emit(v: &serde_json::Value, indent: usize, out: &mut String, ctx: Ctx) {
    use serde_json::Value as J;
    match v {
        J::Object(m) if !m.is_empty() => {
            let mut first = true;
            if ctx == Ctx::MapValue {
                out.push('\n');
            }
            for (k, val) in m {
                if !(first && ctx == Ctx::SeqItem) {
                    pad(out, indent);
                }
                first = false;
                out.push_str(&scalar_str(k, indent, true));
                out.push(':');
                match val {
                    J::Object(c) if !c.is_empty() => emit(val, indent + 2, out, Ctx::MapValue),
                    J::Array(c) if !c.is_empty() => {
                        out.push('\n');
                        emit(val, indent, out, Ctx::MapValue);
                    }
                    _ => {
                        out.push(' ');
                        emit(val, indent + 2, out, Ctx::MapValue);
                    }
                }
            }
        }
        J::Array(a) if !a.is_empty() => {
            let mut first = true;
            for item in a {
                if !(first && ctx == Ctx::SeqItem) {
                    pad(out, indent);
                }
                first = false;
                out.push_str("- ");
                match item {
                    J::Object(c) if !c.is_empty() => emit(item, indent + 2, out, Ctx::SeqItem),
                    J::Array(c) if !c.is_empty() => emit(item, indent + 2, out, Ctx::SeqItem),
                    _ => emit(item, indent + 2, out, Ctx::SeqItem),
                }
            }
        }
        J::Object(_) => out.push_str("{}\n"),
        J::Array(_) => out.push_str("[]\n"),
        J::Null => out.push_str("null\n"),
        J::Bool(b) => {
            out.push_str(if *b { "true" } else { "false" });
            out.push('\n');
        }
        J::Number(n) => {
            out.push_str(&yaml_number(n));
            out.push('\n');
        }
        J::String(s) => {
            // Block scalars are indented relative to the enclosing key (indent - 2 + 2).
            let block_indent = if ctx == Ctx::Top {
                0
            } else {
                indent.saturating_sub(2) + 2
            };
            out.push_str(&scalar_str(s, block_indent, false));
            out.push('\n');
        }
    }
}

fn yaml_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    crate::value::format_float_g(f)
        .replace("e+0", "e+")
        .replace("e-0", "e-")
}

/// Whether a plain scalar `s` would be read back as something other than a string.
fn resolves_non_string(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let l = s.to_ascii_lowercase();
    if matches!(
        l.as_str(),
        "~" | "null"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".inf"
            | "-.inf"
            | "+.inf"
            | ".nan"
    ) {
        return true;
    }
    let t = s.replace('_', "");
    if t.parse::<f64>().is_ok() || crate::parse::parse_number(&t).is_some() {
        return true;
    }
    // Sexagesimal (YAML 1.1): 1:20
    if s.contains(':')
        && s.split(':')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return true;
    }
    // Timestamps
    let b = s.as_bytes();
    b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit)
}

fn plain_ok(s: &str, key: bool) -> bool {
    if s.is_empty() || resolves_non_string(s) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | ' '
            | '\t'
    ) {
        // "-foo" is allowed plain by go-yaml when not followed by a space, but quoting is
        // always safe.
        if !(first == '-' && s.len() > 1 && !s[1..].starts_with(' ')) {
            return false;
        }
        if first == '-' && s.starts_with("---") {
            return false;
        }
    }
    if s.ends_with(' ') || s.ends_with('\t') || s.ends_with(':') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains('\n') || s.contains('\t') {
        return false;
    }
    if key
        && (s.contains('[')
            || s.contains(']')
            || s.contains('{')
            || s.contains('}')
            || s.contains(','))
    {
        return false;
    }
    if s.contains(['[', ']', '{', '}', ',']) {
        // go-yaml quotes flow indicators in block context only when they start the scalar.
    }
    s.chars().all(|c| !c.is_control() && c != '\u{feff}')
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A scalar as go-yaml prints it; `indent` is the block scalar content indentation.
fn scalar_str(s: &str, indent: usize, key: bool) -> String {
    if plain_ok(s, key) {
        return s.to_string();
    }
    if !key && s.contains('\n') && literal_ok(s) {
        let mut out = String::from("|");
        if s.starts_with(' ') || s.starts_with('\n') {
            out.push('2');
        }
        let trailing = s.len() - s.trim_end_matches('\n').len();
        match trailing {
            0 => out.push('-'),
            1 => {}
            _ => out.push('+'),
        }
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                pad(&mut out, indent);
                out.push_str(line);
            }
        }
        return out;
    }
    if s.contains('\n') || s.chars().any(|c| c.is_control()) || resolves_non_string(s) {
        return double_quoted(s);
    }
    format!("'{}'", s.replace('\'', "''"))
}

fn literal_ok(s: &str) -> bool {
    !s.chars()
        .any(|c| (c.is_control() && c != '\n') || c == '\u{feff}')
        && !s.split('\n').any(|l| l.ends_with(' ') || l.ends_with('\t'))
}

/// `toJson`: compact JSON with Go's escaping.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    json(&v.to_json(), &mut out, None, 0);
    out
}

/// `toPrettyJson`: indented with two spaces.
pub fn to_pretty_json(v: &Value) -> String {
    let mut out = String::new();
    json(&v.to_json(), &mut out, Some("  "), 0);
    out
}

fn json(v: &serde_json::Value, out: &mut String, ind: Option<&str>, level: usize) {
    use serde_json::Value as J;
    let nl = |out: &mut String, level: usize| {
        if let Some(i) = ind {
            out.push('\n');
            for _ in 0..level {
                out.push_str(i);
            }
        }
    };
    match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                let a = f.abs();
                if a != 0.0 && !(1e-6..1e21).contains(&a) {
                    let s = format!("{f:e}");
                    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let e: i32 = e.parse().unwrap_or(0);
                    let _ = write!(out, "{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                } else {
                    let _ = write!(out, "{f}");
                }
            }
        }
        J::String(s) => json_str(s, out),
        J::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                json(x, out, ind, level + 1);
            }
            if !a.is_empty() {
                nl(out, level);
            }
            out.push(']');
        }
        J::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                json_str(k, out);
                out.push(':');
                if ind.is_some() {
                    out.push(' ');
                }
                json(x, out, ind, level + 1);
            }
            if !m.is_empty() {
                nl(out, level);
            }
            out.push('}');
        }
    }
}

fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(j: &str) -> Value {
        Value::from_json(&serde_json::from_str(j).unwrap())
    }

    #[test]
    fn yaml_like_helm() {
        assert_eq!(
            to_yaml(&v(r#"{"b":{"c":[1,"x",{"d":true,"a":"yes"}]},"a":"multi\nline\n","e":[],"f":{}}"#)),
            "a: |\n  multi\n  line\nb:\n  c:\n  - 1\n  - x\n  - a: \"yes\"\n    d: true\ne: []\nf: {}"
        );
        assert_eq!(to_yaml(&v(r#"["a",["b","c"]]"#)), "- a\n- - b\n  - c");
        assert_eq!(to_yaml(&v(r#""8080""#)), "\"8080\"");
        assert_eq!(to_yaml(&v("3.0")), "3");
    }

    #[test]
    fn json_like_go() {
        assert_eq!(
            to_json(&v(r#"{"b":1,"a":"<&>"}"#)),
            r#"{"a":"\u003c\u0026\u003e","b":1}"#
        );
    }
}
