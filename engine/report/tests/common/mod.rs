//! Builders for hand-made scan reports shared by the reporter tests.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::sync::Arc;

use comply_model::{
    Category, Diagnostic, Finding, Location, PathSeg, Pos, RuleMeta, ScanReport, Severity, Span,
    Suppression,
};
use comply_report::RenderOptions;

pub fn opts() -> RenderOptions {
    RenderOptions {
        color: false,
        tool_version: "0.1.0".into(),
        quiet: false,
    }
}

pub fn rule(id: &str, name: &str, severity: Severity, category: Category) -> RuleMeta {
    RuleMeta {
        id: id.into(),
        name: name.into(),
        title: format!("Title of {name}"),
        description: format!("Description of {name}."),
        severity,
        category,
        frameworks: BTreeMap::new(),
        remediation: format!("Fix {name}."),
        inputs: Vec::new(),
        related_resources: Vec::new(),
        package: format!("data.comply.test.{}", name.replace('-', "_")),
        source: format!("policies/{name}.rego"),
        uses_inventory: false,
        inventory_kinds: None,
        builtin: true,
    }
}

pub fn path(s: &str) -> Vec<PathSeg> {
    s.split('.')
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<usize>()
                .map_or_else(|_| PathSeg::Key(p.to_string()), PathSeg::Index)
        })
        .collect()
}

/// A finding of `rule` at a point position.
pub fn finding(
    rule: &RuleMeta,
    file: &str,
    line: u32,
    col: u32,
    message: &str,
    resource: &str,
) -> Finding {
    Finding {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        severity: rule.severity,
        category: rule.category,
        message: message.into(),
        location: Location {
            file: file.into(),
            span: Span::point(line, col),
            note: None,
        },
        related: Vec::new(),
        path: path("spec.containers.0"),
        resource: resource.into(),
        environments: Vec::new(),
        suppression: None,
        fingerprint: format!("fp-{}-{file}-{line}", rule.id),
    }
}

pub fn related(file: &str, line: u32, col: u32, note: Option<&str>) -> Location {
    Location {
        file: file.into(),
        span: Span::new(Pos::new(line, col), Pos::new(line, col)),
        note: note.map(str::to_string),
    }
}

pub fn inline(reason: Option<&str>) -> Option<Suppression> {
    Some(Suppression {
        kind: "inline".into(),
        reason: reason.map(str::to_string),
        location: None,
    })
}

pub const WEB_YAML: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            privileged: true
";

pub fn k8s_privileged() -> RuleMeta {
    let mut r = rule(
        "K8S-0001",
        "privileged-container",
        Severity::High,
        Category::PodSecurity,
    );
    r.title = "Container runs in privileged mode".into();
    r.remediation = "Remove securityContext.privileged or set it to false.".into();
    r.frameworks
        .insert("cis-kubernetes".into(), vec!["5.2.2".into()]);
    r.frameworks
        .insert("pss-baseline".into(), vec!["privileged-containers".into()]);
    r.related_resources
        .push("https://kubernetes.io/docs/concepts/security/pod-security-standards/".into());
    r
}

pub fn k8s_latest() -> RuleMeta {
    let mut r = rule(
        "K8S-0002",
        "latest-image-tag",
        Severity::Medium,
        Category::SupplyChain,
    );
    r.remediation = "Pin the image to a digest.".into();
    r
}

/// The small report the exact human-output test uses: two findings in one file (one with a
/// related location and environments), one suppressed finding, one diagnostic.
pub fn small_report() -> ScanReport {
    let privileged = k8s_privileged();
    let latest = k8s_latest();
    let tls = rule("TF-0100", "storage-min-tls", Severity::Low, Category::Tls);
    let mut f1 = finding(
        &latest,
        "deploy/web.yaml",
        11,
        18,
        "Container \"web\" uses image tag `latest`",
        "Deployment/prod/web",
    );
    f1.path = path("spec.template.spec.containers.0.image");
    let mut f2 = finding(
        &privileged,
        "deploy/web.yaml",
        13,
        13,
        "Container \"web\" runs in privileged mode",
        "Deployment/prod/web",
    );
    f2.related
        .push(related("values.yaml", 3, 1, Some("value set here")));
    f2.environments = vec!["dev".into(), "prod".into()];
    let mut f3 = finding(
        &privileged,
        "deploy/web.yaml",
        13,
        13,
        "Container \"sidecar\" runs in privileged mode",
        "Deployment/prod/web",
    );
    f3.suppression = inline(Some("needs host network for CNI"));
    let mut sources = BTreeMap::new();
    sources.insert(Arc::from("deploy/web.yaml"), Arc::from(WEB_YAML));
    ScanReport {
        root: ".".into(),
        findings: vec![f1, f2, f3],
        diagnostics: vec![Diagnostic::warning(
            "unused-ignore",
            Some("deploy/old.yaml".into()),
            Some(4),
            "ignore for K8S-0009 matched nothing",
        )],
        rules: vec![privileged, latest, tls],
        sources,
        files_scanned: 3,
        documents: 5,
        fail_on: Some(Severity::High),
        duration_ms: 12,
        framework: None,
    }
}

/// A report with every awkward case the machine formats must survive: suppressed findings
/// (inline and baseline), related locations, a diagnostic with and without a line, a file name
/// with a space, an unknown (0) line, a rule missing from the registry, markup in messages.
pub fn awkward_report() -> ScanReport {
    let mut r = small_report();
    let privileged = k8s_privileged();
    let unknown = rule(
        "CUSTOM-0001",
        "org-rule",
        Severity::Critical,
        Category::Tagging,
    );
    let mut f4 = finding(
        &privileged,
        "charts/my app/templates/dep loy.yaml",
        0,
        0,
        "Pod <x> & \"y\" | 'z'\nsecond line",
        "Pod/a b",
    );
    f4.related
        .push(related("charts/my app/values-prod.yaml", 7, 3, None));
    f4.related
        .push(related("charts/my app/values.yaml", 0, 0, Some("default")));
    let mut f5 = finding(
        &unknown,
        "main.tf",
        4,
        0,
        "Bucket is missing tag owner",
        "aws_s3_bucket.logs",
    );
    f5.environments = vec!["staging".into()];
    let mut f6 = finding(
        &privileged,
        "100% ü#?.yaml",
        2,
        3,
        "control \u{1b}[31m char",
        "",
    );
    f6.suppression = Some(Suppression {
        kind: "baseline".into(),
        reason: None,
        location: None,
    });
    r.findings.extend([f4, f5, f6]);
    r.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    r.diagnostics.insert(
        0,
        Diagnostic::error(
            "parse-error",
            Some("bad file.yaml".into()),
            Some(3),
            "mapping values are not allowed here",
        ),
    );
    r.diagnostics.push(Diagnostic::error(
        "policy-error",
        None,
        None,
        "policy comply.x failed to compile",
    ));
    r.diagnostics.push(Diagnostic::warning(
        "unreadable",
        Some("dir/skipped.tf".into()),
        None,
        "skipped",
    ));
    r
}
