//! Azure DevOps pipelines: template expansion and normalisation.
//!
//! Expansion follows Azure's compile-time model closely enough for policies: local `template:`
//! references (stages, jobs, steps, variables, and `extends`) are read relative to the file
//! that names them (`/path` from the repository root), their `parameters:` declarations give
//! defaults, literal call-site parameters override them, and `${{ parameters.x }}` (and loop
//! variables of `${{ each x in ... }}`) are substituted. Conditional insertions
//! (`${{ if }}`/`${{ elseif }}`/`${{ else }}`) are not evaluated: every branch is kept, so a
//! rule sees everything a run could contain. Templates in other repositories (`x.yml@repo`)
//! are not fetched: a note says so and the reference is recorded in `extends`/the step.

use comply_model::{DiagnosticLevel, Span};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use crate::context::Ctx;
use crate::github::{upstream, Acc};
use crate::script::{empty_parts, script_parts};
use crate::tree::{MapBuilder, STEP_OR_JOB_FIELDS, Y};

/// Nodes template expansion may produce for one document before it stops (an `each` over a
/// large list inside another is the only way to get near it).
const NODE_BUDGET: usize = 500_000;

/// Values visible to `${{ }}` expressions: `parameters` and loop variables. Shared, so that
/// each iteration of an `each` loop copies pointers, not the parameters it can see.
type Env = HashMap<String, Rc<Y>>;

struct Expander<'c> {
    ctx: &'c mut Ctx,
    budget: usize,
    exhausted: bool,
}

/// `name.field['key']` paths; anything else (functions, operators) is not resolved.
fn resolve<'e>(expr: &str, env: &'e Env) -> Option<&'e Y> {
    let e = expr.trim();
    let mut segs = Vec::new();
    let mut rest = e;
    let ident_end = |s: &str| s.find(['.', '[']).unwrap_or(s.len());
    let first_end = ident_end(rest);
    segs.push(rest[..first_end].to_string());
    rest = &rest[first_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = ident_end(r);
            segs.push(r[..end].to_string());
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            let key = r[..close].trim().trim_matches(['\'', '"']);
            segs.push(key.to_string());
            rest = &r[close + 1..];
        } else {
            return None;
        }
    }
    if segs.iter().any(|s| {
        s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
    }) {
        return None;
    }
    let mut node: &Y = env.get(&segs[0])?;
    for s in &segs[1..] {
        node = match node {
            Y::Map(..) => node.get(s)?,
            Y::Seq(items, _) => items.get(s.parse::<usize>().ok()?)?,
            Y::Scalar(..) => return None,
        };
    }
    Some(node)
}

/// The single expression a whole string consists of, if it is one.
fn whole_expr(s: &str) -> Option<&str> {
    let t = s.trim();
    let inner = t.strip_prefix("${{")?.strip_suffix("}}")?;
    (!inner.contains("}}") && !inner.contains("${{")).then_some(inner)
}

fn directive(key: &str) -> Option<&str> {
    let inner = whole_expr(key)?.trim();
    Some(inner)
}

