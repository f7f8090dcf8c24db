//! The compliance framework catalogue (`frameworks/*.yaml`, embedded in the binary like the
//! built-in policies) and the per-control verdict of `comply scan --framework ID`.
//!
//! A control is **failed** when a rule mapped to it has an unsuppressed finding, **passed** when
//! mapped rules were evaluated on at least one document and found nothing, and **not covered**
//! otherwise, with the reason: out of scope by design, no rule maps to it, its rules are disabled,
//! or no scanned document is of a kind its rules read.

use anyhow::{bail, Result};
use comply_model::{
    Control, ControlCounts, ControlResult, ControlRule, ControlStatus, Finding, Framework,
    FrameworkReport, NotCoveredReason, RuleMeta,
};
use include_dir::{include_dir, Dir};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The repository's `frameworks/` directory, embedded at build time.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/frameworks");

/// Every built-in framework, sorted by id. An invalid file is a build-time mistake, but it is
/// still reported as an error naming the file and line rather than a panic.
pub(crate) fn builtin() -> Result<Vec<Framework>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut files: Vec<_> = BUILTIN
        .files()
        .filter(|f| f.path().extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort_by_key(|f| f.path());
    for f in files {
        let name = format!("frameworks/{}", f.path().to_string_lossy());
        let stem = f
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match f.contents_utf8() {
            Some(text) => match parse(&name, &stem, text) {
                Ok(fw) => out.push(fw),
                Err(e) => errors.push(e),
            },
            None => errors.push(format!("{name}: not UTF-8")),
        }
    }
    if !errors.is_empty() {
        bail!("invalid framework catalogue:\n  {}", errors.join("\n  "));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Parses and validates one catalogue file; `stem` is its file name without extension, which
/// must equal its `id`.
pub(crate) fn parse(name: &str, stem: &str, text: &str) -> Result<Framework, String> {
    let fw: Framework = serde_saphyr::from_str(text).map_err(|e| {
        let line = e
            .location()
            .map(|l| format!(":{}", l.line()))
            .unwrap_or_default();
        let msg = e.without_snippet().to_string();
        format!(
            "{name}{line}: {}",
            msg.lines().next().unwrap_or("invalid YAML")
        )
    })?;
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| format!(":{}", i + 1))
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    if fw.id != stem {
        problems.push(format!(
            "{name}{}: id `{}` must equal the file name `{stem}`",
            line_of("id:"),
            fw.id
        ));
    }
    for (key, value) in [
        ("name", &fw.name),
        ("version", &fw.version),
        ("source", &fw.source),
    ] {
        if value.trim().is_empty() {
            problems.push(format!("{name}: `{key}` must not be empty"));
        }
    }
    if fw.controls.is_empty() {
        problems.push(format!("{name}: no controls"));
    }
    // The line of each control's `- id:`, in order (catalogue files list one control per item).
    let item_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- id:"))
        .map(|(i, _)| i + 1)
        .collect();
    let mut seen = BTreeSet::new();
    for (k, c) in fw.controls.iter().enumerate() {
        let at = match item_lines.get(k) {
            Some(l) if item_lines.len() == fw.controls.len() => format!(":{l}"),
            _ => String::new(),
        };
        if c.id.trim().is_empty() {
            problems.push(format!("{name}: a control has an empty id"));
        }
        if !seen.insert(c.id.as_str()) {
            problems.push(format!("{name}{at}: control `{}` listed twice", c.id));
        }
        if c.title.trim().is_empty() {
            problems.push(format!("{name}{at}: control `{}` has no title", c.id));
        }
        if c.coverage.trim().is_empty() {
            problems.push(format!(
                "{name}{at}: control `{}` has no coverage explanation",
                c.id
            ));
        }
    }
    if problems.is_empty() {
        Ok(fw)
    } else {
        Err(problems.join("\n  "))
    }
}

/// The framework with this id, or an error listing the known ids.
pub(crate) fn find<'a>(catalogue: &'a [Framework], id: &str) -> Result<&'a Framework> {
    match catalogue.iter().find(|f| f.id == id) {
        Some(f) => Ok(f),
        None => {
            let ids: Vec<&str> = catalogue.iter().map(|f| f.id.as_str()).collect();
            bail!(
                "--framework {id}: no such framework (expected one of {}; see `comply frameworks`)",
                ids.join(", ")
            )
        }
    }
}

