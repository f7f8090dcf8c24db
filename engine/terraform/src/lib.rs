//! comply-terraform: Terraform configurations and plans as comply documents.
//!
//! A module directory is one unit. Every `.tf` file is parsed with hcl-edit (positions on every
//! block, label, attribute and expression), then evaluated the way Terraform would plan it:
//! variables (defaults, `terraform.tfvars`, `*.auto.tfvars`, `--var-file`, `--var`), locals in
//! any order, conditionals, `for` expressions, splats, templates, `count`/`for_each`, `dynamic`
//! blocks, the function library ([`FUNCTIONS`]), and module calls (local directories, and remote
//! ones from `.terraform/modules/modules.json`). Each managed resource instance becomes one
//! [`comply_model::Document`] shaped by the document contract (`notes/terraform-contract.md`):
//! `{address, type, name, mode, provider, module, index, values, unknown, default_tags, related}`.
//!
//! ```
//! use comply_terraform::{load_modules, ModuleInput, Options};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("main.tf"), r#"
//! variable "env" { default = "prod" }
//! locals { name = "logs-${var.env}" }
//! resource "aws_s3_bucket" "this" {
//!   for_each = toset(["a", "b"])
//!   bucket   = "${local.name}-${each.key}"
//! }
//! "#).unwrap();
//! let units = load_modules(
//!     &[ModuleInput { dir: dir.path().to_path_buf(), files: None }],
//!     &[],
//!     &Options::default(),
//!     &|p| p.display().to_string(),
//! );
//! let docs = &units[0].documents;
//! assert_eq!(docs.len(), 2);
//! assert_eq!(docs[1].resource["address"], r#"aws_s3_bucket.this["b"]"#);
//! assert_eq!(docs[1].resource["values"]["bucket"], "logs-prod-b");
//! ```
#![deny(missing_docs)]

mod config;
mod eval;
mod funcs;
mod plan;
mod source;
mod types;
mod value;

pub use funcs::FUNCTIONS;
pub use plan::is_plan_json;

use comply_model::{Diagnostic, DiagnosticLevel, DocKind, Document, SpanEntry, SpanNode};
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use config::{ModIndex, Mode, ModuleDir};
use eval::{Inst, Unit};
use source::SourceFile;
use value::Val;