impl Expander<'_> {
    fn spend(&mut self, n: usize) -> bool {
        if self.budget < n {
            self.exhausted = true;
            return false;
        }
        self.budget -= n;
        true
    }

    fn subst_str(&mut self, s: &str, span: &Span, env: &Env) -> Y {
        if let Some(expr) = whole_expr(s) {
            if let Some(v) = resolve(expr, env) {
                return v.clone();
            }
            return Y::str(s, span);
        }
        if !s.contains("${{") {
            return Y::str(s, span);
        }
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find("${{") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 3..];
            let Some(j) = after.find("}}") else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            match resolve(&after[..j], env).and_then(|v| {
                v.scalar_text()
                    .or_else(|| matches!(v, Y::Scalar(Value::Null, _)).then(String::new))
            }) {
                Some(t) => out.push_str(&t),
                None => out.push_str(&rest[i..i + 3 + j + 2]),
            }
            rest = &after[j + 2..];
        }
        out.push_str(rest);
        Y::str(out, span)
    }

    /// Items an `each` directive iterates over, as loop values.
    fn each_items(&self, directive: &str, env: &Env) -> Option<(String, Vec<Y>)> {
        let rest = directive.strip_prefix("each")?.trim_start();
        let (var, coll) = rest.split_once(" in ")?;
        let coll = resolve(coll, env)?;
        let items = match coll {
            Y::Seq(items, _) => items.clone(),
            Y::Map(entries, _) => entries
                .iter()
                .map(|(k, ks, v)| {
                    let mut m = MapBuilder::new(ks);
                    m.put("key", Y::str(k.clone(), ks));
                    m.put("value", v.clone());
                    m.build()
                })
                .collect(),
            Y::Scalar(..) => Vec::new(),
        };
        Some((var.trim().to_string(), items))
    }

    /// Substitutes expressions and flattens `${{ }}` directives in a node.
    fn instantiate(&mut self, y: &Y, env: &Env) -> Y {
        if !self.spend(1) {
            return y.clone();
        }
        match y {
            Y::Scalar(Value::String(s), span) => self.subst_str(s, span, env),
            Y::Scalar(..) => y.clone(),
            Y::Map(entries, span) => {
                let mut out: Vec<(String, Span, Y)> = Vec::new();
                for (k, ks, v) in entries {
                    self.map_entry(k, ks, v, env, &mut out);
                }
                Y::Map(out, span.clone())
            }
            Y::Seq(items, span) => {
                let mut out = Vec::new();
                for item in items {
                    self.seq_item(item, env, &mut out);
                }
                Y::Seq(out, span.clone())
            }
        }
    }

    fn merge_into(out: &mut Vec<(String, Span, Y)>, v: Y) {
        if let Y::Map(es, _) = v {
            for (k, ks, v) in es {
                out.retain(|(x, _, _)| *x != k);
                out.push((k, ks, v));
            }
        }
    }

    fn map_entry(
        &mut self,
        k: &str,
        ks: &Span,
        v: &Y,
        env: &Env,
        out: &mut Vec<(String, Span, Y)>,
    ) {
        let Some(d) = directive(k) else {
            let key = if k.contains("${{") {
                self.subst_str(k, ks, env)
                    .scalar_text()
                    .unwrap_or_else(|| k.to_string())
            } else {
                k.to_string()
            };
            let val = self.instantiate(v, env);
            out.retain(|(x, _, _)| *x != key);
            out.push((key, ks.clone(), val));
            return;
        };
        if let Some((var, items)) = self.each_items(d, env) {
            for item in items {
                let mut e = env.clone();
                e.insert(var.clone(), Rc::new(item));
                let val = self.instantiate(v, &e);
                Self::merge_into(out, val);
            }
            return;
        }
        if d.starts_with("if")
            || d.starts_with("elseif")
            || d.starts_with("else")
            || d.starts_with("insert")
        {
            let val = self.instantiate(v, env);
            Self::merge_into(out, val);
            return;
        }
        // `${{ parameters.name }}: value` style keys.
        let key = self
            .subst_str(k, ks, env)
            .scalar_text()
            .unwrap_or_else(|| k.to_string());
        let val = self.instantiate(v, env);
        out.push((key, ks.clone(), val));
    }

    fn seq_item(&mut self, item: &Y, env: &Env, out: &mut Vec<Y>) {
        // `- ${{ if ... }}:` / `- ${{ each ... }}:` items splice their bodies.
        if let Y::Map(es, _) = item {
            if es.len() == 1 {
                let (k, _, body) = &es[0];
                if let Some(d) = directive(k) {
                    if let Some((var, items)) = self.each_items(d, env) {
                        for it in items {
                            let mut e = env.clone();
                            e.insert(var.clone(), Rc::new(it));
                            self.splice(body, &e, out);
                        }
                        return;
                    }
                    if d.starts_with("if") || d.starts_with("elseif") || d.starts_with("else") {
                        let first = out.len();
                        self.splice(body, env, out);
                        for item in &mut out[first..] {
                            mark_conditional(item);
                        }
                        return;
                    }
                    if d.starts_with("each") {
                        return; // over something not known at load time
                    }
                }
            }
        }
        let v = self.instantiate(item, env);
        // `- ${{ parameters.steps }}` inserts a list.
        if matches!(item, Y::Scalar(Value::String(_), _)) {
            if let Y::Seq(items, _) = v {
                out.extend(items);
                return;
            }
        }
        out.push(v);
    }

    fn splice(&mut self, body: &Y, env: &Env, out: &mut Vec<Y>) {
        match body {
            Y::Seq(items, _) => {
                for i in items {
                    self.seq_item(i, env, out);
                }
            }
            Y::Map(..) => {
                let v = self.instantiate(body, env);
                out.push(v);
            }
            Y::Scalar(..) => {}
        }
    }

    /// The `parameters` of a template call: declared defaults, then the passed values.
    fn params(&mut self, template: &Y, passed: Option<&Y>) -> Env {
        let mut values: Vec<(String, Span, Y)> = Vec::new();
        let decl = template.get("parameters");
        match decl {
            Some(Y::Seq(items, _)) => {
                for p in items {
                    if let Some(name) = p.str_of("name") {
                        let default = p
                            .get("default")
                            .cloned()
                            .unwrap_or_else(|| Y::null(p.span()));
                        values.push((name.to_string(), p.span().clone(), default));
                    }
                }
            }
            Some(Y::Map(es, _)) => {
                for (k, ks, v) in es {
                    values.push((k.clone(), ks.clone(), v.clone()));
                }
            }
            _ => {}
        }
        // Defaults may refer to other parameters only at run time; keep them literal.
        for (k, ks, v) in passed.map(Y::entries).unwrap_or_default() {
            values.retain(|(x, _, _)| x != k);
            values.push((k.clone(), ks.clone(), v.clone()));
        }
        let at = template.span().clone();
        let mut env = Env::new();
        env.insert("parameters".into(), Rc::new(Y::Map(values, at)));
        env
    }

    /// Reads a `template:` reference made in the file of `at`; `None` when remote or broken.
    fn load_template(&mut self, reference: &str, at: &Span, what: &str) -> Option<(Y, Arc<str>)> {
        let (path, repo) = match reference.rsplit_once('@') {
            Some((p, r)) => (p.trim(), Some(r.trim())),
            None => (reference.trim(), None),
        };
        if repo.is_some_and(|r| r != "self") {
            self.ctx.diag(
                DiagnosticLevel::Note,
                "template-remote",
                at.file.as_ref(),
                at.start.line,
                format!("{what} {reference} is in another repository; not expanded"),
            );
            return None;
        }
        if path.contains("${{") || path.contains("$(") {
            self.ctx.diag(
                DiagnosticLevel::Note,
                "template-unresolved",
                at.file.as_ref(),
                at.start.line,
                format!("{what} path {path} depends on an expression comply cannot evaluate; not expanded"),
            );
            return None;
        }
        let abs = if let Some(r) = path.strip_prefix('/') {
            // From the repository root: the closest ancestor of the pipeline that holds the
            // path (the repository root is not always marked by `.git` in a scanned tree).
            let start = self.ctx.abs_of(None);
            start
                .ancestors()
                .skip(1)
                .map(|a| a.join(r))
                .find(|p| p.is_file())
                .unwrap_or_else(|| self.ctx.repo_root().join(r))
        } else {
            let from = self.ctx.abs_of(at.file.as_ref());
            from.parent().unwrap_or(Path::new("/")).join(path)
        };
        self.ctx
            .include(&abs, what, at.file.as_ref(), at.start.line)
    }

    /// Expands a `- template:` item into the items of `list_key` of the template.
    fn expand(&mut self, item: &Y, list_key: &str, what: &str) -> Option<(Vec<Y>, Arc<str>)> {
        let (ks, r) = item.entry("template")?;
        let reference = r.as_str()?.to_string();
        let (mut tpl, rel) = self.load_template(&reference, ks, what)?;
        let mut site = ks.clone();
        site.origin = None;
        if site.file.is_none() {
            site.file = Some(Arc::clone(&self.ctx.root_rel));
        }
        tpl.set_origin(&Arc::new(comply_model::Origin {
            span: site,
            note: format!("{what} included here"),
        }));
        let env = self.params(&tpl, item.get("parameters"));
        let body = self.instantiate_body(&tpl, &env);
        let items = match take(body, list_key) {
            Some(Y::Seq(items, _)) => items,
            // A variables template may use the mapping form.
            Some(m @ Y::Map(..)) if list_key == "variables" => vec![m],
            _ => Vec::new(),
        };
        Some((items, rel))
    }

    /// [`Self::instantiate`] on a template or pipeline without its `parameters:` declaration.
    fn instantiate_body(&mut self, y: &Y, env: &Env) -> Y {
        let Y::Map(entries, span) = y else {
            return self.instantiate(y, env);
        };
        if !self.spend(1) {
            return y.clone();
        }
        let mut out: Vec<(String, Span, Y)> = Vec::new();
        for (k, ks, v) in entries.iter().filter(|(k, _, _)| k != "parameters") {
            self.map_entry(k, ks, v, env, &mut out);
        }
        Y::Map(out, span.clone())
    }
}

