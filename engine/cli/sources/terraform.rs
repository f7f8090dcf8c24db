//! Terraform units: the `.tf` files under one scan root form one unit, handed whole to
//! `comply-terraform`, which decides which module directories are roots (a directory only ever
//! called by another one is evaluated as that module, not alone) and evaluates each root in
//! parallel. A `.tf` file named on the command line is a unit of that file alone. Plan JSON files
//! (`terraform show -json`) are recognised by content: beside a configuration they belong to its
//! unit (findings map to the `.tf` lines), elsewhere they are read on their own.

use super::{LoadContext, Loaded, Unit, UnitKind};
use crate::discover::{display_path, Discovered, FileEntry};
use comply_terraform::{load_modules, ModuleInput, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One unit per scan root holding Terraform files, and one per `.tf` file named as a PATH.
pub(crate) fn units(found: &Discovered) -> Vec<Unit> {
    let mut by_root: BTreeMap<usize, Vec<FileEntry>> = BTreeMap::new();
    for f in &found.terraform {
        by_root.entry(f.root).or_default().push(f.clone());
    }
    let mut out: Vec<Unit> = by_root
        .into_iter()
        .filter(|(_, files)| files.iter().any(|f| is_config(&f.abs)))
        .map(|(root, files)| {
            let first = &files[0];
            Unit {
                kind: UnitKind::Terraform,
                rel: Arc::clone(&first.rel),
                abs: first
                    .abs
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                root,
                files,
            }
        })
        .collect();
    out.extend(
        found
            .terraform_files
            .iter()
            .filter(|f| is_config(&f.abs))
            .map(|f| Unit {
                kind: UnitKind::Terraform,
                rel: Arc::clone(&f.rel),
                abs: f.abs.clone(),
                root: f.root,
                files: vec![f.clone()],
            }),
    );
    out
}

fn is_config(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
}

fn options(ctx: &LoadContext<'_>) -> Options {
    Options {
        var_files: ctx.args.var_files.clone(),
        vars: ctx.args.vars.clone(),
        max_file_bytes: ctx.max_bytes,
    }
}

/// The directory display paths of `unit` are relative to: the one its first file's display path
/// was made from (the working directory, or the scan root outside it), so that every file of a
/// unit spanning several module directories is named as discovery named it.
fn unit_display_base(unit: &Unit) -> PathBuf {
    unit.files
        .first()
        .and_then(|f| {
            let depth = Path::new(f.rel.as_ref()).components().count();
            (f.rel.as_ref() != ".")
                .then(|| f.abs.ancestors().nth(depth))
                .flatten()
        })
        .map_or_else(|| display_base(&unit.abs), Path::to_path_buf)
}

/// The base display paths are relative to: the working directory when `p` is under it.
fn display_base(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    if p.starts_with(&cwd) {
        cwd
    } else {
        p.to_path_buf()
    }
}

/// Plan JSON files in a directory.
fn plans_in(dir: &Path, max: u64) -> Vec<(PathBuf, Arc<str>)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Arc<str>)> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
                && !is_config(p)
        })
        .filter_map(|p| {
            let text = crate::read::read_text(&p, max).ok()?;
            comply_terraform::is_plan_json(&text).then(|| (p, text.into()))
        })
        .collect();
    out.sort();
    out
}

/// Loads a Terraform unit.
pub(crate) fn load(unit: &Unit, ctx: &LoadContext<'_>) -> Loaded {
    let single = unit.files.len() == 1 && unit.abs.is_file();
    let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for f in unit.files.iter().filter(|f| is_config(&f.abs)) {
        if let Some(d) = f.abs.parent() {
            dirs.entry(d.to_path_buf()).or_default().push(f.abs.clone());
        }
    }
    let inputs: Vec<ModuleInput> = dirs
        .into_iter()
        .map(|(dir, files)| ModuleInput {
            dir,
            files: single.then_some(files),
        })
        .collect();
    let mut plans = Vec::new();
    if !single {
        for i in &inputs {
            plans.extend(plans_in(&i.dir, ctx.max_bytes));
        }
    }
    let base = unit_display_base(unit);
    let display = move |p: &Path| display_path(p, &base);
    let mut out = Loaded::default();
    for u in load_modules(&inputs, &plans, &options(ctx), &display) {
        out.documents.extend(u.documents);
        out.diagnostics.extend(u.diagnostics);
        out.texts.extend(u.sources);
    }
    out.texts.sort();
    out.texts.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A plan JSON file read on its own (no configuration beside it; otherwise the directory's
/// Terraform unit owns it).
pub(crate) fn read_plan(unit: &Unit, text: &str, ctx: &LoadContext<'_>) -> Option<Loaded> {
    if !comply_terraform::is_plan_json(text) {
        return None;
    }
    let dir = unit.abs.parent()?;
    let has_config = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .any(|e| is_config(&e.path()));
    if has_config {
        return Some(Loaded::default());
    }
    let rel = Arc::clone(&unit.rel);
    let display = move |_: &Path| rel.to_string();
    let mut out = Loaded::default();
    for u in load_modules(
        &[],
        &[(unit.abs.clone(), text.into())],
        &options(ctx),
        &display,
    ) {
        out.documents.extend(u.documents);
        out.diagnostics.extend(u.diagnostics);
    }
    Some(out)
}
