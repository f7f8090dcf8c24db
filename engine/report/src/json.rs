//! comply's own JSON report: a stable, versioned schema for scripts and dashboards. The full
//! field-by-field reference is `engine/report/JSON-SCHEMA.md`; in short:
//!
//! ```text
//! {
//!   "version": 1,                       // bumped only on an incompatible change
//!   "tool": {"name": "comply", "version": "0.1.0"},
//!   "root": ".",
//!   "summary": {
//!     "findings": 3, "failing": 2, "suppressed": 1,
//!     "by_severity": {"critical": 0, "high": 2, "medium": 1, "low": 0},
//!     "by_category": {"network-isolation": 0, "pod-security": 2, ...},   // all 8, DESIGN §5 order
//!     "files_scanned": 4, "documents": 7, "fail_on": "high", "errors": 0, "exit_code": 1
//!   },
//!   "findings": [{"rule_id", "rule_name", "severity", "category", "message", "file", "line",
//!                 "column", "end_line", "end_column", "path", "path_segments", "resource",
//!                 "related", "environments", "suppression", "fingerprint"}],
//!   "diagnostics": [{"level", "code", "message", "file", "line", "column"}],
//!   "rules": [{"id", "name", "title", "description", "severity", "category", "frameworks",
//!              "remediation", "inputs", "related_resources", "package", "source", "builtin"}],
//!   "framework": null | {"id", "name", "version", "source",             // with --framework
//!                        "summary": {"passed", "failed", "not_covered"},
//!                        "controls": [{"id", "title", "section", "coverage", "status", "reason",
//!                                      "explanation", "rules", "findings"}]}
//! }
//! ```
//!
//! Every key is always present (absent values are `null` or empty arrays), keys appear in the
//! order above (serde derive serialises in declaration order), and counts only include
//! unsuppressed findings. The scan duration is left out on purpose, so output is reproducible.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use comply_model::{
    format_path, Category, Diagnostic, DiagnosticLevel, Finding, FrameworkReport, InputSelector,
    Location, PathSeg, RuleMeta, ScanReport, Severity,
};

use crate::common::{active, by_severity, file_of, suppressed_count};
use crate::RenderOptions;

/// The schema version written to `version`.
pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool<'a>,
    root: &'a str,
    summary: Summary,
    findings: Vec<FindingJson<'a>>,
    diagnostics: Vec<DiagnosticJson<'a>>,
    rules: Vec<RuleJson<'a>>,
    framework: Option<&'a FrameworkReport>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Summary {
    findings: usize,
    failing: usize,
    suppressed: usize,
    by_severity: BySeverity,
    by_category: ByCategory,
    files_scanned: usize,
    documents: usize,
    fail_on: Option<Severity>,
    errors: usize,
    exit_code: i32,
}

#[derive(Serialize)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
}

/// Counts for every category, serialised as an object in DESIGN §5 order.
struct ByCategory(BTreeMap<Category, usize>);

impl Serialize for ByCategory {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(Category::ALL.len()))?;
        for c in Category::ALL {
            m.serialize_entry(c.as_str(), &self.0.get(&c).copied().unwrap_or(0))?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule_id: &'a str,
    rule_name: &'a str,
    severity: Severity,
    category: Category,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    path: String,
    path_segments: &'a [PathSeg],
    resource: &'a str,
    related: Vec<LocationJson<'a>>,
    environments: &'a [String],
    suppression: Option<SuppressionJson<'a>>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct LocationJson<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    note: Option<&'a str>,
}

