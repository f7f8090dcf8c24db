//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers, following the contract of
//! DESIGN §7. The structs are hand-written (ENGINE-NOTES §4) and cover exactly what comply emits,
//! typed to what GitHub's ingestion rules and the Microsoft SARIF validator require:
//!
//! - `$schema` and `version`; one run whose `tool.driver.rules[]` holds every evaluated rule (plus
//!   any rule a finding names that the registry lacks, so `ruleIndex` always resolves), each with
//!   `name`, `shortDescription`, `fullDescription`, `help.text`/`help.markdown`,
//!   `defaultConfiguration.level` and `properties` (`tags` = category, framework ids, `security`;
//!   `security-severity`; `precision`; `problem.severity`);
//! - one result per finding: `ruleId`, `ruleIndex`, `level`, a non-empty `message.text` naming the
//!   object, one location with a relative, percent-encoded URI under `uriBaseId: "%SRCROOT%"` and
//!   a region whose `startLine`/`startColumn` are at least 1 (unknown 0 is clamped), related
//!   locations, `partialFingerprints["comply/v1"]` and `suppressions` for ignored findings;
//! - `invocations[0]` with `executionSuccessful` and one `toolExecutionNotification` per
//!   diagnostic.
//!
//! `originalUriBaseIds` is left out: the scan root is usually relative (`.`), and GitHub resolves
//! `%SRCROOT%` to the checkout. Columns count Unicode code points (`columnKind`), as comply's spans
//! do; end columns are exclusive, as SARIF defines them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use comply_model::{
    format_path, DiagnosticLevel, Finding, Location, RuleMeta, ScanReport, Severity, Span,
};

use crate::common::file_of;
use crate::frame;
use crate::json::to_pretty;
use crate::rules::{help_markdown, help_text};
use crate::RenderOptions;

/// The schema GitHub expects in `$schema`.
pub(crate) const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base id every artifact URI is relative to.
pub(crate) const SRCROOT: &str = "%SRCROOT%";
/// The key of comply's fingerprint in `partialFingerprints`.
pub(crate) const FINGERPRINT_KEY: &str = "comply/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties<'a>>,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    /// Every environment (Helm overlay) named by a finding, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    environments: Vec<String>,
    /// The per-control verdict of `--framework` (a property bag, so SARIF consumers ignore it).
    #[serde(rename = "comply/framework", skip_serializing_if = "Option::is_none")]
    framework: Option<SarifFramework<'a>>,
}

/// The compact framework view carried in the run's property bag.
#[derive(Serialize)]
struct SarifFramework<'a> {
    id: &'a str,
    version: &'a str,
    summary: &'a comply_model::ControlCounts,
    controls: Vec<SarifControl<'a>>,
}

#[derive(Serialize)]
struct SarifControl<'a> {
    id: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(rename = "ruleIds")]
    rule_ids: Vec<&'a str>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    version: &'a str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    /// A message text; SARIF consumers reject empty ones, so `fallback` stands in.
    fn new(text: &str, fallback: &str) -> Self {
        let t = text.trim();
        Self {
            text: if t.is_empty() {
                fallback.to_string()
            } else {
                t.to_string()
            },
        }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [SarifLocation; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    severity: Severity,
    category: &'static str,
    resource: &'a str,
    path: String,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    environments: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ArtifactLocation {
    pub(crate) uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) uri_base_id: Option<&'static str>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Region {
    pub(crate) start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) end_column: Option<u32>,
}

#[derive(Serialize)]
struct SarifSuppression {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    descriptor: DescriptorRef,
}

#[derive(Serialize)]
struct DescriptorRef {
    id: String,
}

/// SARIF `level` for a severity.
pub(crate) const fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's `problem.severity` for a severity.
const fn problem_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "recommendation",
    }
}

/// Whether a byte may stay unescaped in a relative URI path. `:` is escaped so that a first
/// segment never reads as a scheme.
const fn uri_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'/'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b'@'
        )
}

fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if uri_safe(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The artifact location of a file path as comply reports it (relative to the scan root).
/// Backslashes become slashes and a leading `./` is dropped. A path that is absolute after all
/// becomes a `file://` URI without a base id, since an absolute URI must not carry one.
pub(crate) fn artifact(file: &str) -> ArtifactLocation {
    let mut p = file.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    let bytes = p.as_bytes();
    let drive = bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes.len() == 2 || bytes[2] == b'/');
    if p.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", percent_encode(&p)),
            uri_base_id: None,
        }
    } else if drive {
        ArtifactLocation {
            uri: format!("file:///{}:{}", &p[..1], percent_encode(&p[2..])),
            uri_base_id: None,
        }
    } else {
        let uri = if p.is_empty() {
            ".".to_string()
        } else {
            percent_encode(&p)
        };
        ArtifactLocation {
            uri,
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// The region of a span: lines clamped to at least 1, columns from the source line when it is
/// available (the same characters the human frame underlines), else from the span itself.
pub(crate) fn region(span: &Span, line_text: Option<&str>) -> Region {
    let start_line = span.start.line.max(1);
    let multiline = span.end.line > span.start.line && span.start.line > 0;
    let nonzero = |v: u32| (v > 0).then_some(v);
    let as_col = |i: usize| u32::try_from(i).ok().and_then(|c| c.checked_add(1));
    match (span.start.line, line_text) {
        (0, _) => Region {
            start_line,
            start_column: None,
            end_line: None,
            end_column: None,
        },
        (_, Some(text)) => {
            let (s, e) = frame::underline(span, text);
            if multiline {
                Region {
                    start_line,
                    start_column: as_col(s),
                    end_line: Some(span.end.line),
                    end_column: nonzero(span.end.col),
                }
            } else {
                Region {
                    start_line,
                    start_column: as_col(s),
                    end_line: Some(start_line),
                    end_column: as_col(e),
                }
            }
        }
        (_, None) => {
            let start_column = nonzero(span.start.col);
            if multiline {
                Region {
                    start_line,
                    start_column,
                    end_line: Some(span.end.line),
                    end_column: nonzero(span.end.col),
                }
            } else if span.end.line == span.start.line
                && span.end.col > span.start.col
                && span.start.col > 0
            {
                Region {
                    start_line,
                    start_column,
                    end_line: Some(start_line),
                    end_column: Some(span.end.col),
                }
            } else {
                Region {
                    start_line,
                    start_column,
                    end_line: None,
                    end_column: None,
                }
            }
        }
    }
}

/// Looks up a line of a file's source text (1-based).
fn source_line<'r>(report: &'r ScanReport, file: &str, line: u32) -> Option<&'r str> {
    let idx = usize::try_from(line).ok()?.checked_sub(1)?;
    report.sources.get(file)?.lines().nth(idx)
}

fn location(report: &ScanReport, loc: &Location) -> PhysicalLocation {
    let file = file_of(loc);
    PhysicalLocation {
        artifact_location: artifact(file),
        region: Some(region(
            &loc.span,
            source_line(report, file, loc.span.start.line),
        )),
    }
}

fn rule(r: &RuleMeta) -> Rule {
    let fallback = if r.name.is_empty() {
        r.id.as_str()
    } else {
        r.name.as_str()
    };
    let short = Text::new(&r.title, fallback);
    let mut tags = vec![r.category.as_str().to_string()];
    tags.extend(r.frameworks.keys().cloned());
    tags.push("security".to_string());
    Rule {
        id: r.id.clone(),
        name: if r.name.is_empty() {
            r.id.clone()
        } else {
            r.name.clone()
        },
        full_description: Text::new(&r.description, &short.text),
        short_description: short,
        help: Help {
            text: help_text(r),
            markdown: help_markdown(r),
        },
        help_uri: r
            .related_resources
            .iter()
            .find(|u| {
                (u.starts_with("https://") || u.starts_with("http://"))
                    && !u.chars().any(char::is_whitespace)
            })
            .cloned(),
        default_configuration: Configuration {
            level: level(r.severity),
        },
        properties: RuleProperties {
            tags,
            security_severity: r.severity.security_severity(),
            precision: "high",
            problem_severity: problem_severity(r.severity),
        },
    }
}

/// A stand-in rule for a finding whose rule the registry does not list, so that its `ruleIndex`
/// still resolves.
fn rule_stub(f: &Finding) -> Rule {
    let name = if f.rule_name.is_empty() {
        f.rule_id.clone()
    } else {
        f.rule_name.clone()
    };
    Rule {
        id: f.rule_id.clone(),
        short_description: Text::new(&name, &f.rule_id),
        full_description: Text::new(&name, &f.rule_id),
        help: Help {
            text: format!("No documentation is available for {}.", f.rule_id),
            markdown: format!("No documentation is available for `{}`.", f.rule_id),
        },
        name,
        help_uri: None,
        default_configuration: Configuration {
            level: level(f.severity),
        },
        properties: RuleProperties {
            tags: vec![f.category.as_str().to_string(), "security".to_string()],
            security_severity: f.severity.security_severity(),
            precision: "high",
            problem_severity: problem_severity(f.severity),
        },
    }
}

/// The result message: the finding's message, with the object appended when it does not name it.
fn message(f: &Finding) -> Text {
    let m = f.message.trim();
    let text = if f.resource.is_empty() || m.contains(f.resource.as_str()) {
        m.to_string()
    } else if m.is_empty() {
        f.resource.clone()
    } else {
        format!("{m} ({})", f.resource)
    };
    Text::new(&text, &f.rule_id)
}

fn result<'a>(report: &ScanReport, f: &'a Finding, rule_index: usize) -> SarifResult<'a> {
    let related_locations = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| SarifLocation {
            id: Some(i + 1),
            physical_location: location(report, r),
            message: Some(Text::new(
                r.note.as_deref().unwrap_or(""),
                "related location",
            )),
        })
        .collect();
    let suppressions = f
        .suppression
        .iter()
        .map(|s| SarifSuppression {
            kind: if s.kind == "inline" {
                "inSource"
            } else {
                "external"
            },
            justification: s
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
        })
        .collect();
    SarifResult {
        rule_id: &f.rule_id,
        rule_index,
        level: level(f.severity),
        message: message(f),
        locations: [SarifLocation {
            id: None,
            physical_location: location(report, &f.location),
            message: None,
        }],
        related_locations,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, f.fingerprint.as_str())]),
        suppressions,
        properties: ResultProperties {
            severity: f.severity,
            category: f.category.as_str(),
            resource: &f.resource,
            path: format_path(&f.path),
            environments: &f.environments,
        },
    }
}