/// The value of `key` in a mapping, moved out (the last one when duplicated).
fn take(y: Y, key: &str) -> Option<Y> {
    match y {
        Y::Map(mut entries, _) => {
            let i = entries.iter().rposition(|(k, _, _)| k == key)?;
            Some(entries.swap_remove(i).2)
        }
        _ => None,
    }
}

/// Key marking a list item inserted by a `${{ if }}` branch (read back as `conditional`).
const CONDITIONAL: &str = "__comply_conditional";

fn mark_conditional(item: &mut Y) {
    if let Y::Map(es, s) = item {
        if !es.iter().any(|(k, _, _)| k == CONDITIONAL) {
            let s = s.clone();
            es.push((CONDITIONAL.into(), s.clone(), Y::val(json!(true), &s)));
        }
    }
}

fn is_conditional(item: &Y) -> bool {
    item.get(CONDITIONAL).is_some()
}

/// Stage context while walking.
#[derive(Clone)]
struct StageCtx {
    id: Option<String>,
    pool: Option<Y>,
}

struct Walk<'a, 'c> {
    ex: &'a mut Expander<'c>,
    acc: Acc,
    stages: Vec<Y>,
    variables: Vec<Y>,
    /// (stage id, job id, dependsOn) per job, for `upstream`.
    job_deps: Vec<(Option<String>, String, Vec<String>)>,
    /// (stage id, dependsOn or None = previous stage).
    stage_deps: Vec<(String, Option<Vec<String>>)>,
    containers: BTreeMap<String, Y>,
    /// Steps recorded so far per job index (the next step's `index` in its job).
    steps_in_job: HashMap<usize, usize>,
}