impl<'a> LocationJson<'a> {
    fn new(loc: &'a Location) -> Self {
        Self {
            file: file_of(loc),
            line: loc.span.start.line,
            column: loc.span.start.col,
            end_line: loc.span.end.line,
            end_column: loc.span.end.col,
            note: loc.note.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct SuppressionJson<'a> {
    kind: &'a str,
    reason: Option<&'a str>,
    location: Option<LocationJson<'a>>,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    level: DiagnosticLevel,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
}

/// A rule as the JSON report and `comply policies --format json` show it.
#[derive(Serialize)]
pub(crate) struct RuleJson<'a> {
    id: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    severity: Severity,
    category: Category,
    frameworks: &'a BTreeMap<String, Vec<String>>,
    remediation: &'a str,
    inputs: &'a [InputSelector],
    related_resources: &'a [String],
    package: &'a str,
    source: &'a str,
    builtin: bool,
}

impl<'a> RuleJson<'a> {
    pub(crate) fn new(r: &'a RuleMeta) -> Self {
        Self {
            id: &r.id,
            name: &r.name,
            title: &r.title,
            description: &r.description,
            severity: r.severity,
            category: r.category,
            frameworks: &r.frameworks,
            remediation: &r.remediation,
            inputs: &r.inputs,
            related_resources: &r.related_resources,
            package: &r.package,
            source: &r.source,
            builtin: r.builtin,
        }
    }
}

fn finding(f: &Finding) -> FindingJson<'_> {
    let loc = LocationJson::new(&f.location);
    FindingJson {
        rule_id: &f.rule_id,
        rule_name: &f.rule_name,
        severity: f.severity,
        category: f.category,
        message: &f.message,
        file: loc.file,
        line: loc.line,
        column: loc.column,
        end_line: loc.end_line,
        end_column: loc.end_column,
        path: format_path(&f.path),
        path_segments: &f.path,
        resource: &f.resource,
        related: f.related.iter().map(LocationJson::new).collect(),
        environments: &f.environments,
        suppression: f.suppression.as_ref().map(|s| SuppressionJson {
            kind: &s.kind,
            reason: s.reason.as_deref(),
            location: s.location.as_ref().map(LocationJson::new),
        }),
        fingerprint: &f.fingerprint,
    }
}

fn diagnostic(d: &Diagnostic) -> DiagnosticJson<'_> {
    DiagnosticJson {
        level: d.level,
        code: &d.code,
        message: &d.message,
        file: d.file.as_deref(),
        line: d.line,
        column: d.col,
    }
}

/// Pretty JSON with a trailing newline. Serialising these plain structs cannot fail; if it ever
/// did, the error is reported as a JSON string rather than a panic.
pub(crate) fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        serde_json::Value::String(format!("comply: JSON serialisation failed: {e}")).to_string()
    });
    s.push('\n');
    s
}

/// Renders the JSON report.
pub(crate) fn render(report: &ScanReport, opts: &RenderOptions) -> String {
    let sev = by_severity(report);
    let mut cats = BTreeMap::new();
    for f in active(report) {
        *cats.entry(f.category).or_insert(0) += 1;
    }
    let doc = Report {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "comply",
            version: &opts.tool_version,
        },
        root: &report.root,
        summary: Summary {
            findings: active(report).count(),
            failing: report.failing(),
            suppressed: suppressed_count(report),
            by_severity: BySeverity {
                critical: sev[0],
                high: sev[1],
                medium: sev[2],
                low: sev[3],
            },
            by_category: ByCategory(cats),
            files_scanned: report.files_scanned,
            documents: report.documents,
            fail_on: report.fail_on,
            errors: report
                .diagnostics
                .iter()
                .filter(|d| d.level == DiagnosticLevel::Error)
                .count(),
            exit_code: report.exit_code(),
        },
        findings: report.findings.iter().map(finding).collect(),
        diagnostics: report.diagnostics.iter().map(diagnostic).collect(),
        rules: report.rules.iter().map(RuleJson::new).collect(),
        framework: report.framework.as_ref(),
    };
    to_pretty(&doc)
}

/// Renders rules as a JSON array (`comply policies --format json`).
pub(crate) fn rules(rules: &[RuleMeta]) -> String {
    to_pretty(&rules.iter().map(RuleJson::new).collect::<Vec<_>>())
}