fn notification(d: &comply_model::Diagnostic) -> Notification {
    let locations = d
        .file
        .as_deref()
        .map(|file| SarifLocation {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact(file),
                region: d.line.filter(|l| *l > 0).map(|l| Region {
                    start_line: l,
                    start_column: d.col.filter(|c| *c > 0),
                    end_line: None,
                    end_column: None,
                }),
            },
            message: None,
        })
        .into_iter()
        .collect();
    Notification {
        level: match d.level {
            DiagnosticLevel::Error => "error",
            DiagnosticLevel::Warning => "warning",
            DiagnosticLevel::Note => "note",
        },
        message: Text::new(&d.message, &d.code),
        locations,
        descriptor: DescriptorRef {
            id: if d.code.is_empty() {
                "comply".to_string()
            } else {
                d.code.clone()
            },
        },
    }
}

/// Renders the SARIF log.
pub(crate) fn render(report: &ScanReport, opts: &RenderOptions) -> String {
    let mut rules: Vec<Rule> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for r in &report.rules {
        if !index.contains_key(&r.id) {
            index.insert(r.id.clone(), rules.len());
            rules.push(rule(r));
        }
    }
    let mut results = Vec::with_capacity(report.findings.len());
    for f in &report.findings {
        let i = match index.get(&f.rule_id) {
            Some(i) => *i,
            None => {
                let i = rules.len();
                index.insert(f.rule_id.clone(), i);
                rules.push(rule_stub(f));
                i
            }
        };
        results.push(result(report, f, i));
    }
    let mut environments: Vec<String> = report
        .findings
        .iter()
        .flat_map(|f| f.environments.iter().cloned())
        .collect();
    environments.sort();
    environments.dedup();
    let framework = report.framework.as_ref().map(|fw| SarifFramework {
        id: &fw.id,
        version: &fw.version,
        summary: &fw.summary,
        controls: fw
            .controls
            .iter()
            .map(|c| SarifControl {
                id: &c.id,
                status: c.status.as_str(),
                reason: c.reason.map(comply_model::NotCoveredReason::as_str),
                rule_ids: c
                    .rules
                    .iter()
                    .filter(|r| r.enabled)
                    .map(|r| r.id.as_str())
                    .collect(),
            })
            .collect(),
    });
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "comply",
                    version: &opts.tool_version,
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: !report.has_errors(),
                tool_execution_notifications: report.diagnostics.iter().map(notification).collect(),
            }],
            column_kind: "unicodeCodePoints",
            results,
            properties: (!environments.is_empty() || framework.is_some()).then_some(
                RunProperties {
                    environments,
                    framework,
                },
            ),
        }],
    };
    to_pretty(&log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use comply_model::Pos;

    #[test]
    fn artifact_uris_are_relative_and_encoded() {
        let a = artifact("deploy/my app/web #1.yaml");
        assert_eq!(a.uri, "deploy/my%20app/web%20%231.yaml");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        assert_eq!(artifact("./x\\y.tf").uri, "x/y.tf");
        assert_eq!(artifact("c:x.yaml").uri, "c%3Ax.yaml");
        assert_eq!(artifact("ü.yaml").uri, "%C3%BC.yaml");
        assert_eq!(artifact("100%.yaml").uri, "100%25.yaml");
        let abs = artifact("/abs/a b.yaml");
        assert_eq!(
            abs,
            ArtifactLocation {
                uri: "file:///abs/a%20b.yaml".into(),
                uri_base_id: None
            }
        );
        assert_eq!(artifact("C:\\w\\a.yaml").uri, "file:///C:/w/a.yaml");
    }

    #[test]
    fn regions_clamp_and_use_source_columns() {
        let r = region(&Span::point(0, 0), None);
        assert_eq!(
            r,
            Region {
                start_line: 1,
                start_column: None,
                end_line: None,
                end_column: None
            }
        );
        let r = region(&Span::point(3, 5), Some("    privileged: true"));
        assert_eq!(
            (r.start_column, r.end_line, r.end_column),
            (Some(5), Some(3), Some(15))
        );
        let r = region(&Span::point(3, 5), None);
        assert_eq!(
            (r.start_column, r.end_line, r.end_column),
            (Some(5), None, None)
        );
        let r = region(&Span::new(Pos::new(3, 5), Pos::new(3, 9)), None);
        assert_eq!(
            (r.start_column, r.end_line, r.end_column),
            (Some(5), Some(3), Some(9))
        );
        let r = region(&Span::new(Pos::new(3, 5), Pos::new(6, 0)), Some("    a: b"));
        assert_eq!(
            (r.start_column, r.end_line, r.end_column),
            (Some(5), Some(6), None)
        );
    }
}
