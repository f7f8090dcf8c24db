//! GitHub Actions: workflows (`.github/workflows/*.yml`, reusable workflows) and action
//! metadata (`action.yml`, composite actions) normalised into the shape described in the crate
//! header. Steps of local composite actions (`uses: ./path`) and jobs of local reusable
//! workflows (`uses: ./.github/workflows/x.yml`) are appended to the caller's `steps` with
//! `via` set, so rules that depend on the caller's triggers (untrusted checkout, self-hosted
//! runners) see them; rules about a step's own text skip `via` steps, which their own file's
//! document already reports.

use comply_model::{DiagnosticLevel, Span};
use serde_json::{json, Value};
use std::collections::BTreeMap;

use crate::context::Ctx;
use crate::script::{empty_parts, script_parts};
use crate::tree::{MapBuilder, STEP_OR_JOB_FIELDS, Y};

/// Normalised `uses:` reference.
pub(crate) fn parse_uses(raw: &str, span: &Span) -> Y {
    let t = raw.trim();
    let mut m = MapBuilder::new(span);
    m.put("raw", Y::str(t, span));
    let s = |v: &str| Y::str(v, span);
    let null = || Y::null(span);
    if let Some(image) = t.strip_prefix("docker://") {
        m.put("kind", s("docker")).put("image", s(image));
        m.put("owner", null())
            .put("repo", null())
            .put("path", null())
            .put("action", null());
        m.put("ref", null()).put("ref_kind", s("docker"));
        return m.build();
    }
    if t.starts_with("./") || t.starts_with("../") {
        m.put("kind", s("local")).put("image", null());
        m.put("owner", null())
            .put("repo", null())
            .put("path", s(t))
            .put("action", s(t));
        m.put("ref", null()).put("ref_kind", s("local"));
        return m.build();
    }
    let (name, reference) = match t.rsplit_once('@') {
        Some((n, r)) => (n, Some(r)),
        None => (t, None),
    };
    let mut parts = name.splitn(3, '/');
    let owner = parts.next().unwrap_or("");
    let repo = parts.next().unwrap_or("");
    let path = parts.next();
    m.put("kind", s("remote")).put("image", null());
    m.put("owner", s(owner)).put("repo", s(repo));
    m.put("path", path.map_or_else(null, s));
    m.put("action", s(name));
    m.put("ref", reference.map_or_else(null, s));
    m.put("ref_kind", s(ref_kind(reference)));
    m.build()
}

/// `sha` (a full 40-hex commit), `tag` (version-like), `branch` (anything else), `expression`,
/// or `none` (no `@ref`).
pub(crate) fn ref_kind(reference: Option<&str>) -> &'static str {
    let Some(r) = reference else { return "none" };
    if r.contains("${{") {
        return "expression";
    }
    if r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit()) {
        return "sha";
    }
    let v = r
        .strip_prefix('v')
        .or_else(|| r.strip_prefix('V'))
        .unwrap_or(r);
    let core = v.split(['-', '+']).next().unwrap_or("");
    let version_like = !core.is_empty()
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && core.split('.').count() <= 4;
    if version_like {
        "tag"
    } else {
        "branch"
    }
}

/// `permissions` normalised: `{all: "read"|"write"|null, scopes: {...}}`, or null when absent.
pub(crate) fn permissions(node: Option<(&Span, &Y)>, absent_at: &Span) -> (Span, Y) {
    let Some((ks, v)) = node else {
        return (absent_at.clone(), Y::null(absent_at));
    };
    let span = v.span();
    let mut m = MapBuilder::new(span);
    match v {
        Y::Scalar(Value::String(s), _) if s == "write-all" || s == "read-all" => {
            m.put(
                "all",
                Y::str(if s == "write-all" { "write" } else { "read" }, span),
            );
            m.put("scopes", Y::Map(Vec::new(), span.clone()));
        }
        Y::Map(..) => {
            m.put("all", Y::null(span));
            m.put("scopes", v.clone());
        }
        _ => {
            m.put("all", Y::null(span));
            m.put("scopes", Y::Map(Vec::new(), span.clone()));
            m.put("expression", v.clone());
        }
    }
    (ks.clone(), m.build())
}

