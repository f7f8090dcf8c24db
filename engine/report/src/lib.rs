//! comply's reporters: one emitter per output format, all fed from the same
//! [`comply_model::ScanReport`] and the same rule registry ([`comply_model::RuleMeta`]).
//!
//! - [`render`] turns a scan report into `human`, `json`, `sarif`, `junit`, `markdown` or
//!   self-contained `html` text (DESIGN §3 `--format`).
//! - [`render_frameworks`] lists the compliance frameworks for `comply frameworks`.
//! - [`render_rules`] lists rules for `comply policies`.
//! - [`render_rule_doc`] documents one rule for `comply explain` (regal's doc template).
//!
//! Every emitter is a pure function of its input: no clock, no environment, no hash-map iteration
//! order, so the same report always renders to the same bytes.
//!
//! ```
//! use comply_model::ScanReport;
//! use comply_report::{render, Format, RenderOptions};
//!
//! let report = ScanReport::default();
//! let opts = RenderOptions { color: false, tool_version: "0.1.0".into(), quiet: false };
//! let sarif = render(Format::Sarif, &report, &opts);
//! assert!(sarif.contains("\"version\": \"2.1.0\""));
//! ```
#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

use comply_model::{Framework, RuleMeta, ScanReport};

mod common;
mod frame;
mod frameworks;
mod html;
mod human;
mod json;
mod junit;
mod markdown;
mod rules;
mod sarif;

/// An output format of `comply scan --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Terminal output with code frames and a summary.
    Human,
    /// comply's stable JSON schema (see `JSON-SCHEMA.md`).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// JUnit XML for CI test reporters.
    Junit,
    /// Markdown for pull-request comments and job summaries.
    Markdown,
    /// One self-contained HTML page (inline CSS and SVG, no network).
    Html,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Self; 6] = [
        Self::Human,
        Self::Json,
        Self::Sarif,
        Self::Junit,
        Self::Markdown,
        Self::Html,
    ];

    /// The slug used on the command line.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Junit => "junit",
            Self::Markdown => "markdown",
            Self::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_slug(s, &Self::ALL, |f| f.as_str())
    }
}

/// Finds the value whose slug is `s`; the error lists every slug, so it cannot go stale.
fn parse_slug<T: Copy>(s: &str, all: &[T], slug: fn(T) -> &'static str) -> Result<T, String> {
    all.iter().copied().find(|v| slug(*v) == s).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|v| slug(*v)).collect();
        let expected = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        };
        format!("unknown format `{s}` (expected {expected})")
    })
}

/// Options that shape the rendering but not the content of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Emit ANSI colour escapes (human format only; the caller decides, e.g. on a terminal).
    pub color: bool,
    /// comply's version, written into JSON, SARIF and JUnit output.
    pub tool_version: String,
    /// Human format only: print unsuppressed findings and error diagnostics, no summary.
    pub quiet: bool,
}

/// Renders a scan report in one format. The text ends with a newline.
#[must_use]
pub fn render(format: Format, report: &ScanReport, opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts),
        Format::Json => json::render(report, opts),
        Format::Sarif => sarif::render(report, opts),
        Format::Junit => junit::render(report, opts),
        Format::Markdown => markdown::render(report, opts),
        Format::Html => html::render(report, opts),
    }
}

/// An output format of `comply policies --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RulesFormat {
    /// Aligned plain-text columns.
    Table,
    /// A JSON array of rule objects (the `rules` entries of the JSON report).
    Json,
    /// A Markdown table.
    Markdown,
}

impl RulesFormat {
    /// Every rules format.
    pub const ALL: [Self; 3] = [Self::Table, Self::Json, Self::Markdown];

    /// The slug used on the command line.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Markdown => "markdown",
        }
    }
}

impl fmt::Display for RulesFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RulesFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_slug(s, &Self::ALL, |f| f.as_str())
    }
}

/// Lists rules (`comply policies`), in the order given.
#[must_use]
pub fn render_rules(format: RulesFormat, rules: &[RuleMeta]) -> String {
    match format {
        RulesFormat::Table => rules::table(rules),
        RulesFormat::Json => json::rules(rules),
        RulesFormat::Markdown => rules::markdown_table(rules),
    }
}

/// Lists compliance frameworks (`comply frameworks`): every framework with its control count,
/// how many controls are in scope and covered, and how many rules map to it; with `only`, the
/// controls of that framework and the rules mapped to each.
#[must_use]
pub fn render_frameworks(
    format: RulesFormat,
    catalogue: &[Framework],
    rules: &[RuleMeta],
    only: Option<&str>,
) -> String {
    frameworks::render(format, catalogue, rules, only)
}

/// An example input shown in a rule's documentation (a policy's first `fail_`/`pass_` fixture).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleExample {
    /// The fixture's file name; its extension picks the code block's language.
    pub file_name: String,
    /// The fixture's text.
    pub text: String,
}

/// Documents one rule (`comply explain`, generated policy READMEs): title, `ID · name · severity ·
/// category`, description, frameworks, remediation, the **Avoid**/**Prefer** examples and related
/// resources, as Markdown.
#[must_use]
pub fn render_rule_doc(
    rule: &RuleMeta,
    avoid: Option<&RuleExample>,
    prefer: Option<&RuleExample>,
) -> String {
    rules::doc(rule, avoid, prefer, &[])
}

/// Like [`render_rule_doc`], with the framework catalogue: the frameworks section lists each
/// control with its title.
#[must_use]
pub fn render_rule_doc_with_frameworks(
    rule: &RuleMeta,
    avoid: Option<&RuleExample>,
    prefer: Option<&RuleExample>,
    catalogue: &[Framework],
) -> String {
    rules::doc(rule, avoid, prefer, catalogue)
}
