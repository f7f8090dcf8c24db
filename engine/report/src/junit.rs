//! JUnit XML for CI test reporters (Azure DevOps `PublishTestResults@2`, GitHub test-report
//! actions): every rule is a test suite, every unsuppressed finding a failed test case, every
//! suppressed finding a skipped one, and a rule without findings one passing case. Operational
//! errors become `<error>` cases of a `comply` suite, so a scan that could not read a file does not
//! look green.
//!
//! ```xml
//! <testsuites name="comply" tests="3" failures="1" errors="0" skipped="1">
//!   <testsuite name="K8S-0001 privileged-container" tests="2" failures="1" errors="0" skipped="1">
//!     <testcase classname="K8S-0001" name="deploy/web.yaml:23 Deployment/prod/web">
//!       <failure message="..." type="high">deploy/web.yaml:23:11 ...</failure>
//!     </testcase>
//! ```
//!
//! The XML is written by hand with [`escape`], which also drops characters XML 1.0 forbids.
//! No `time` attributes: output stays reproducible.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comply_model::{DiagnosticLevel, Finding, ScanReport};

use crate::common::{diagnostic_position, file_of, position, rules_by_id, suppression_label};
use crate::RenderOptions;

/// Whether XML 1.0 allows a character at all (its `Char` production).
const fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text for XML element content (`attr = false`) or a double-quoted attribute value
/// (`attr = true`). Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are replaced by
/// U+FFFD; in attributes, tabs and line breaks are written as character references so parsers do
/// not normalise them to spaces.
pub(crate) fn escape(text: &str, attr: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// One `<testcase>` of a suite.
struct Case {
    classname: String,
    name: String,
    /// `(element, message, type, body)`: `failure`, `skipped` or `error`; `None` = passed.
    outcome: Option<(&'static str, String, String, String)>,
}

/// One `<testsuite>`.
struct Suite {
    name: String,
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, element: &str) -> usize {
        self.cases
            .iter()
            .filter(|c| c.outcome.as_ref().is_some_and(|o| o.0 == element))
            .count()
    }
}

fn finding_case(f: &Finding, remediation: Option<&str>) -> Case {
    let span = &f.location.span;
    let file = file_of(&f.location);
    let mut name = position(file, span.start.line, 0);
    if !f.resource.is_empty() {
        let _ = write!(name, " {}", f.resource);
    }
    let outcome = match &f.suppression {
        Some(s) => (
            "skipped",
            format!("suppressed ({}): {}", suppression_label(s), f.message),
            String::new(),
            String::new(),
        ),
        None => {
            let mut body = format!(
                "{}\n{}",
                position(file, span.start.line, span.start.col),
                f.message
            );
            if let Some(r) = remediation.map(str::trim).filter(|r| !r.is_empty()) {
                let _ = write!(body, "\nRemediation: {r}");
            }
            (
                "failure",
                f.message.clone(),
                f.severity.as_str().to_string(),
                body,
            )
        }
    };
    Case {
        classname: f.rule_id.clone(),
        name,
        outcome: Some(outcome),
    }
}

/// Renders the JUnit report.
pub(crate) fn render(report: &ScanReport, _opts: &RenderOptions) -> String {
    let rules = rules_by_id(&report.rules);
    // Suites in registry order, then any rule only findings mention (in finding order).
    let mut order: Vec<(String, String)> = Vec::new();
    let mut cases: BTreeMap<String, Vec<Case>> = BTreeMap::new();
    for r in &report.rules {
        if !cases.contains_key(&r.id) {
            cases.insert(r.id.clone(), Vec::new());
            order.push((r.id.clone(), r.name.clone()));
        }
    }
    for f in &report.findings {
        if !cases.contains_key(&f.rule_id) {
            cases.insert(f.rule_id.clone(), Vec::new());
            order.push((f.rule_id.clone(), f.rule_name.clone()));
        }
        let remediation = rules
            .get(f.rule_id.as_str())
            .map(|r| r.remediation.as_str());
        cases
            .entry(f.rule_id.clone())
            .or_default()
            .push(finding_case(f, remediation));
    }
    let mut suites: Vec<Suite> = order
        .into_iter()
        .map(|(id, name)| {
            let mut cs = cases.remove(&id).unwrap_or_default();
            if cs.is_empty() {
                cs.push(Case {
                    classname: id.clone(),
                    name: "no findings".to_string(),
                    outcome: None,
                });
            }
            Suite {
                name: if name.is_empty() {
                    id
                } else {
                    format!("{id} {name}")
                },
                cases: cs,
            }
        })
        .collect();
    let errors: Vec<Case> = report
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .map(|d| {
            let place = diagnostic_position(d);
            Case {
                classname: "comply".to_string(),
                name: place
                    .clone()
                    .map_or_else(|| d.code.clone(), |p| format!("{p} {}", d.code)),
                outcome: Some((
                    "error",
                    d.message.clone(),
                    d.code.clone(),
                    place.map_or_else(|| d.message.clone(), |p| format!("{p}\n{}", d.message)),
                )),
            }
        })
        .collect();
    if !errors.is_empty() {
        suites.push(Suite {
            name: "comply".to_string(),
            cases: errors,
        });
    }

    let total = |el: &str| suites.iter().map(|s| s.count(el)).sum::<usize>();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"comply\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        total("failure"),
        total("error"),
        total("skipped")
    );
    for s in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            escape(&s.name, true),
            s.cases.len(),
            s.count("failure"),
            s.count("error"),
            s.count("skipped")
        );
        for c in &s.cases {
            let head = format!(
                "classname=\"{}\" name=\"{}\"",
                escape(&c.classname, true),
                escape(&c.name, true)
            );
            match &c.outcome {
                None => {
                    let _ = writeln!(out, "    <testcase {head}/>");
                }
                Some((el, message, ty, body)) => {
                    let _ = writeln!(out, "    <testcase {head}>");
                    let mut open = format!("<{el} message=\"{}\"", escape(message, true));
                    if !ty.is_empty() {
                        let _ = write!(open, " type=\"{}\"", escape(ty, true));
                    }
                    if body.is_empty() {
                        let _ = writeln!(out, "      {open}/>");
                    } else {
                        let _ = writeln!(out, "      {open}>{}</{el}>", escape(body, false));
                    }
                    out.push_str("    </testcase>\n");
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_invalid_characters() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>", true),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(escape("<a>\"'&", false), "&lt;a&gt;\"'&amp;");
        assert_eq!(
            escape("a\u{0}b\u{1b}c\u{FFFF}d", false),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
        );
        assert_eq!(escape("l1\nl2\tx\r", true), "l1&#10;l2&#9;x&#13;");
        assert_eq!(escape("l1\nl2\tx", false), "l1\nl2\tx");
        assert_eq!(escape("日本 🚀", true), "日本 🚀");
    }
}