/// `on:` normalised to a map of event → configuration (`{}` when none given).
fn triggers(root: &Y, at: &Span) -> (Span, Y) {
    let Some((ks, on)) = root.entry("on") else {
        return (at.clone(), Y::Map(Vec::new(), at.clone()));
    };
    let mut entries = Vec::new();
    let empty = |s: &Span| Y::Map(Vec::new(), s.clone());
    match on {
        Y::Scalar(Value::String(e), s) => entries.push((e.clone(), s.clone(), empty(s))),
        Y::Seq(items, _) => {
            for i in items {
                if let Some(e) = i.as_str() {
                    entries.push((e.to_string(), i.span().clone(), empty(i.span())));
                }
            }
        }
        Y::Map(es, _) => {
            for (k, s, v) in es {
                let v = if v.is_map() {
                    v.clone()
                } else if let Y::Seq(..) = v {
                    // `on: {push: [main]}` is not valid, but keep what was written.
                    v.clone()
                } else {
                    empty(s)
                };
                entries.push((k.clone(), s.clone(), v));
            }
        }
        _ => {}
    }
    (ks.clone(), Y::Map(entries, on.span().clone()))
}

fn strings(node: Option<&Y>) -> Vec<(String, Span)> {
    match node {
        Some(Y::Seq(items, _)) => items
            .iter()
            .filter_map(|i| i.scalar_text().map(|t| (t, i.span().clone())))
            .collect(),
        Some(y @ Y::Scalar(..)) => y
            .scalar_text()
            .map(|t| vec![(t, y.span().clone())])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn str_seq(list: &[(String, Span)], at: &Span) -> Y {
    Y::Seq(
        list.iter().map(|(t, s)| Y::str(t.clone(), s)).collect(),
        at.clone(),
    )
}

/// Everything gathered while normalising one workflow or action.
pub(crate) struct Acc {
    pub(crate) jobs: Vec<Y>,
    pub(crate) steps: Vec<Y>,
    pub(crate) images: Vec<Y>,
}

impl Acc {
    pub(crate) fn new() -> Self {
        Self {
            jobs: Vec::new(),
            steps: Vec::new(),
            images: Vec::new(),
        }
    }

    pub(crate) fn image(
        &mut self,
        image: &Y,
        job: Option<(usize, &str)>,
        stage: Option<&str>,
        place: &str,
    ) {
        let Some(text) = image.scalar_text() else {
            return;
        };
        let s = image.span();
        let mut m = MapBuilder::new(s);
        m.put("image", Y::str(text, s));
        m.put("where", Y::str(place, s));
        m.put(
            "job",
            job.map_or_else(|| Y::null(s), |(i, _)| Y::val(json!(i), s)),
        );
        m.put(
            "job_id",
            job.map_or_else(|| Y::null(s), |(_, id)| Y::str(id, s)),
        );
        m.put("stage", stage.map_or_else(|| Y::null(s), |x| Y::str(x, s)));
        self.images.push(m.build());
    }
}

/// Where a step sits: its job and the source path that leads to it.
pub(crate) struct StepCtx<'a> {
    pub(crate) job: usize,
    pub(crate) job_id: &'a str,
    pub(crate) via: Option<&'a str>,
    pub(crate) path: String,
}

fn step(ctx: &mut Ctx, acc: &mut Acc, st: &Y, index: usize, sc: &StepCtx<'_>) {
    let span = st.span();
    let null = || Y::null(span);
    let mut m = MapBuilder::with_capacity(span, STEP_OR_JOB_FIELDS);
    m.put("job", Y::val(json!(sc.job), span));
    m.put("job_id", Y::str(sc.job_id, span));
    m.put("stage", null());
    m.put("index", Y::val(json!(index), span));
    m.put(
        "file",
        Y::str(span.file.as_deref().unwrap_or(&ctx.root_rel), span),
    );
    m.put("source_path", Y::str(format!("{}[{index}]", sc.path), span));
    m.put("via", sc.via.map_or_else(null, |v| Y::str(v, span)));
    m.copy("name", st, "name", null());
    m.copy("id", st, "id", null());
    m.copy("if", st, "if", null());
    let uses = st
        .entry("uses")
        .and_then(|(ks, v)| v.as_str().map(|u| (ks, u, v.span())));
    let run = st.entry("run");
    let kind = if uses.is_some() {
        "uses"
    } else if run.is_some() {
        "run"
    } else {
        "other"
    };
    m.put("kind", Y::str(kind, span));
    m.put("conditional", Y::val(json!(false), span));
    match uses {
        Some((ks, u, vs)) => {
            m.put_at("uses", ks, parse_uses(u, vs));
        }
        None => {
            m.put("uses", null());
        }
    }
    m.put("task", null());
    m.copy("with", st, "with", Y::Map(Vec::new(), span.clone()));
    m.copy("env", st, "env", Y::Map(Vec::new(), span.clone()));
    m.copy("run", st, "run", null());
    m.copy("shell", st, "shell", null());
    let (lines, exprs) = run
        .and_then(|(_, r)| script_parts(r, &ctx.texts, false))
        .unwrap_or_else(|| empty_parts(span));
    m.put("lines", lines);
    m.put("expressions", exprs);
    // actions/checkout: the settings rules care about.
    let checkout = uses.is_some_and(|(_, u, _)| {
        let u = u.to_ascii_lowercase();
        u.starts_with("actions/checkout@") || u == "actions/checkout"
    });
    if checkout {
        let with = st.get("with");
        let mut c = MapBuilder::new(span);
        c.put(
            "repository",
            with.and_then(|w| w.get("repository"))
                .cloned()
                .unwrap_or_else(null),
        );
        c.put(
            "ref",
            with.and_then(|w| w.get("ref"))
                .cloned()
                .unwrap_or_else(null),
        );
        c.put(
            "persist_credentials",
            with.and_then(|w| w.get("persist-credentials"))
                .cloned()
                .unwrap_or_else(null),
        );
        m.put("checkout", c.build());
    } else {
        m.put("checkout", null());
    }
    acc.steps.push(m.build());
    if let Some((_, u, vs)) = uses {
        if let Some(image) = u.trim().strip_prefix("docker://") {
            let img = Y::str(image, vs);
            acc.image(&img, Some((sc.job, sc.job_id)), None, "step");
        } else if u.starts_with("./") && sc.via.is_none() {
            composite(ctx, acc, u, vs, sc);
        }
    }
}

/// Appends the steps of a local composite action used by a step.
fn composite(ctx: &mut Ctx, acc: &mut Acc, uses: &str, at: &Span, sc: &StepCtx<'_>) {
    let dir = ctx.repo_root().join(uses.trim_start_matches("./"));
    let file = ["action.yml", "action.yaml"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file());
    let Some(file) = file else {
        ctx.diag(
            DiagnosticLevel::Warning,
            "action-missing",
            at.file.as_ref(),
            at.start.line,
            format!(
                "local action {uses} not found (no action.yml or action.yaml in {})",
                ctx.rel_of(&dir)
            ),
        );
        return;
    };
    let Some((action, _)) = ctx.include(&file, "action", at.file.as_ref(), at.start.line) else {
        return;
    };
    let runs = action.get("runs");
    if runs.and_then(|r| r.str_of("using")) != Some("composite") {
        return;
    }
    let inner = StepCtx {
        job: sc.job,
        job_id: sc.job_id,
        via: Some(uses),
        path: "runs.steps".into(),
    };
    ctx.stack.push(ctx.abs_of(action.span().file.as_ref()));
    for (i, s) in runs
        .and_then(|r| r.get("steps"))
        .map(Y::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        step(ctx, acc, s, i, &inner);
    }
    ctx.stack.pop();
}

/// `runs-on` normalised to its labels, and whether the runner is certainly self-hosted.
fn runner(body: &Y, at: &Span) -> (Y, Y) {
    let node = body.get("runs-on");
    let mut labels = strings(node);
    if let Some(m @ Y::Map(..)) = node {
        labels.extend(strings(m.get("labels")));
        if let Some(g) = m.get("group").and_then(Y::scalar_text) {
            labels.push((format!("group:{g}"), m.span().clone()));
        }
    }
    let self_hosted = labels
        .iter()
        .any(|(l, _)| l.eq_ignore_ascii_case("self-hosted") || l.starts_with("group:"));
    let span = node.map_or(at, Y::span);
    (str_seq(&labels, span), Y::val(json!(self_hosted), span))
}

fn environment(body: &Y, at: &Span) -> (Span, Y) {
    match body.entry("environment") {
        None => (at.clone(), Y::null(at)),
        Some((ks, v)) => {
            let mut m = MapBuilder::new(v.span());
            match v {
                Y::Map(..) => {
                    m.copy("name", v, "name", Y::null(v.span()));
                    m.copy("url", v, "url", Y::null(v.span()));
                }
                _ => {
                    m.put("name", v.clone());
                    m.put("url", Y::null(v.span()));
                }
            }
            (ks.clone(), m.build())
        }
    }
}

/// Transitive `needs` of every job (ids), in a stable order.
pub(crate) fn upstream(needs: &BTreeMap<String, Vec<String>>, id: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut todo: Vec<String> = needs.get(id).cloned().unwrap_or_default();
    while let Some(n) = todo.pop() {
        if n == id || seen.contains(&n) {
            continue;
        }
        todo.extend(needs.get(&n).cloned().unwrap_or_default());
        seen.push(n);
    }
    seen.sort();
    seen
}

/// Normalises the jobs of a workflow into `acc`; `via` marks jobs of a called workflow.
fn jobs(ctx: &mut Ctx, acc: &mut Acc, root: &Y, via: Option<(&str, usize, &str)>) {
    let Some(jobs) = root.get("jobs") else { return };
    let mut needs_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, _, body) in jobs.entries() {
        needs_of.insert(
            id.clone(),
            strings(body.get("needs"))
                .into_iter()
                .map(|(n, _)| n)
                .collect(),
        );
    }
    let base = acc.jobs.len();
    let index_of: BTreeMap<String, usize> = jobs
        .entries()
        .iter()
        .enumerate()
        .map(|(i, (id, _, _))| (id.clone(), base + i))
        .collect();
    for (id, ks, body) in jobs.entries() {
        let (job_index, job_id) = match via {
            Some((_, i, caller)) => (i, format!("{caller}/{id}")),
            None => (acc.jobs.len(), id.clone()),
        };
        if via.is_none() {
            let span = ks;
            let null = || Y::null(span);
            let mut m = MapBuilder::with_capacity(span, STEP_OR_JOB_FIELDS);
            m.put("index", Y::val(json!(job_index), span));
            m.put("id", Y::str(id.clone(), span));
            m.put(
                "name",
                body.get("name")
                    .cloned()
                    .unwrap_or_else(|| Y::str(id.clone(), span)),
            );
            m.put("stage", null());
            m.put(
                "kind",
                Y::str(
                    if body.get("uses").is_some() {
                        "call"
                    } else {
                        "job"
                    },
                    span,
                ),
            );
            m.put("conditional", Y::val(json!(false), span));
            let (labels, self_hosted) = runner(body, span);
            m.put("runs_on", labels);
            m.put("self_hosted", self_hosted);
            let (eks, env) = environment(body, span);
            m.put_at("environment", &eks, env);
            let (pks, perms) = permissions(body.entry("permissions"), span);
            m.put_at("permissions", &pks, perms);
            let needs = strings(body.get("needs"));
            m.put(
                "needs",
                str_seq(&needs, body.get("needs").map_or(span, Y::span)),
            );
            let up: Vec<Y> = upstream(&needs_of, id)
                .iter()
                .filter_map(|n| index_of.get(n))
                .map(|i| Y::val(json!(i), span))
                .collect();
            m.put("upstream", Y::Seq(up, span.clone()));
            m.copy("if", body, "if", null());
            match body
                .entry("uses")
                .and_then(|(k, v)| v.as_str().map(|u| (k, u, v.span())))
            {
                Some((k, u, vs)) => m.put_at("uses", k, parse_uses(u, vs)),
                None => m.put("uses", null()),
            };
            m.copy("with", body, "with", Y::Map(Vec::new(), span.clone()));
            m.copy("secrets", body, "secrets", null());
            m.copy("env", body, "env", Y::Map(Vec::new(), span.clone()));
            m.copy("strategy", body, "strategy", null());
            // Container and services: normalised to `{image}`.
            let container = body.get("container").map(|c| match c {
                Y::Map(..) => c.get("image").cloned().unwrap_or_else(|| Y::null(c.span())),
                other => other.clone(),
            });
            if let Some(img) = &container {
                acc.image(img, Some((job_index, id)), None, "container");
            }
            let mut cm = MapBuilder::new(body.get("container").map_or(span, Y::span));
            cm.put("image", container.clone().unwrap_or_else(null));
            m.put(
                "container",
                if container.is_some() {
                    cm.build()
                } else {
                    null()
                },
            );
            let mut services = Vec::new();
            for (name, sks, svc) in body.get("services").map(Y::entries).unwrap_or_default() {
                let img = match svc {
                    Y::Map(..) => svc.get("image").cloned(),
                    other => Some(other.clone()),
                };
                let mut sm = MapBuilder::new(sks);
                sm.put("name", Y::str(name.clone(), sks));
                sm.put("image", img.clone().unwrap_or_else(|| Y::null(sks)));
                services.push(sm.build());
                if let Some(img) = img {
                    acc.image(&img, Some((job_index, id)), None, "service");
                }
            }
            m.put("services", Y::Seq(services, span.clone()));
            acc.jobs.push(m.build());
        }
        let via_name = via.map(|(v, _, _)| v);
        let sc = StepCtx {
            job: job_index,
            job_id: &job_id,
            via: via_name,
            path: format!("jobs.{id}.steps"),
        };
        for (i, s) in body
            .get("steps")
            .map(Y::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            step(ctx, acc, s, i, &sc);
        }
        if via.is_none() {
            if let Some(u) = body.get("uses").and_then(Y::as_str) {
                if u.starts_with("./") {
                    reusable(
                        ctx,
                        acc,
                        u,
                        body.get("uses").map_or(ks, Y::span),
                        job_index,
                        id,
                    );
                }
            }
        }
    }
}