fn strings(node: Option<&Y>) -> Vec<String> {
    match node {
        Some(Y::Seq(items, _)) => items.iter().filter_map(Y::scalar_text).collect(),
        Some(y @ Y::Scalar(..)) => y.scalar_text().into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Inline-script inputs of well-known script tasks.
fn task_script_input(name: &str) -> Option<&'static [&'static str]> {
    Some(match name.to_ascii_lowercase().as_str() {
        "bash" | "cmdline" | "powershell" | "pwsh" | "shellscript" => &["script"],
        "azurecli" => &["inlineScript", "inlinescript"],
        "azurepowershell" => &["Inline", "inline"],
        _ => return None,
    })
}

const STEP_KEYS: [&str; 12] = [
    "script",
    "bash",
    "pwsh",
    "powershell",
    "task",
    "checkout",
    "download",
    "downloadBuild",
    "publish",
    "getPackage",
    "reviewApp",
    "template",
];

impl Walk<'_, '_> {
    fn variables(&mut self, node: Option<&Y>, scope: &str, stage: Option<&str>, job: Option<&str>) {
        let Some(node) = node else { return };
        let push = |this: &mut Self,
                    name: Option<Y>,
                    value: Option<Y>,
                    group: Option<Y>,
                    template: Option<Y>,
                    at: &Span| {
            let mut m = MapBuilder::new(at);
            let null = || Y::null(at);
            m.put("name", name.unwrap_or_else(null));
            m.put("value", value.unwrap_or_else(null));
            m.put("group", group.unwrap_or_else(null));
            m.put("template", template.unwrap_or_else(null));
            m.put("scope", Y::str(scope, at));
            m.put("stage", stage.map_or_else(null, |s| Y::str(s, at)));
            m.put("job", job.map_or_else(null, |s| Y::str(s, at)));
            this.variables.push(m.build());
        };
        match node {
            Y::Map(es, _) => {
                for (k, ks, v) in es {
                    push(
                        self,
                        Some(Y::str(k.clone(), ks)),
                        Some(v.clone()),
                        None,
                        None,
                        ks,
                    );
                }
            }
            Y::Seq(items, _) => {
                for it in items {
                    if it.get("template").is_some() {
                        push(
                            self,
                            None,
                            None,
                            None,
                            it.get("template").cloned(),
                            it.span(),
                        );
                        if let Some((vars, rel)) =
                            self.ex.expand(it, "variables", "variables template")
                        {
                            self.enter(&rel);
                            for v in vars {
                                self.variables(
                                    Some(&Y::Seq(vec![v.clone()], v.span().clone())),
                                    scope,
                                    stage,
                                    job,
                                );
                            }
                            self.leave();
                        }
                    } else if let Some(g) = it.get("group") {
                        push(self, None, None, Some(g.clone()), None, it.span());
                    } else if it.get("name").is_some() {
                        push(
                            self,
                            it.get("name").cloned(),
                            it.get("value").cloned(),
                            None,
                            None,
                            it.span(),
                        );
                    } else if it.is_map() {
                        // The mapping form inside a list (from a variables template).
                        self.variables(Some(it), scope, stage, job);
                    }
                }
            }
            Y::Scalar(..) => {}
        }
    }

    fn enter(&mut self, rel: &Arc<str>) {
        let abs = self.ex.ctx.abs_of(Some(rel));
        self.ex.ctx.stack.push(abs);
    }

    fn leave(&mut self) {
        self.ex.ctx.stack.pop();
    }

    fn stages(&mut self, items: &[Y]) {
        for it in items {
            if it.get("template").is_some() && it.get("stage").is_none() {
                if let Some((mut inner, rel)) = self.ex.expand(it, "stages", "stage template") {
                    if is_conditional(it) {
                        inner.iter_mut().for_each(mark_conditional);
                    }
                    self.enter(&rel);
                    self.stages(&inner);
                    self.leave();
                }
                continue;
            }
            let Some(id) = it.get("stage").and_then(Y::scalar_text) else {
                continue;
            };
            let span = it.span();
            let mut m = MapBuilder::new(span);
            m.put("index", Y::val(json!(self.stages.len()), span));
            m.put("id", Y::str(id.clone(), span));
            m.put(
                "name",
                it.get("displayName")
                    .cloned()
                    .unwrap_or_else(|| Y::str(id.clone(), span)),
            );
            m.copy("depends_on", it, "dependsOn", Y::null(span));
            m.copy("condition", it, "condition", Y::null(span));
            self.stages.push(m.build());
            let deps = it.get("dependsOn").map(|d| strings(Some(d)));
            self.stage_deps.push((id.clone(), deps));
            self.variables(it.get("variables"), "stage", Some(&id), None);
            let sc = StageCtx {
                id: Some(id),
                pool: it.get("pool").cloned(),
            };
            let jobs = it.get("jobs").map(Y::items).unwrap_or_default();
            if is_conditional(it) {
                let mut jobs = jobs.to_vec();
                jobs.iter_mut().for_each(mark_conditional);
                self.jobs(&jobs, &sc);
            } else {
                self.jobs(jobs, &sc);
            }
        }
    }

    fn jobs(&mut self, items: &[Y], sc: &StageCtx) {
        for it in items {
            if it.get("template").is_some()
                && it.get("job").is_none()
                && it.get("deployment").is_none()
            {
                if let Some((mut inner, rel)) = self.ex.expand(it, "jobs", "job template") {
                    if is_conditional(it) {
                        inner.iter_mut().for_each(mark_conditional);
                    }
                    self.enter(&rel);
                    self.jobs(&inner, sc);
                    self.leave();
                }
                continue;
            }
            let (kind, id) = match (it.get("job"), it.get("deployment")) {
                (Some(j), _) => ("job", j.scalar_text().unwrap_or_else(|| "Job".into())),
                (None, Some(d)) => (
                    "deployment",
                    d.scalar_text().unwrap_or_else(|| "Deployment".into()),
                ),
                _ => continue,
            };
            self.job(it, kind, &id, sc);
        }
    }

    fn job(&mut self, it: &Y, kind: &str, id: &str, sc: &StageCtx) {
        let span = it.span();
        let null = || Y::null(span);
        let index = self.acc.jobs.len();
        let mut m = MapBuilder::with_capacity(span, STEP_OR_JOB_FIELDS);
        m.put("index", Y::val(json!(index), span));
        m.put("id", Y::str(id, span));
        m.put(
            "name",
            it.get("displayName")
                .cloned()
                .unwrap_or_else(|| Y::str(id, span)),
        );
        m.put(
            "stage",
            sc.id.as_deref().map_or_else(null, |s| Y::str(s, span)),
        );
        m.put("kind", Y::str(kind, span));
        m.put("conditional", Y::val(json!(is_conditional(it)), span));
        let pool = it.get("pool").or(sc.pool.as_ref()).cloned();
        let (labels, self_hosted) = pool_info(pool.as_ref(), span);
        m.put("runs_on", labels);
        m.put("self_hosted", self_hosted);
        m.put("pool", pool.unwrap_or_else(null));
        match it.entry("environment") {
            Some((ks, env)) => {
                let mut e = MapBuilder::new(env.span());
                match env {
                    Y::Map(..) => {
                        e.copy("name", env, "name", Y::null(env.span()));
                        e.copy("resource", env, "resourceName", Y::null(env.span()));
                    }
                    other => {
                        let text = other.scalar_text().unwrap_or_default();
                        let (n, r) = match text.split_once('.') {
                            Some((n, r)) => (n.to_string(), Some(r.to_string())),
                            None => (text, None),
                        };
                        e.put("name", Y::str(n, env.span()));
                        e.put(
                            "resource",
                            r.map_or_else(|| Y::null(env.span()), |r| Y::str(r, env.span())),
                        );
                    }
                }
                m.put_at("environment", ks, e.build());
            }
            None => {
                m.put("environment", null());
            }
        }
        let strategy = it.get("strategy");
        let strategy_name = strategy.and_then(|s| {
            s.entries().iter().map(|(k, _, _)| k.clone()).find(|k| {
                matches!(
                    k.as_str(),
                    "runOnce" | "rolling" | "canary" | "matrix" | "parallel"
                )
            })
        });
        m.put(
            "strategy",
            strategy_name.map_or_else(null, |s| Y::str(s, strategy.map_or(span, Y::span))),
        );
        m.put("permissions", null());
        let deps = strings(it.get("dependsOn"));
        m.put(
            "needs",
            Y::Seq(
                deps.iter().map(|d| Y::str(d.clone(), span)).collect(),
                span.clone(),
            ),
        );
        m.put("upstream", Y::Seq(Vec::new(), span.clone()));
        m.copy("if", it, "condition", null());
        m.put("uses", null());
        m.put("with", Y::Map(Vec::new(), span.clone()));
        m.put("secrets", null());
        m.put("env", Y::Map(Vec::new(), span.clone()));
        // Container and services: an alias of resources.containers, or an image.
        let container_img = it.get("container").and_then(|c| self.image_of(c));
        if let Some(img) = &container_img {
            if !self.is_alias(it.get("container")) {
                self.acc
                    .image(img, Some((index, id)), sc.id.as_deref(), "container");
            }
        }
        let mut cm = MapBuilder::new(it.get("container").map_or(span, Y::span));
        cm.put("image", container_img.clone().unwrap_or_else(null));
        m.put(
            "container",
            if container_img.is_some() {
                cm.build()
            } else {
                null()
            },
        );
        let mut services = Vec::new();
        for (name, sks, svc) in it.get("services").map(Y::entries).unwrap_or_default() {
            let img = self.image_of(svc);
            if let Some(i) = &img {
                if !self.is_alias(Some(svc)) {
                    self.acc
                        .image(i, Some((index, id)), sc.id.as_deref(), "service");
                }
            }
            let mut s = MapBuilder::new(sks);
            s.put("name", Y::str(name.clone(), sks));
            s.put("image", img.unwrap_or_else(|| Y::null(sks)));
            services.push(s.build());
        }
        m.put("services", Y::Seq(services, span.clone()));
        self.acc.jobs.push(m.build());
        self.job_deps.push((
            sc.id.clone(),
            id.to_string(),
            if it.get("dependsOn").is_some() {
                deps
            } else {
                Vec::new()
            },
        ));
        self.variables(it.get("variables"), "job", sc.id.as_deref(), Some(id));
        let path = match &sc.id {
            Some(s) => format!("stages.{s}.jobs.{id}"),
            None => format!("jobs.{id}"),
        };
        let steps = it.get("steps").map(Y::items).unwrap_or_default();
        let path_steps = format!("{path}.steps");
        if is_conditional(it) {
            let mut steps = steps.to_vec();
            steps.iter_mut().for_each(mark_conditional);
            self.steps(&steps, index, id, sc, &path_steps, None);
        } else {
            self.steps(steps, index, id, sc, &path_steps, None);
        }
        if let Some(st) = strategy {
            for (sname, _, body) in st.entries() {
                for hook in ["preDeploy", "deploy", "routeTraffic", "postRouteTraffic"] {
                    let steps = body
                        .get(hook)
                        .and_then(|h| h.get("steps"))
                        .map(Y::items)
                        .unwrap_or_default();
                    self.steps(
                        steps,
                        index,
                        id,
                        sc,
                        &format!("{path}.strategy.{sname}.{hook}.steps"),
                        Some(hook),
                    );
                }
                for outcome in ["failure", "success"] {
                    let steps = body
                        .get("on")
                        .and_then(|o| o.get(outcome))
                        .and_then(|h| h.get("steps"))
                        .map(Y::items)
                        .unwrap_or_default();
                    self.steps(
                        steps,
                        index,
                        id,
                        sc,
                        &format!("{path}.strategy.{sname}.on.{outcome}.steps"),
                        Some(outcome),
                    );
                }
            }
        }
    }

    /// A `container:`/service value naming a `resources.containers` alias: a known alias, or
    /// a name no image could have (upper case, no registry, tag or digest), which is an alias
    /// declared by a pipeline that includes this template.
    fn is_alias(&self, node: Option<&Y>) -> bool {
        node.and_then(Y::as_str).is_some_and(|a| {
            self.containers.contains_key(a)
                || (!a.contains(['/', ':', '@']) && a.chars().any(|c| c.is_ascii_uppercase()))
        })
    }

    /// The image of a container reference: a resources.containers alias, an image, or `{image}`.
    fn image_of(&self, node: &Y) -> Option<Y> {
        match node {
            Y::Map(..) => node.get("image").cloned(),
            Y::Scalar(Value::String(s), _) => Some(
                self.containers
                    .get(s)
                    .cloned()
                    .unwrap_or_else(|| node.clone()),
            ),
            _ => None,
        }
    }

    fn steps(
        &mut self,
        items: &[Y],
        job: usize,
        job_id: &str,
        sc: &StageCtx,
        path: &str,
        hook: Option<&str>,
    ) {
        let mut n = 0usize;
        for it in items {
            if it.get("template").is_some() && STEP_KEYS[..11].iter().all(|k| it.get(k).is_none()) {
                if let Some((mut inner, rel)) = self.ex.expand(it, "steps", "step template") {
                    if is_conditional(it) {
                        inner.iter_mut().for_each(mark_conditional);
                    }
                    self.enter(&rel);
                    self.steps(&inner, job, job_id, sc, path, hook);
                    self.leave();
                }
                continue;
            }
            self.step(it, job, job_id, sc, &format!("{path}[{n}]"), hook);
            n += 1;
        }
    }

    fn step(
        &mut self,
        st: &Y,
        job: usize,
        job_id: &str,
        sc: &StageCtx,
        path: &str,
        hook: Option<&str>,
    ) {
        let span = st.span();
        let null = || Y::null(span);
        let ctx = &*self.ex.ctx;
        let mut m = MapBuilder::with_capacity(span, STEP_OR_JOB_FIELDS);
        let index = {
            let n = self.steps_in_job.entry(job).or_insert(0);
            *n += 1;
            *n - 1
        };
        m.put("job", Y::val(json!(job), span));
        m.put("job_id", Y::str(job_id, span));
        m.put(
            "stage",
            sc.id.as_deref().map_or_else(null, |s| Y::str(s, span)),
        );
        m.put("index", Y::val(json!(index), span));
        m.put(
            "file",
            Y::str(span.file.as_deref().unwrap_or(&ctx.root_rel), span),
        );
        m.put("source_path", Y::str(path, span));
        m.put("via", null());
        m.put("hook", hook.map_or_else(null, |h| Y::str(h, span)));
        m.put(
            "name",
            st.get("displayName")
                .or_else(|| st.get("name"))
                .cloned()
                .unwrap_or_else(null),
        );
        m.copy("id", st, "name", null());
        m.copy("if", st, "condition", null());
        let shell = ["script", "bash", "pwsh", "powershell"]
            .into_iter()
            .find(|k| st.get(k).is_some());
        let task = st
            .entry("task")
            .and_then(|(ks, v)| v.as_str().map(|t| (ks, t, v)));
        let kind = if shell.is_some() {
            "script"
        } else if task.is_some() {
            "task"
        } else if st.get("checkout").is_some() {
            "checkout"
        } else {
            STEP_KEYS
                .iter()
                .find(|k| st.get(k).is_some())
                .copied()
                .unwrap_or("other")
        };
        m.put("kind", Y::str(kind, span));
        m.put("conditional", Y::val(json!(is_conditional(st)), span));
        m.put("uses", null());
        let mut script: Option<Y> = shell.and_then(|k| st.get(k)).cloned();
        let mut shell_name = shell.map(str::to_string);
        match task {
            Some((ks, t, v)) => {
                let (name, version) = match t.split_once('@') {
                    Some((n, ver)) => (n.trim(), Some(ver.trim())),
                    None => (t.trim(), None),
                };
                let mut tm = MapBuilder::new(v.span());
                tm.put("raw", Y::str(t, v.span()));
                tm.put("name", Y::str(name, v.span()));
                tm.put(
                    "version",
                    version.map_or_else(|| Y::null(v.span()), |x| Y::str(x, v.span())),
                );
                let major = version.is_some_and(|x| {
                    x.split('.')
                        .next()
                        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                });
                tm.put("major", Y::val(json!(major), v.span()));
                m.put_at("task", ks, tm.build());
                // Inline scripts of script tasks are scripts too.
                let short = name.rsplit('.').next().unwrap_or(name);
                if let (Some(keys), Some(inputs)) = (task_script_input(short), st.get("inputs")) {
                    if let Some(s) = keys.iter().find_map(|k| inputs.get(k)) {
                        script = Some(s.clone());
                        shell_name = Some(short.to_ascii_lowercase());
                    }
                }
            }
            None => {
                m.put("task", null());
            }
        }
        m.copy("with", st, "inputs", Y::Map(Vec::new(), span.clone()));
        m.copy("env", st, "env", Y::Map(Vec::new(), span.clone()));
        m.put("run", script.clone().unwrap_or_else(null));
        m.put("shell", shell_name.map_or_else(null, |s| Y::str(s, span)));
        let (lines, exprs) = script
            .as_ref()
            .and_then(|s| script_parts(s, &ctx.texts, true))
            .unwrap_or_else(|| empty_parts(span));
        m.put("lines", lines);
        m.put("expressions", exprs);
        match st.get("checkout") {
            Some(repo) => {
                let mut c = MapBuilder::new(span);
                c.put("repository", repo.clone());
                c.put("ref", null());
                c.copy("persist_credentials", st, "persistCredentials", null());
                m.put("checkout", c.build());
            }
            None => {
                m.put("checkout", null());
            }
        }
        m.copy("target", st, "target", null());
        self.acc.steps.push(m.build());
    }
}

fn pool_info(pool: Option<&Y>, at: &Span) -> (Y, Y) {
    let Some(p) = pool else {
        return (Y::Seq(Vec::new(), at.clone()), Y::val(json!(false), at));
    };
    let span = p.span();
    let (name, image) = match p {
        Y::Map(..) => (
            p.get("name").and_then(Y::scalar_text),
            p.get("vmImage").and_then(Y::scalar_text),
        ),
        other => (other.scalar_text(), None),
    };
    let mut labels = Vec::new();
    if let Some(i) = &image {
        labels.push(Y::str(i.clone(), span));
    }
    if let Some(n) = &name {
        labels.push(Y::str(n.clone(), span));
    }
    let hosted = name.as_deref().is_none_or(|n| {
        let l = n.to_ascii_lowercase();
        l == "azure pipelines" || l.starts_with("hosted")
    });
    let expr = name
        .as_deref()
        .is_some_and(|n| n.contains("$(") || n.contains("${{"));
    (
        Y::Seq(labels, span.clone()),
        Y::val(json!(image.is_none() && !hosted && !expr), span),
    )
}

/// The normalised resource of a pipeline (or of a template read on its own).
pub(crate) fn pipeline(ctx: &mut Ctx, root: &Y) -> Y {
    let top = root.span().clone();
    let at = Span {
        end: top.start,
        ..top.clone()
    };
    let mut ex = Expander {
        ctx,
        budget: NODE_BUDGET,
        exhausted: false,
    };
    let env = ex.params(root, None);
    let mut body = ex.instantiate_body(root, &env);
    // `extends: {template, parameters}`: the template supplies the stages/jobs/steps.
    let mut extends = Y::null(&at);
    let mut extends_rel: Option<Arc<str>> = None;
    if let Some(e) = body.get("extends").cloned() {
        let reference = e.str_of("template").unwrap_or("").to_string();
        let remote = reference
            .rsplit_once('@')
            .is_some_and(|(_, r)| r.trim() != "self");
        let mut em = MapBuilder::new(e.span());
        em.copy("template", &e, "template", Y::null(e.span()));
        em.put(
            "local",
            Y::val(json!(!remote && !reference.is_empty()), e.span()),
        );
        em.copy(
            "parameters",
            &e,
            "parameters",
            Y::Map(Vec::new(), e.span().clone()),
        );
        extends = em.build();
        let tks = e.entry("template").map(|(k, _)| k.clone());
        if let (Some(tks), false) = (tks, reference.is_empty()) {
            if let Some((tpl, rel)) = ex.load_template(&reference, &tks, "extends template") {
                let env = ex.params(&tpl, e.get("parameters"));
                ex.ctx.stack.push(ex.ctx.abs_of(Some(&rel)));
                let inner = ex.instantiate_body(&tpl, &env);
                ex.ctx.stack.pop();
                if let (Y::Map(es, s), Y::Map(ies, _)) = (&body, inner) {
                    let mut es = es.clone();
                    for (k, ks, v) in ies {
                        if matches!(
                            k.as_str(),
                            "stages" | "jobs" | "steps" | "variables" | "pool" | "resources"
                        ) && !es.iter().any(|(x, _, _)| *x == k)
                        {
                            es.push((k, ks, v));
                        } else if matches!(k.as_str(), "stages" | "jobs" | "steps") {
                            es.retain(|(x, _, _)| *x != k);
                            es.push((k, ks, v));
                        }
                    }
                    body = Y::Map(es, s.clone());
                }
                extends_rel = Some(rel);
            }
        }
    }
    // Templates the extended template includes resolve from its own file, and cycles back
    // to it are detected.
    if let Some(rel) = &extends_rel {
        ex.ctx.stack.push(ex.ctx.abs_of(Some(rel)));
    }
    let mut containers = BTreeMap::new();
    for c in body
        .get("resources")
        .and_then(|r| r.get("containers"))
        .map(Y::items)
        .unwrap_or_default()
    {
        if let (Some(alias), Some(img)) = (c.str_of("container"), c.get("image")) {
            containers.insert(alias.to_string(), img.clone());
        }
    }
    let mut w = Walk {
        ex: &mut ex,
        acc: Acc::new(),
        stages: Vec::new(),
        variables: Vec::new(),
        job_deps: Vec::new(),
        stage_deps: Vec::new(),
        containers,
        steps_in_job: HashMap::new(),
    };
    for (_, img) in w.containers.clone() {
        w.acc.image(&img, None, None, "resource");
    }
    w.variables(body.get("variables"), "pipeline", None, None);
    let root_pool = StageCtx {
        id: None,
        pool: body.get("pool").cloned(),
    };
    if let Some(stages) = body.get("stages") {
        w.stages(stages.items());
    } else if let Some(jobs) = body.get("jobs") {
        w.jobs(jobs.items(), &root_pool);
    } else if let Some(steps) = body.get("steps") {
        // A steps-only pipeline runs one implicit job.
        let job = MapBuilder::new(steps.span());
        let mut job = job.build();
        if let Y::Map(es, _) = &mut job {
            es.push((
                "job".into(),
                steps.span().clone(),
                Y::str("Job", steps.span()),
            ));
            es.push(("steps".into(), steps.span().clone(), steps.clone()));
            for k in ["container", "services", "strategy"] {
                if let Some((ks, v)) = body.entry(k) {
                    es.push((k.into(), ks.clone(), v.clone()));
                }
            }
        }
        w.job(&job, "job", "Job", &root_pool);
    }
    if extends_rel.is_some() {
        w.ex.ctx.stack.pop();
    }
    // upstream: jobs this job waits for (dependsOn within its stage, and every job of the
    // stages its stage depends on; a stage without dependsOn depends on the previous one).
    let mut stage_needs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, (id, deps)) in w.stage_deps.iter().enumerate() {
        let d = match deps {
            Some(d) => d.clone(),
            None => i
                .checked_sub(1)
                .and_then(|p| w.stage_deps.get(p))
                .map(|(p, _)| vec![p.clone()])
                .unwrap_or_default(),
        };
        stage_needs.insert(id.clone(), d);
    }
    let mut job_needs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (stage, id, deps) in &w.job_deps {
        let key = format!("{}/{id}", stage.as_deref().unwrap_or(""));
        job_needs.insert(
            key,
            deps.iter()
                .map(|d| format!("{}/{d}", stage.as_deref().unwrap_or("")))
                .collect(),
        );
    }
    let keys: Vec<String> = w
        .job_deps
        .iter()
        .map(|(s, id, _)| format!("{}/{id}", s.as_deref().unwrap_or("")))
        .collect();
    for (i, (stage, id, _)) in w.job_deps.iter().enumerate() {
        let key = format!("{}/{id}", stage.as_deref().unwrap_or(""));
        let mut up: Vec<usize> = upstream(&job_needs, &key)
            .iter()
            .filter_map(|k| keys.iter().position(|x| x == k))
            .collect();
        if let Some(s) = stage {
            for st in upstream(&stage_needs, s) {
                up.extend(
                    w.job_deps
                        .iter()
                        .enumerate()
                        .filter(|(_, (js, _, _))| js.as_deref() == Some(st.as_str()))
                        .map(|(j, _)| j),
                );
            }
        }
        up.sort_unstable();
        up.dedup();
        if let Some(Y::Map(es, _)) = w.acc.jobs.get_mut(i) {
            if let Some(e) = es.iter_mut().find(|(k, _, _)| k == "upstream") {
                let s = e.2.span().clone();
                e.2 = Y::Seq(up.into_iter().map(|u| Y::val(json!(u), &s)).collect(), s);
            }
        }
    }
    let exhausted = w.ex.exhausted;
    let Walk {
        acc,
        stages,
        variables,
        ..
    } = w;
    if exhausted {
        ex.ctx.diag(
            DiagnosticLevel::Warning,
            "template-limit",
            None,
            top.start.line,
            format!("template expansion stopped after {NODE_BUDGET} nodes; the rest is evaluated unexpanded"),
        );
    }
    let mut m = MapBuilder::new(&top);
    m.put("flavor", Y::str("pipeline", &at));
    m.copy("name", &body, "name", Y::null(&at));
    let mut triggers = Vec::new();
    for (key, event) in [
        ("trigger", "push"),
        ("pr", "pull_request"),
        ("schedules", "schedule"),
    ] {
        if let Some((ks, v)) = body.entry(key) {
            if v.as_str() != Some("none") {
                triggers.push((event.to_string(), ks.clone(), v.clone()));
            }
        }
    }
    m.put("triggers", Y::Map(triggers, at.clone()));
    m.put("permissions", Y::null(&at));
    m.put("env", Y::Map(Vec::new(), at.clone()));
    m.put("stages", Y::Seq(stages, at.clone()));
    m.put("jobs", Y::Seq(acc.jobs, at.clone()));
    m.put("steps", Y::Seq(acc.steps, at.clone()));
    m.put("images", Y::Seq(acc.images, at.clone()));
    m.put("variables", Y::Seq(variables, at.clone()));
    let res = body.get("resources");
    let mut r = MapBuilder::new(res.map_or(&at, Y::span));
    for k in ["containers", "repositories", "pipelines"] {
        r.put(
            k,
            res.and_then(|x| x.get(k))
                .cloned()
                .unwrap_or_else(|| Y::Seq(Vec::new(), at.clone())),
        );
    }
    m.put("resources", r.build());
    m.put("extends", extends);
    m.build()
}
