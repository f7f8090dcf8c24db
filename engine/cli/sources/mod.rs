//! Sources: the kinds of input comply reads, as *units* (DESIGN §1). Discovery groups what it
//! found into units; a loader turns one unit into documents. This module is the contract every
//! input kind plugs into, so that `commands/scan.rs` never needs to know about Terraform, Helm or
//! pipelines.
//!
//! Adding an input kind:
//! - a unit-level kind (a directory evaluated as a whole, e.g. a Terraform module set or a Helm
//!   chart): add a [`UnitKind`] variant, build those units in [`units`] from the discovery result,
//!   and load them in [`load`] from a module of its own (`sources/<kind>.rs`);
//! - a file-level kind (one YAML/JSON file is one unit: Kubernetes manifests, a workflow, a plan
//!   JSON): add a reader to [`file::READERS`]; readers are tried in order on the file's text.
//!
//! A loader returns [`Loaded`]: the documents, diagnostics (errors name file and line; a broken
//! unit never stops the others), and the text of every file it read, keyed by display path, so
//! the report can draw code frames and `# comply:ignore` comments are honoured in every file.
//! Loaders run in parallel (one unit per rayon task) and must not panic on any input; the scan
//! still wraps each call in a panic guard that turns a panic into an `internal-error` diagnostic.

pub(crate) mod chart;
pub(crate) mod file;
pub(crate) mod pipeline;
pub(crate) mod terraform;

use crate::args::ScanArgs;
use crate::discover::{Discovered, FileEntry};
use comply_model::{Diagnostic, Document};
use std::path::PathBuf;
use std::sync::Arc;

/// What kind of unit, and so which loader reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum UnitKind {
    /// One file read on its own (Kubernetes manifests, pipelines, plan JSON...).
    File,
    /// A Helm chart directory (`Chart.yaml`); its templates are never read as raw YAML.
    HelmChart,
    /// The Terraform configuration under one scan root (every module directory in it, each
    /// evaluated as a unit unless another one calls it), or one `.tf` file named as a PATH.
    Terraform,
}

/// One loadable unit.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) kind: UnitKind,
    /// Display path of the file or directory (relative to the working directory or scan root).
    pub(crate) rel: Arc<str>,
    /// Path to open.
    pub(crate) abs: PathBuf,
    /// Index of the scan root (PATH argument) it was found under.
    pub(crate) root: usize,
    /// Member files of a directory unit (empty for `File`, whose file is `rel`/`abs`).
    pub(crate) files: Vec<FileEntry>,
}

/// What a loader may consult besides the unit.
pub(crate) struct LoadContext<'a> {
    pub(crate) args: &'a ScanArgs,
    /// Largest file to read, in bytes (`--max-file-size`).
    pub(crate) max_bytes: u64,
    /// Pipeline templates and local actions read so far in this scan: each is read and parsed
    /// once however many pipelines include it.
    pub(crate) pipeline_files: comply_pipelines::SharedFiles,
}

/// Everything loaded from one unit.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub(crate) documents: Vec<Document>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// (display path, text) of every file read, for code frames and inline ignores.
    pub(crate) texts: Vec<(Arc<str>, Arc<str>)>,
}

impl Loaded {
    /// A unit that produced only one diagnostic.
    pub(crate) fn from_diagnostic(d: Diagnostic) -> Self {
        Self {
            diagnostics: vec![d],
            ..Self::default()
        }
    }

    /// Adds another loader's output to this one.
    pub(crate) fn extend(&mut self, other: Loaded) {
        self.documents.extend(other.documents);
        self.diagnostics.extend(other.diagnostics);
        self.texts.extend(other.texts);
    }
}

/// Groups a discovery result into units, in a deterministic order.
pub(crate) fn units(found: &Discovered) -> Vec<Unit> {
    let mut out: Vec<Unit> = found
        .files
        .iter()
        .map(|f| Unit {
            kind: UnitKind::File,
            rel: Arc::clone(&f.rel),
            abs: f.abs.clone(),
            root: f.root,
            files: Vec::new(),
        })
        .collect();
    out.extend(found.charts.iter().map(|c| Unit {
        kind: UnitKind::HelmChart,
        rel: Arc::clone(&c.rel),
        abs: c.abs.clone(),
        root: c.root,
        files: Vec::new(),
    }));
    out.extend(terraform::units(found));
    out.sort_by(|a, b| (a.kind, &a.rel).cmp(&(b.kind, &b.rel)));
    out
}

/// Loads one unit with the loader of its kind.
pub(crate) fn load(unit: &Unit, ctx: &LoadContext<'_>) -> Loaded {
    match unit.kind {
        UnitKind::File => file::load(unit, ctx),
        UnitKind::HelmChart => chart::load(unit, ctx),
        UnitKind::Terraform => terraform::load(unit, ctx),
    }
}