/// Appends the steps of a local reusable workflow called by job `caller`.
fn reusable(ctx: &mut Ctx, acc: &mut Acc, uses: &str, at: &Span, job: usize, caller: &str) {
    let path = uses.split('@').next().unwrap_or(uses);
    let abs = ctx.repo_root().join(path.trim_start_matches("./"));
    let Some((wf, _)) = ctx.include(&abs, "reusable workflow", at.file.as_ref(), at.start.line)
    else {
        return;
    };
    ctx.stack.push(ctx.abs_of(wf.span().file.as_ref()));
    jobs(ctx, acc, &wf, Some((uses, job, caller)));
    ctx.stack.pop();
}

/// The normalised resource of a workflow.
pub(crate) fn workflow(ctx: &mut Ctx, root: &Y) -> Y {
    let top = root.span().clone();
    let at = Span {
        end: top.start,
        ..top.clone()
    };
    let mut acc = Acc::new();
    jobs(ctx, &mut acc, root, None);
    let mut m = MapBuilder::new(&top);
    m.put("flavor", Y::str("workflow", &at));
    m.copy("name", root, "name", Y::null(&at));
    let (tks, trig) = triggers(root, &at);
    m.put_at("triggers", &tks, trig);
    let (pks, perms) = permissions(root.entry("permissions"), &at);
    m.put_at("permissions", &pks, perms);
    m.copy("env", root, "env", Y::Map(Vec::new(), at.clone()));
    finish(m, acc, &at)
}

