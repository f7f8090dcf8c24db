//! Errors about policy files: always a file, a line and column when known, and what was expected.

use std::fmt;

/// A problem with a policy file: it does not parse, its METADATA is invalid, it clashes with
/// another file, or the engine rejected it. Displays as `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError {
    /// The display path of the policy file.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub col: Option<u32>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl PolicyError {
    /// An error at a line (no column).
    pub fn at(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line,
            col: None,
            message: message.into(),
        }
    }

    /// Turns a regorus error (whose text carries `--> file:line:col` and a caret snippet) into a
    /// `PolicyError`. `fallback_file` is used when the message names no file.
    pub(crate) fn from_regorus(fallback_file: &str, err: &anyhow::Error) -> Self {
        Self::from_regorus_text(fallback_file, &format!("{err:#}"))
    }

    /// See [`PolicyError::from_regorus`]; works on the rendered text.
    pub(crate) fn from_regorus_text(fallback_file: &str, text: &str) -> Self {
        let mut file = fallback_file.to_string();
        let mut line = None;
        let mut col = None;
        let mut message = None;
        for l in text.lines() {
            let t = l.trim();
            if let Some(loc) = t.strip_prefix("--> ") {
                // `file:line:col`; the file may itself contain `:`.
                let mut parts = loc.rsplitn(3, ':');
                let c = parts.next().and_then(|s| s.trim().parse::<u32>().ok());
                let ln = parts.next().and_then(|s| s.trim().parse::<u32>().ok());
                if let (Some(c), Some(ln), Some(f)) = (c, ln, parts.next()) {
                    file = f.to_string();
                    line = Some(ln);
                    col = Some(c);
                }
            } else if let Some(m) = t.strip_prefix("error: ") {
                message = Some(m.to_string());
            }
        }
        let message = message.unwrap_or_else(|| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        });
        Self {
            file,
            line,
            col,
            message,
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_regorus_messages() {
        let text = "\n--> policies/a:b.rego:7:12\n  |\n7 | deny contains x if {\n  |            ^\nerror: unexpected token";
        let e = PolicyError::from_regorus_text("x.rego", text);
        assert_eq!(e.file, "policies/a:b.rego");
        assert_eq!((e.line, e.col), (Some(7), Some(12)));
        assert_eq!(e.message, "unexpected token");
        assert_eq!(e.to_string(), "policies/a:b.rego:7:12: unexpected token");
        let e = PolicyError::from_regorus_text("x.rego", "something odd\nhappened");
        assert_eq!(e.to_string(), "x.rego: something odd happened");
    }
}