/// How variables are set from the command line, and reading limits.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--var-file` paths, in order (later files win).
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE` settings, in order (later ones win; they win over files).
    pub vars: Vec<String>,
    /// Largest file read, in bytes; larger files are reported and skipped.
    pub max_file_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            var_files: Vec::new(),
            vars: Vec::new(),
            max_file_bytes: 64 << 20,
        }
    }
}

/// A module directory to scan, or some of its files only (a `.tf` file named on the command
/// line is a unit of that file alone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ModuleInput {
    /// The directory (absolute).
    pub dir: PathBuf,
    /// Only these files of it (absolute); `None` = every `.tf` / `.tf.json` file.
    pub files: Option<Vec<PathBuf>>,
}

/// What one unit produced.
#[derive(Debug, Default)]
pub struct LoadedUnit {
    /// The unit's root (module directory or file), for display.
    pub root: String,
    /// One document per managed resource instance, in file order.
    pub documents: Vec<Document>,
    /// Parse errors, cycles, unknown functions, skipped module calls, ...
    pub diagnostics: Vec<Diagnostic>,
    /// Every file read for the unit (display path, text), for code frames and inline ignores.
    pub sources: Vec<(Arc<str>, Arc<str>)>,
}

/// Display path of a file or directory.
pub type Display<'a> = &'a (dyn Fn(&Path) -> String + Sync);

/// Loads Terraform units: the module directories (and single files) in `inputs`, except those
/// only ever called as a child module by another one, plus plan JSON files (`plans`: path and
/// text). A plan sitting in a scanned module directory replaces that directory's documents and
/// borrows their positions in the `.tf` files.
pub fn load_modules(
    inputs: &[ModuleInput],
    plans: &[(PathBuf, Arc<str>)],
    opts: &Options,
    display: Display<'_>,
) -> Vec<LoadedUnit> {
    let mut project = Project::default();
    project.parse_all(inputs, opts, display);
    let indexes: HashMap<PathBuf, ModIndex<'_>> = project
        .dirs
        .iter()
        .map(|(k, d)| (k.clone(), ModIndex::build(d)))
        .collect();
    let roots = project.roots(inputs, &indexes);
    let mut units: Vec<LoadedUnit> = roots
        .par_iter()
        .map(|key| {
            let mut u = evaluate_unit(&project, &indexes, key, opts, display);
            u.diagnostics.extend(project.diags_for(key, &indexes));
            u
        })
        .collect();
    for (path, text) in plans {
        let rel: Arc<str> = display(path).into();
        let dir = path.parent().map(eval::normalize).unwrap_or_default();
        let beside = units.iter_mut().zip(&roots).find(|(_, k)| **k == dir);
        match beside {
            Some((u, _)) => {
                let hcl = std::mem::take(&mut u.documents);
                let p = plan::load(&rel, text, Some(&hcl));
                u.documents = p.documents;
                u.diagnostics.extend(p.diagnostics);
                u.sources.push((rel, Arc::clone(text)));
            }
            None => {
                let mut p = plan::load(&rel, text, None);
                p.sources.push((rel, Arc::clone(text)));
                units.push(p);
            }
        }
    }
    for u in &mut units {
        u.diagnostics
            .sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        u.diagnostics.dedup();
    }
    units
}

/// Every module directory read for a scan (inputs and the modules they call).
#[derive(Default)]
struct Project {
    /// Keyed by directory, or by file for single-file units.
    dirs: BTreeMap<PathBuf, ModuleDir>,
    /// Diagnostics from reading and parsing, keyed like `dirs`.
    diags: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Remote module directories per root (`modules.json`).
    remote: BTreeMap<PathBuf, HashMap<String, PathBuf>>,
}

fn is_tf(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
}

impl Project {
    fn parse_all(&mut self, inputs: &[ModuleInput], opts: &Options, display: Display<'_>) {
        let mut todo: Vec<(PathBuf, PathBuf, Option<Vec<PathBuf>>)> = inputs
            .iter()
            .map(|i| {
                let dir = eval::normalize(&i.dir);
                let key = match &i.files {
                    Some(f) if f.len() == 1 => eval::normalize(&f[0]),
                    _ => dir.clone(),
                };
                (key, dir, i.files.clone())
            })
            .collect();
        for i in inputs.iter().filter(|i| i.files.is_none()) {
            let dir = eval::normalize(&i.dir);
            if let Some(map) = read_modules_json(&dir) {
                for d in map.values() {
                    todo.push((d.clone(), d.clone(), None));
                }
                self.remote.insert(dir, map);
            }
        }
        let mut seen: HashSet<PathBuf> = HashSet::new();
        while !todo.is_empty() {
            todo.retain(|(k, _, _)| seen.insert(k.clone()));
            let parsed: Vec<(PathBuf, ModuleDir, Vec<Diagnostic>)> = todo
                .par_iter()
                .map(|(key, dir, files)| {
                    let (m, d) = read_dir(dir, files.as_deref(), opts, display);
                    (key.clone(), m, d)
                })
                .collect();
            todo = Vec::new();
            for (key, m, d) in parsed {
                let ix = ModIndex::build(&m);
                for c in &ix.calls {
                    match c.source.as_deref() {
                        Some(s) if config::is_local_source(s) => {
                            let child = eval::normalize(&m.dir.join(s));
                            if !seen.contains(&child) {
                                todo.push((child.clone(), child, None));
                            }
                        }
                        _ => {}
                    }
                }
                drop(ix);
                self.diags.insert(key.clone(), d);
                self.dirs.insert(key, m);
            }
        }
    }

    /// Units to evaluate: inputs that no other scanned module calls (single files always), then
    /// any input left unreached (a pure cycle of calls).
    fn roots(
        &self,
        inputs: &[ModuleInput],
        indexes: &HashMap<PathBuf, ModIndex<'_>>,
    ) -> Vec<PathBuf> {
        let mut called: HashSet<PathBuf> = HashSet::new();
        let mut edges: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
        for (key, ix) in indexes {
            for c in &ix.calls {
                if let Some(s) = c.source.as_deref().filter(|s| config::is_local_source(s)) {
                    let child = eval::normalize(&ix.dir.dir.join(s));
                    if child != *key {
                        called.insert(child.clone());
                    }
                    edges.entry(key.clone()).or_default().push(child);
                }
            }
        }
        let mut keys: Vec<PathBuf> = Vec::new();
        let mut roots: Vec<PathBuf> = Vec::new();
        for i in inputs {
            let dir = eval::normalize(&i.dir);
            let (key, single) = match &i.files {
                Some(f) if f.len() == 1 => (eval::normalize(&f[0]), true),
                _ => (dir, false),
            };
            if !self.dirs.contains_key(&key) || keys.contains(&key) {
                continue;
            }
            keys.push(key.clone());
            if single || !called.contains(&key) {
                roots.push(key);
            }
        }
        // Reachability from the roots; inputs not reached are evaluated on their own.
        let mut reached: HashSet<PathBuf> = HashSet::new();
        let mut stack: Vec<PathBuf> = roots.clone();
        while let Some(k) = stack.pop() {
            if reached.insert(k.clone()) {
                stack.extend(edges.get(&k).cloned().unwrap_or_default());
            }
        }
        for k in keys {
            if !reached.contains(&k) {
                let mut s = vec![k.clone()];
                while let Some(x) = s.pop() {
                    if reached.insert(x.clone()) {
                        s.extend(edges.get(&x).cloned().unwrap_or_default());
                    }
                }
                roots.push(k);
            }
        }
        roots.sort();
        roots
    }

    /// Parse diagnostics of every directory a root reaches.
    fn diags_for(&self, root: &Path, indexes: &HashMap<PathBuf, ModIndex<'_>>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut stack = vec![root.to_path_buf()];
        let remote = self.remote.get(root);
        while let Some(k) = stack.pop() {
            if !seen.insert(k.clone()) {
                continue;
            }
            out.extend(self.diags.get(&k).cloned().unwrap_or_default());
            if let Some(ix) = indexes.get(&k) {
                for c in &ix.calls {
                    match c.source.as_deref() {
                        Some(s) if config::is_local_source(s) => {
                            stack.push(eval::normalize(&ix.dir.dir.join(s)));
                        }
                        _ => {
                            if let Some(r) = remote {
                                stack.extend(r.values().cloned());
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// Reads `.terraform/modules/modules.json` of a root module: module key → directory.
fn read_modules_json(root: &Path) -> Option<HashMap<String, PathBuf>> {
    let p = root.join(".terraform").join("modules").join("modules.json");
    let text = std::fs::read_to_string(p).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    let mut out = HashMap::new();
    for m in v.get("Modules")?.as_array()? {
        let (Some(key), Some(dir)) = (
            m.get("Key").and_then(Value::as_str),
            m.get("Dir").and_then(Value::as_str),
        ) else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        out.insert(key.to_string(), eval::normalize(&root.join(dir)));
    }
    Some(out)
}

/// Reads and parses a module directory (or the given files of it).
fn read_dir(
    dir: &Path,
    only: Option<&[PathBuf]>,
    opts: &Options,
    display: Display<'_>,
) -> (ModuleDir, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut paths: Vec<PathBuf> = match only {
        Some(f) => f.to_vec(),
        None => match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| is_tf(p) && p.is_file())
                .collect(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "unreadable",
                    Some(display(dir).into()),
                    None,
                    format!("cannot read module directory: {e}"),
                ));
                Vec::new()
            }
        },
    };
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let rel: Arc<str> = display(&p).into();
        let text = match read_text(&p, opts.max_file_bytes) {
            Ok(t) => t,
            Err(msg) => {
                diags.push(Diagnostic::error("unreadable", Some(rel), None, msg));
                continue;
            }
        };
        let parsed = if p.to_string_lossy().ends_with(".tf.json") {
            plan::parse_tf_json(Arc::clone(&rel), text.into())
        } else {
            source::parse_hcl(Arc::clone(&rel), text.into())
        };
        match parsed {
            Ok(f) => files.push(f),
            Err(e) => {
                let mut d = Diagnostic::error("parse-error", Some(rel), Some(e.line), e.message);
                d.col = Some(e.col);
                diags.push(d);
            }
        }
    }
    (
        ModuleDir {
            dir: dir.to_path_buf(),
            files,
        },
        diags,
    )
}

fn read_text(p: &Path, limit: u64) -> Result<String, String> {
    let meta = std::fs::metadata(p).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > limit {
        #[allow(clippy::cast_precision_loss)]
        return Err(format!(
            "file is {:.1} MiB, over the {} MiB limit (raise it with --max-file-size)",
            meta.len() as f64 / 1_048_576.0,
            limit >> 20
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let off = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..off].iter().filter(|b| **b == b'\n').count() + 1;
        format!("not valid UTF-8 at line {line}")
    })
}

/// Variable values for the root module: tfvars files of the directory, then `--var-file`,
/// then `--var`.
fn root_inputs(
    ix: &ModIndex<'_>,
    opts: &Options,
    display: Display<'_>,
    diags: &mut Vec<Diagnostic>,
    sources: &mut Vec<(Arc<str>, Arc<str>)>,
) -> BTreeMap<String, (Val, Option<comply_model::Span>)> {
    let mut files: Vec<PathBuf> = Vec::new();
    let dir = &ix.dir.dir;
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let p = dir.join(name);
        if p.is_file() {
            files.push(p);
        }
    }
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut auto: Vec<PathBuf> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
                })
            })
            .collect();
        auto.sort();
        files.extend(auto);
    }
    files.extend(opts.var_files.iter().cloned());
    let mut out = BTreeMap::new();
    for p in files {
        let rel: Arc<str> = display(&p).into();
        let text = match read_text(&p, opts.max_file_bytes) {
            Ok(t) => t,
            Err(msg) => {
                diags.push(Diagnostic::error("unreadable", Some(rel), None, msg));
                continue;
            }
        };
        if p.to_string_lossy().ends_with(".json") {
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(m)) => {
                    for (k, v) in m {
                        out.insert(k, (Val::from_json(&v), None));
                    }
                }
                Ok(_) => diags.push(Diagnostic::error(
                    "parse-error",
                    Some(rel),
                    Some(1),
                    "a .tfvars.json file must hold an object",
                )),
                Err(e) => diags.push(Diagnostic::error(
                    "parse-error",
                    Some(rel),
                    u32::try_from(e.line()).ok(),
                    format!("invalid JSON: {e}"),
                )),
            }
            continue;
        }
        let text: Arc<str> = text.into();
        match source::parse_hcl(Arc::clone(&rel), Arc::clone(&text)) {
            Ok(f) => {
                let sc = eval::Scope::new(&f);
                for a in f.body.attributes() {
                    let v = eval::const_eval(&a.value, &sc).unwrap_or(Val::Unknown);
                    out.insert(a.key.as_str().to_string(), (v, Some(f.span(a))));
                }
                sources.push((rel, text));
            }
            Err(e) => {
                let mut d = Diagnostic::error("parse-error", Some(rel), Some(e.line), e.message);
                d.col = Some(e.col);
                diags.push(d);
            }
        }
    }
    for kv in &opts.vars {
        let Some((k, v)) = kv.split_once('=') else {
            diags.push(Diagnostic::error(
                "invalid-argument",
                None,
                None,
                format!("--var {kv}: expected NAME=VALUE"),
            ));
            continue;
        };
        let is_string = ix.vars.get(k).is_none_or(|(_, b)| {
            b.body.get_attribute("type").is_none_or(|t| {
                matches!(&t.value, hcl_edit::expr::Expression::Variable(v) if matches!(v.as_str(), "string" | "any"))
            })
        });
        let val = if is_string {
            Val::str(v)
        } else {
            match hcl_edit::parser::parse_expr(v) {
                Ok(e) => {
                    let dummy = SourceFile::new(
                        "--var".into(),
                        v.into(),
                        hcl_edit::structure::Body::default(),
                    );
                    eval::const_eval(&e, &eval::Scope::new(&dummy)).unwrap_or(Val::Unknown)
                }
                Err(_) => Val::str(v),
            }
        };
        out.insert(k.to_string(), (val, None));
    }
    out
}

fn evaluate_unit(
    project: &Project,
    indexes: &HashMap<PathBuf, ModIndex<'_>>,
    key: &PathBuf,
    opts: &Options,
    display: Display<'_>,
) -> LoadedUnit {
    let mut out = LoadedUnit {
        root: display(key),
        ..LoadedUnit::default()
    };
    let Some(ix) = indexes.get(key) else {
        return out;
    };
    let is_single = project.dirs.get(key).is_some_and(|d| d.dir != *key);
    let remote = project.remote.get(key).cloned().unwrap_or_default();
    let unit = Unit::new(indexes, ix.dir.dir.clone(), remote);
    let inputs = if is_single {
        BTreeMap::new()
    } else {
        root_inputs(ix, opts, display, &mut out.diagnostics, &mut out.sources)
    };
    let root = Inst::root(&unit, ix, &inputs);
    let mut counters: HashMap<Arc<str>, usize> = HashMap::new();
    let mut seen_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    collect(&root, &mut out.documents, &mut counters, &mut seen_dirs);
    report_skipped_calls(&root, &unit);
    for d in &seen_dirs {
        if let Some(m) = project.dirs.get(d) {
            for f in &m.files {
                out.sources.push((Arc::clone(&f.rel), Arc::clone(&f.text)));
            }
        }
    }
    if let Some(m) = project.dirs.get(key) {
        for f in &m.files {
            out.sources.push((Arc::clone(&f.rel), Arc::clone(&f.text)));
        }
    }
    out.sources.sort();
    out.sources.dedup_by(|a, b| a.0 == b.0);
    out.diagnostics.extend(unit.diags.into_inner());
    out
}

/// A notice for every module call whose source comply cannot read (remote, without
/// `.terraform/modules`), naming the calls.
fn report_skipped_calls(inst: &Inst<'_, '_>, unit: &Unit<'_>) {
    for (ci, c) in inst.ix.calls.iter().enumerate() {
        let key_path = if inst.key_path.is_empty() {
            c.name.to_string()
        } else {
            format!("{}.{}", inst.key_path, c.name)
        };
        let resolved = eval::resolve_call(&inst.ix.dir.dir, c, &key_path, &unit.remote);
        match resolved {
            Some(d) if unit.indexes.contains_key(&d) => {
                if let Some(m) = inst.call_memo(ci) {
                    for (_, child) in &m.insts {
                        report_skipped_calls(child, unit);
                    }
                }
            }
            Some(d) => {
                let span = c.file.head_span(c.block);
                unit.say(
                    DiagnosticLevel::Warning,
                    "terraform-module-missing",
                    Some(&span),
                    format!(
                        "module.{}: source directory {} has no Terraform files; the call was skipped",
                        c.name,
                        d.display()
                    ),
                );
            }
            None => {
                let span = c.file.head_span(c.block);
                unit.say(
                    DiagnosticLevel::Note,
                    "skipped-unit",
                    Some(&span),
                    format!(
                        "module.{} (source {}) is not local and .terraform/modules has no copy of it (run `terraform init`); its resources were not scanned",
                        c.name,
                        c.source.as_deref().unwrap_or("not a literal")
                    ),
                );
            }
        }
    }
}

/// Builds the documents of an instance and its children.
fn collect(
    inst: &Inst<'_, '_>,
    out: &mut Vec<Document>,
    counters: &mut HashMap<Arc<str>, usize>,
    dirs: &mut BTreeSet<PathBuf>,
) {
    dirs.insert(inst.ix.dir.dir.clone());
    let ix = inst.ix;
    // Evaluate every managed resource first, so references in either direction are known.
    let managed: Vec<usize> = ix
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.mode == Mode::Managed)
        .map(|(i, _)| i)
        .collect();
    let memos: BTreeMap<usize, std::rc::Rc<eval::ResMemo>> = managed
        .iter()
        .filter_map(|i| inst.resource(*i).map(|m| (*i, m)))
        .collect();
    let mut links: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, m) in &memos {
        for r in &m.refs {
            if memos.contains_key(r) {
                links.entry(*i).or_default().insert(*r);
                links.entry(*r).or_default().insert(*i);
            }
        }
    }
    let prefix = if inst.address.is_empty() {
        String::new()
    } else {
        format!("{}.", inst.address)
    };
    let summaries: BTreeMap<usize, Vec<Value>> = links
        .values()
        .flatten()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter_map(|r| {
            let cfg = ix.resources.get(*r)?;
            let m = memos.get(r)?;
            Some((
                *r,
                m.instances
                    .iter()
                    .map(|ri| {
                        let (values, unknown) = ri.values.split_unknown();
                        json!({
                            "address": format!("{prefix}{}.{}{}", cfg.rtype, cfg.name, key_suffix(ri.key.as_ref())),
                            "type": cfg.rtype,
                            "name": cfg.name,
                            "values": values.unwrap_or_else(|| json!({})),
                            "unknown": unknown.unwrap_or_else(|| json!({})),
                        })
                    })
                    .collect(),
            ))
        })
        .collect();
    for (i, m) in &memos {
        let Some(cfg) = ix.resources.get(*i) else {
            continue;
        };
        let mut related: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for r in links.get(i).into_iter().flatten() {
            if let (Some(rc), Some(s)) = (ix.resources.get(*r), summaries.get(r)) {
                related
                    .entry(rc.rtype)
                    .or_default()
                    .extend(s.iter().cloned());
            }
        }
        let provider_ref = cfg
            .block
            .body
            .get_attribute("provider")
            .and_then(|a| config::reference_name(&a.value));
        let provider = provider_ref
            .as_deref()
            .and_then(|p| p.split('.').next())
            .map_or_else(
                || cfg.rtype.split('_').next().unwrap_or(cfg.rtype).to_string(),
                str::to_string,
            );
        let default_tags = if provider == "aws" {
            default_tags_value(&inst.tags_for(cfg.block, "aws"))
        } else {
            json!({})
        };
        let head = {
            let mut s = cfg.file.head_span(cfg.block);
            s.origin.clone_from(&inst.call_origin);
            s
        };
        for ri in &m.instances {
            let address = format!(
                "{prefix}{}.{}{}",
                cfg.rtype,
                cfg.name,
                key_suffix(ri.key.as_ref())
            );
            let (values, unknown) = ri.values.split_unknown();
            let index = match &ri.key {
                None | Some(Val::Unknown) => Value::Null,
                Some(k) => k.to_json(),
            };
            let resource = json!({
                "address": address,
                "type": cfg.rtype,
                "name": cfg.name,
                "mode": "managed",
                "provider": provider,
                "module": inst.address,
                "index": index,
                "values": values.unwrap_or_else(|| json!({})),
                "unknown": unknown.unwrap_or_else(|| json!({})),
                "default_tags": default_tags,
                "related": related,
            });
            let values_node = match &ri.spans {
                SpanNode::Map { entries, .. } => SpanNode::Map {
                    span: head.clone(),
                    entries: entries.clone(),
                },
                other => other.clone(),
            };
            let spans = SpanNode::Map {
                span: head.clone(),
                entries: vec![SpanEntry {
                    key: "values".into(),
                    key_span: head.clone(),
                    value: values_node,
                }],
            };
            let counter = counters.entry(Arc::clone(&cfg.file.rel)).or_insert(0);
            let mut doc = Document::new(
                DocKind::Terraform,
                Arc::clone(&cfg.file.rel),
                *counter,
                resource,
            );
            *counter += 1;
            doc.spans = Some(Arc::new(spans));
            doc.start_line = head.start.line;
            doc.extra = extra(cfg.rtype, &address);
            out.push(doc);
        }
    }
    for ci in 0..ix.calls.len() {
        if let Some(m) = inst.call_memo(ci) {
            for (_, child) in &m.insts {
                collect(child, out, counters, dirs);
            }
        }
    }
}

/// The extra `input` fields the scan pipeline reads (`type` for rule selection, `address` for
/// messages and fingerprints).
pub(crate) fn extra(rtype: &str, address: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), Value::String(rtype.to_string()));
    m.insert("address".into(), Value::String(address.to_string()));
    m
}

/// `["logs"]`, `[0]` or nothing.
fn key_suffix(k: Option<&Val>) -> String {
    match k {
        Some(Val::Str(s)) => format!("[{}]", Value::String(s.clone())),
        Some(Val::Num(n)) => format!("[{}]", value::fmt_num(*n)),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;

/// The `default_tags` of a resource's aws provider as policies read them: every key that is
/// written (a tag whose value is unknown still exists, so its value is null), or null when the
/// whole tag set is unknown before apply (policies then do not judge tags).
fn default_tags_value(tags: &Val) -> Value {
    match tags {
        Val::Map(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with('\0'))
                .map(|(k, v)| (k.clone(), v.split_unknown().0.unwrap_or(Value::Null)))
                .collect(),
        ),
        Val::Unknown => Value::Null,
        _ => json!({}),
    }
}