/// The normalised resource of an action's metadata (`action.yml`).
pub(crate) fn action(ctx: &mut Ctx, root: &Y) -> Y {
    let top = root.span().clone();
    let at = Span {
        end: top.start,
        ..top.clone()
    };
    let mut acc = Acc::new();
    let runs = root.get("runs");
    let using = runs
        .and_then(|r| r.str_of("using"))
        .unwrap_or("")
        .to_string();
    let span = runs.map_or(&at, Y::span);
    let mut j = MapBuilder::new(span);
    j.put("index", Y::val(json!(0), span))
        .put("id", Y::str("action", span));
    j.put(
        "name",
        root.get("name")
            .cloned()
            .unwrap_or_else(|| Y::str("action", span)),
    );
    j.put("stage", Y::null(span))
        .put("kind", Y::str("action", span));
    j.put("conditional", Y::val(json!(false), span));
    j.put("runs_on", Y::Seq(Vec::new(), span.clone()))
        .put("self_hosted", Y::val(json!(false), span));
    j.put("environment", Y::null(span))
        .put("permissions", Y::null(span));
    j.put("needs", Y::Seq(Vec::new(), span.clone()))
        .put("upstream", Y::Seq(Vec::new(), span.clone()));
    j.put("if", Y::null(span)).put("uses", Y::null(span));
    j.put("with", Y::Map(Vec::new(), span.clone()))
        .put("secrets", Y::null(span));
    j.put("env", Y::Map(Vec::new(), span.clone()))
        .put("strategy", Y::null(span));
    let image = runs
        .and_then(|r| r.get("image"))
        .filter(|_| using == "docker");
    if let Some(img) = image {
        let text = img.as_str().unwrap_or("");
        // `image: Dockerfile` builds locally; `docker://x` pulls.
        if let Some(i) = text.strip_prefix("docker://") {
            acc.image(&Y::str(i, img.span()), Some((0, "action")), None, "action");
        }
    }
    j.put("container", Y::null(span))
        .put("services", Y::Seq(Vec::new(), span.clone()));
    acc.jobs.push(j.build());
    let sc = StepCtx {
        job: 0,
        job_id: "action",
        via: None,
        path: "runs.steps".into(),
    };
    for (i, s) in runs
        .and_then(|r| r.get("steps"))
        .map(Y::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        step(ctx, &mut acc, s, i, &sc);
    }
    let mut m = MapBuilder::new(&top);
    m.put(
        "flavor",
        Y::str(
            if using == "composite" {
                "composite-action"
            } else {
                "action"
            },
            &at,
        ),
    );
    m.copy("name", root, "name", Y::null(&at));
    m.put("triggers", Y::Map(Vec::new(), at.clone()));
    m.put("permissions", Y::null(&at));
    m.put("env", Y::Map(Vec::new(), at.clone()));
    finish(m, acc, &at)
}

fn finish(mut m: MapBuilder, acc: Acc, at: &Span) -> Y {
    m.put("jobs", Y::Seq(acc.jobs, at.clone()));
    m.put("steps", Y::Seq(acc.steps, at.clone()));
    m.put("images", Y::Seq(acc.images, at.clone()));
    m.put("variables", Y::Seq(Vec::new(), at.clone()));
    m.put("resources", Y::Map(Vec::new(), at.clone()));
    m.put("extends", Y::null(at));
    m.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_refs() {
        assert_eq!(ref_kind(Some("v4")), "tag");
        assert_eq!(ref_kind(Some("v4.1.2")), "tag");
        assert_eq!(ref_kind(Some("1.0.0-beta.1")), "tag");
        assert_eq!(ref_kind(Some("main")), "branch");
        assert_eq!(ref_kind(Some("releases/v1")), "branch");
        assert_eq!(
            ref_kind(Some("8e5e7e5ab8b370d6c329ec480221332ada57f0ab")),
            "sha"
        );
        assert_eq!(ref_kind(Some("8e5e7e5")), "branch");
        assert_eq!(ref_kind(None), "none");
    }
}