/// Mapping mistakes of `rules` against the catalogue, one sentence each: an unknown framework
/// or control, a control marked out of scope, a built-in rule mapped to nothing.
pub(crate) fn mapping_problems(catalogue: &[Framework], rules: &[RuleMeta]) -> Vec<String> {
    let mut out = Vec::new();
    for r in rules {
        if r.builtin && r.frameworks.values().all(Vec::is_empty) {
            out.push(format!(
                "{} ({}) maps to no framework control",
                r.id, r.source
            ));
        }
        for (fw_id, controls) in &r.frameworks {
            let Some(fw) = catalogue.iter().find(|f| &f.id == fw_id) else {
                out.push(format!(
                    "{} ({}) names unknown framework `{fw_id}`",
                    r.id, r.source
                ));
                continue;
            };
            for c in controls {
                match fw.control(c) {
                    None => out.push(format!(
                        "{} ({}) names unknown control `{c}` of {fw_id}",
                        r.id, r.source
                    )),
                    Some(ctl) if ctl.out_of_scope => out.push(format!(
                        "{} ({}) maps to {fw_id} `{c}`, which the catalogue marks out of scope",
                        r.id, r.source
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    out
}

/// Whether `rule` maps to at least one control of `framework`.
pub(crate) fn maps_to(rule: &RuleMeta, framework: &str) -> bool {
    rule.frameworks
        .get(framework)
        .is_some_and(|c| !c.is_empty())
}

/// What the scan knows that the verdict needs.
pub(crate) struct Evidence<'a> {
    /// Every known rule (built-in and `--policies`), with effective severities.
    pub(crate) rules: &'a [RuleMeta],
    /// Ids of the rules evaluated in this scan.
    pub(crate) enabled: &'a BTreeSet<String>,
    /// Documents each evaluated rule ran on, by rule id.
    pub(crate) documents: &'a BTreeMap<String, usize>,
    /// Documents in the scan.
    pub(crate) total_documents: usize,
    /// The scan's findings (suppressed included).
    pub(crate) findings: &'a [Finding],
}

/// The per-control verdict of a scan.
pub(crate) fn evaluate(fw: &Framework, ev: &Evidence<'_>) -> FrameworkReport {
    let mut summary = ControlCounts::default();
    let controls: Vec<ControlResult> = fw
        .controls
        .iter()
        .map(|c| {
            let r = control_result(fw, c, ev);
            match r.status {
                ControlStatus::Passed => summary.passed += 1,
                ControlStatus::Failed => summary.failed += 1,
                ControlStatus::NotCovered => summary.not_covered += 1,
            }
            r
        })
        .collect();
    FrameworkReport {
        id: fw.id.clone(),
        name: fw.name.clone(),
        version: fw.version.clone(),
        source: fw.source.clone(),
        summary,
        controls,
    }
}

fn control_result(fw: &Framework, c: &Control, ev: &Evidence<'_>) -> ControlResult {
    let mapped: Vec<&RuleMeta> = ev
        .rules
        .iter()
        .filter(|r| {
            r.frameworks
                .get(&fw.id)
                .is_some_and(|ids| ids.iter().any(|i| i == &c.id))
        })
        .collect();
    let mut rules: Vec<ControlRule> = mapped
        .iter()
        .map(|r| {
            let (mut findings, mut suppressed) = (0, 0);
            for f in ev.findings.iter().filter(|f| f.rule_id == r.id) {
                if f.suppression.is_some() {
                    suppressed += 1;
                } else {
                    findings += 1;
                }
            }
            ControlRule {
                id: r.id.clone(),
                name: r.name.clone(),
                enabled: ev.enabled.contains(&r.id),
                documents: ev.documents.get(&r.id).copied().unwrap_or(0),
                findings,
                suppressed,
            }
        })
        .collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    rules.dedup_by(|a, b| a.id == b.id);
    let failing: Vec<String> = ev
        .findings
        .iter()
        .filter(|f| f.suppression.is_none() && rules.iter().any(|r| r.enabled && r.id == f.rule_id))
        .map(|f| f.fingerprint.clone())
        .collect();

    let names = |rs: &mut dyn Iterator<Item = &ControlRule>| {
        list(rs.map(|r| format!("{} {}", r.id, r.name)).collect())
    };
    let enabled: Vec<&ControlRule> = rules.iter().filter(|r| r.enabled).collect();
    let applied: Vec<&ControlRule> = enabled
        .iter()
        .copied()
        .filter(|r| r.documents > 0)
        .collect();
    let (status, reason, explanation) = if c.out_of_scope {
        (
            ControlStatus::NotCovered,
            Some(NotCoveredReason::OutOfScope),
            "Not covered by design: a static scan of configuration cannot evidence this control."
                .to_string(),
        )
    } else if rules.is_empty() {
        (
            ControlStatus::NotCovered,
            Some(NotCoveredReason::NoRule),
            "Not covered: no rule maps to this control yet.".to_string(),
        )
    } else if enabled.is_empty() {
        (
            ControlStatus::NotCovered,
            Some(NotCoveredReason::RulesDisabled),
            format!(
                "Not covered: its rules were not evaluated (disabled in the configuration or left out by --rule): {}.",
                names(&mut rules.iter())
            ),
        )
    } else if applied.is_empty() {
        let mut text = format!(
            "Not covered: none of the {} scanned documents is of a kind its rules read (",
            ev.total_documents
        );
        let wants: Vec<String> = enabled
            .iter()
            .filter_map(|r| mapped.iter().find(|m| m.id == r.id))
            .map(|m| format!("{} reads {}", m.id, inputs_summary(m)))
            .collect();
        text.push_str(&wants.join("; "));
        text.push_str(").");
        (
            ControlStatus::NotCovered,
            Some(NotCoveredReason::NoDocuments),
            text,
        )
    } else if !failing.is_empty() {
        let failed_rules: Vec<&ControlRule> =
            enabled.iter().copied().filter(|r| r.findings > 0).collect();
        (
            ControlStatus::Failed,
            None,
            format!(
                "Failed: {} from {}.",
                plural(failing.len(), "finding"),
                names(&mut failed_rules.into_iter())
            ),
        )
    } else {
        let evaluated: Vec<String> = applied
            .iter()
            .map(|r| format!("{} {} ({})", r.id, r.name, plural(r.documents, "document")))
            .collect();
        let mut text = format!("Passed: no finding from {}", list(evaluated));
        let suppressed: usize = applied.iter().map(|r| r.suppressed).sum();
        if suppressed > 0 {
            let _ = write!(text, "; {} suppressed", plural(suppressed, "finding"));
        }
        text.push('.');
        (ControlStatus::Passed, None, text)
    };
    let mut explanation = explanation;
    if matches!(status, ControlStatus::Passed | ControlStatus::Failed) {
        let idle: Vec<&ControlRule> = enabled
            .iter()
            .copied()
            .filter(|r| r.documents == 0)
            .collect();
        if !idle.is_empty() {
            let _ = write!(
                explanation,
                " No document for: {}.",
                names(&mut idle.into_iter())
            );
        }
        let off: Vec<&ControlRule> = rules.iter().filter(|r| !r.enabled).collect();
        if !off.is_empty() {
            let _ = write!(
                explanation,
                " Not evaluated: {}.",
                names(&mut off.into_iter())
            );
        }
    }
    ControlResult {
        id: c.id.clone(),
        title: c.title.clone(),
        section: c.section.clone(),
        coverage: c.coverage.clone(),
        status,
        reason,
        explanation,
        rules,
        findings: failing,
    }
}

/// `kubernetes Pod, Deployment, ...` or `terraform azurerm_storage_account`: what a rule reads.
fn inputs_summary(r: &RuleMeta) -> String {
    const MAX: usize = 4;
    let parts: Vec<String> = r
        .inputs
        .iter()
        .map(|s| {
            if s.resources.is_empty() {
                format!("{} documents", s.kind.as_str())
            } else {
                let mut names: Vec<&str> =
                    s.resources.iter().map(String::as_str).take(MAX).collect();
                if s.resources.len() > MAX {
                    names.push("...");
                }
                format!("{} {}", s.kind.as_str(), names.join(", "))
            }
        })
        .collect();
    if parts.is_empty() {
        "no input".into()
    } else {
        parts.join(" or ")
    }
}

/// Items joined with commas; past [`LIST_MAX`] items, the rest are counted.
fn list(items: Vec<String>) -> String {
    if items.len() <= LIST_MAX {
        return items.join(", ");
    }
    format!(
        "{} and {} more",
        items[..LIST_MAX].join(", "),
        items.len() - LIST_MAX
    )
}

/// Rules named in an explanation before the rest are only counted (the full list is in `rules`).
const LIST_MAX: usize = 6;

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comply_model::{Category, DocKind, InputSelector, Location, Severity, Span};
    use std::sync::Arc;

    fn rule(id: &str, fw: &[(&str, &[&str])]) -> RuleMeta {
        RuleMeta {
            id: id.into(),
            name: format!("rule-{id}"),
            title: "t".into(),
            description: String::new(),
            severity: Severity::High,
            category: Category::PodSecurity,
            frameworks: fw
                .iter()
                .map(|(k, v)| {
                    (
                        (*k).to_string(),
                        v.iter().map(|s| (*s).to_string()).collect(),
                    )
                })
                .collect(),
            remediation: String::new(),
            inputs: vec![InputSelector {
                kind: DocKind::Kubernetes,
                resources: vec!["Pod".into()],
            }],
            related_resources: Vec::new(),
            package: String::new(),
            source: format!("{id}.rego"),
            uses_inventory: false,
            inventory_kinds: None,
            builtin: true,
        }
    }

    fn finding(rule: &str, suppressed: bool) -> Finding {
        Finding {
            rule_id: rule.into(),
            rule_name: format!("rule-{rule}"),
            severity: Severity::High,
            category: Category::PodSecurity,
            message: "m".into(),
            location: Location {
                file: Arc::from("a.yaml"),
                span: Span::point(1, 1),
                note: None,
            },
            related: Vec::new(),
            path: Vec::new(),
            resource: "Pod/x".into(),
            environments: Vec::new(),
            suppression: suppressed.then(|| comply_model::Suppression {
                kind: "inline".into(),
                reason: None,
                location: None,
            }),
            fingerprint: format!("fp-{rule}-{suppressed}"),
        }
    }

    const FW: &str = "id: demo\nname: Demo\nversion: '1'\nsource: https://example.org\ncontrols:\n  - id: a\n    title: A\n    coverage: by R1\n  - id: b\n    title: B\n    coverage: by R2\n  - id: c\n    title: C\n    coverage: by R3\n  - id: d\n    title: D\n    coverage: nothing maps here\n  - id: e\n    title: E\n    coverage: organisational\n    out_of_scope: true\n  - id: f\n    title: F\n    coverage: by R4\n";

    #[test]
    fn the_builtin_catalogue_parses() {
        let cat = builtin().expect("catalogue");
        let ids: Vec<&str> = cat.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "cis-aws",
                "cis-azure",
                "cis-kubernetes",
                "iso27001",
                "nsa-kubernetes",
                "pss-baseline",
                "pss-restricted",
                "soc2"
            ]
        );
    }

    #[test]
    fn parse_rejects_missing_coverage_and_duplicates() {
        let bad = "id: demo\nname: Demo\nversion: '1'\nsource: s\ncontrols:\n  - id: a\n    title: A\n    coverage: ' '\n  - id: a\n    title: A2\n    coverage: x\n";
        let e = parse("frameworks/demo.yaml", "demo", bad).expect_err("invalid");
        assert!(e.contains("control `a` has no coverage explanation"), "{e}");
        assert!(
            e.contains("frameworks/demo.yaml:9: control `a` listed twice"),
            "{e}"
        );
        let e = parse("frameworks/x.yaml", "x", FW).expect_err("id mismatch");
        assert!(e.contains("id `demo` must equal the file name `x`"), "{e}");
        let e = parse("frameworks/demo.yaml", "demo", "id: demo\nname: [").expect_err("yaml");
        assert!(e.starts_with("frameworks/demo.yaml:"), "{e}");
        let e = parse(
            "frameworks/demo.yaml",
            "demo",
            "id: demo\nname: D\nversion: '1'\nsource: s\ncontrols: []\nextra: 1\n",
        )
        .expect_err("unknown key");
        assert!(e.contains("extra"), "{e}");
    }

    #[test]
    fn every_status_and_reason() {
        let fw = parse("frameworks/demo.yaml", "demo", FW).expect("valid");
        let rules = vec![
            rule("R1", &[("demo", &["a"])]),
            rule("R2", &[("demo", &["b"])]),
            rule("R3", &[("demo", &["c"])]),
            rule("R4", &[("demo", &["f"])]),
        ];
        let enabled: BTreeSet<String> = ["R1", "R2", "R3"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        let documents: BTreeMap<String, usize> =
            [("R1".to_string(), 3), ("R2".to_string(), 2)].into();
        let findings = vec![finding("R1", false), finding("R2", true)];
        let ev = Evidence {
            rules: &rules,
            enabled: &enabled,
            documents: &documents,
            total_documents: 5,
            findings: &findings,
        };
        let r = evaluate(&fw, &ev);
        let got: Vec<(&str, &str, Option<&str>)> = r
            .controls
            .iter()
            .map(|c| {
                (
                    c.id.as_str(),
                    c.status.as_str(),
                    c.reason.map(NotCoveredReason::as_str),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", "failed", None),
                ("b", "passed", None),
                ("c", "not-covered", Some("no-documents")),
                ("d", "not-covered", Some("no-rule")),
                ("e", "not-covered", Some("out-of-scope")),
                ("f", "not-covered", Some("rules-disabled")),
            ]
        );
        assert_eq!(
            r.summary,
            ControlCounts {
                passed: 1,
                failed: 1,
                not_covered: 4
            }
        );
        assert_eq!(r.controls[0].findings, ["fp-R1-false"]);
        assert_eq!(
            r.controls[0].explanation,
            "Failed: 1 finding from R1 rule-R1."
        );
        assert_eq!(
            r.controls[1].explanation,
            "Passed: no finding from R2 rule-R2 (2 documents); 1 finding suppressed."
        );
        assert_eq!(
            r.controls[2].explanation,
            "Not covered: none of the 5 scanned documents is of a kind its rules read (R3 reads kubernetes Pod)."
        );
    }

    #[test]
    fn mapping_problems_name_the_rule() {
        let fw = parse("frameworks/demo.yaml", "demo", FW).expect("valid");
        let rules = vec![
            rule("R1", &[("demo", &["a", "zz"])]),
            rule("R2", &[("nope", &["a"])]),
            rule("R3", &[("demo", &["e"])]),
            rule("R4", &[]),
        ];
        let p = mapping_problems(&[fw], &rules);
        assert_eq!(
            p,
            [
                "R1 (R1.rego) names unknown control `zz` of demo",
                "R2 (R2.rego) names unknown framework `nope`",
                "R3 (R3.rego) maps to demo `e`, which the catalogue marks out of scope",
                "R4 (R4.rego) maps to no framework control",
            ]
        );
    }
}
