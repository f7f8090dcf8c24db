//! `comply scan`: discover → load → evaluate (parallel) → suppress → sort → report.

use anyhow::{bail, Context, Result};
use comply_model::{
    format_path, Diagnostic, DiagnosticLevel, DocKind, Document, Finding, Location, PathSeg,
    RuleMeta, ScanReport, Severity, Span,
};
use comply_policy::{Evaluator, PolicySet, Worker};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::args::{ColorChoice, EngineChoice, ScanArgs};
use crate::config::Config;
use crate::discover;
use crate::progress::Progress;
use crate::ruleset::{self, Ruleset};
use crate::sources::{self, Loaded};
use crate::suppress::{self, Ignore};
use crate::{baseline, frameworks, inventory, policies};

/// Resolved settings of a scan, shared by the CLI and the tests.
pub(crate) struct Settings {
    pub(crate) config: Config,
    pub(crate) fail_on: Option<Severity>,
}

/// Finds and loads the configuration, then applies command-line overrides.
pub(crate) fn settings(args: &ScanArgs) -> Result<Settings> {
    let config_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => args
            .paths
            .first()
            .filter(|p| p.is_dir())
            .map(|p| p.join(".comply.yaml"))
            .filter(|p| p.is_file()),
    };
    let mut config = match &config_path {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    for kv in &args.params {
        config.params.apply_override(kv)?;
    }
    let fail_on = ruleset::fail_on(args.fail_on, &config);
    Ok(Settings { config, fail_on })
}

/// Runs the scan and writes every requested output; returns the exit code.
pub(crate) fn run(args: &ScanArgs) -> Result<i32> {
    let outputs = pair_outputs(args)?;
    let started = Instant::now();
    let settings = settings(args)?;
    let threads = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let progress = Progress::new(!args.quiet && !args.no_progress);
    let mut report = pool.install(|| scan(args, &settings, threads, &progress))?;
    progress.finish();
    if let Some(b) = &args.baseline {
        baseline::apply(b, &mut report.findings)?;
    }
    if let Some(b) = &args.write_baseline {
        baseline::write(b, &report.findings)?;
    }
    report.duration_ms = started.elapsed().as_millis();
    let timings = Timings::new();
    write_outputs(args, &report, &outputs)?;
    timings.mark("report written");
    Ok(report.exit_code())
}

/// The scan proper, without output: used by `run` and by tests.
pub(crate) fn scan(
    args: &ScanArgs,
    settings: &Settings,
    threads: usize,
    progress: &Progress,
) -> Result<ScanReport> {
    let cfg = &settings.config;
    let timings = Timings::new();
    let exclude_patterns: Vec<String> = cfg.exclude.iter().map(|e| e.value.clone()).collect();
    let excludes =
        discover::build_excludes(&exclude_patterns).context("invalid `exclude` pattern")?;
    // Reading the policies is one thread's work; finding and parsing the files runs next to it.
    let ctx = sources::LoadContext {
        args,
        max_bytes: args.max_file_size.saturating_mul(1 << 20),
        pipeline_files: comply_pipelines::SharedFiles::default(),
    };
    let (ruleset, (found, loaded)) = rayon::join(
        || Ruleset::load(&args.policies, cfg),
        || {
            let found = discover::discover(&args.paths, &excludes, threads);
            let units = sources::units(&found);
            // Load every unit in parallel; large streams are also split and parsed in parallel.
            progress.phase("loading", units.len());
            let loaded: Vec<(usize, sources::UnitKind, Loaded)> = units
                .par_iter()
                .map(|unit| {
                    let l = guarded(&unit.rel, || Ok(sources::load(unit, &ctx)))
                        .unwrap_or_else(Loaded::from_diagnostic);
                    progress.tick(1);
                    (unit.root, unit.kind, l)
                })
                .collect();
            (found, loaded)
        },
    );
    timings.mark("policies loaded, files discovered and loaded");
    let Ruleset {
        set,
        rules,
        enabled,
        params,
        options,
    } = ruleset?;
    let mut only = Vec::new();
    for r in &args.rules {
        only.push(
            set.find_rule(r)
                .with_context(|| format!("--rule {r}: no such rule (see `comply policies`)"))?,
        );
    }
    let enabled: Vec<usize> = enabled
        .into_iter()
        .filter(|i| only.is_empty() || only.contains(i))
        .collect();
    // `--framework ID`: only the rules mapped to that framework are evaluated.
    let catalogue = match &args.framework {
        Some(_) => frameworks::builtin()?,
        None => Vec::new(),
    };
    let framework = match &args.framework {
        Some(id) => Some(frameworks::find(&catalogue, id)?),
        None => None,
    };
    let enabled: Vec<usize> = match framework {
        Some(fw) => enabled
            .into_iter()
            .filter(|i| frameworks::maps_to(&set.rules()[*i], &fw.id))
            .collect(),
        None => enabled,
    };
    let mut diagnostics = found.diagnostics;
    // A file unit counts even when it could not be read; a directory unit counts the files it read.
    let files_scanned = loaded
        .iter()
        .map(|(_, kind, l)| match kind {
            sources::UnitKind::File => 1,
            _ => l.texts.len(),
        })
        .sum();
    let mut sources: BTreeMap<Arc<str>, Arc<str>> = BTreeMap::new();
    let mut ignores: BTreeMap<Arc<str>, Vec<Ignore>> = BTreeMap::new();
    let mut documents: Vec<(usize, Document)> = Vec::new();
    for (root, _, l) in loaded {
        diagnostics.extend(l.diagnostics);
        for (file, text) in l.texts {
            let found = suppress::scan_ignores(&text);
            if !found.is_empty() {
                ignores.insert(Arc::clone(&file), found);
            }
            sources.insert(file, text);
        }
        documents.extend(l.documents.into_iter().map(|d| (root, d)));
    }
    diagnostics.extend(sources::pipeline::drop_included_templates(&mut documents));

    // One evaluator per kind of document present, holding only that kind's rules: regorus's
    // cost per data reference grows with the number of modules in the engine, so Kubernetes
    // objects should not pay for the Terraform and pipeline policies (and vice versa).
    let mut present: Vec<DocKind> = documents.iter().map(|(_, d)| d.kind).collect();
    present.sort_unstable();
    present.dedup();
    let evaluators: Vec<(DocKind, Evaluator)> = present
        .par_iter()
        .filter_map(|&kind| {
            let of_kind: Vec<usize> = enabled
                .iter()
                .copied()
                .filter(|i| rules[*i].inputs.iter().any(|s| s.kind == kind))
                .collect();
            if of_kind.is_empty() {
                return None;
            }
            let built = match args.engine {
                EngineChoice::Interpreter => {
                    Evaluator::interpreter_only(&set, &of_kind, &params, &options)
                }
                EngineChoice::Rvm => Evaluator::new(&set, &of_kind, &params, &options),
            };
            Some(built.map(|e| (kind, e)).map_err(|e| anyhow::anyhow!("{e}")))
        })
        .collect::<Result<_>>()?;
    let evaluator_of = |kind: DocKind| evaluators.iter().position(|(k, _)| *k == kind);
    timings.mark("policies compiled");

    let needs_inventory = enabled.iter().any(|i| rules[*i].uses_inventory);
    // The kinds the enabled rules read from the inventory; `None` when one of them did not say.
    let inventory_kinds: Option<std::collections::BTreeSet<String>> = enabled
        .iter()
        .map(|i| &rules[*i])
        .filter(|r| r.uses_inventory)
        .try_fold(std::collections::BTreeSet::new(), |mut acc, r| {
            acc.extend(r.inventory_kinds.as_ref()?.iter().cloned());
            Some(acc)
        });
    // One inventory per scan root (the manifests under one root form a unit).
    let mut inventories = Vec::new();
    for root in 0..args.paths.len() {
        // Only rules that read the inventory need it; building it for a large unit is not free.
        let inv = if needs_inventory {
            inventory::build(
                documents.iter().filter(|(r, _)| *r == root).map(|(_, d)| d),
                inventory_kinds.as_ref(),
            )
        } else {
            serde_json::json!({})
        };
        inventories.push(evaluators.first().map(|(_, e)| e.inventory(&inv)));
    }

    timings.mark("inventories built");
    // Which rules apply to which (kind, resource type): computed once per distinct pair, and
    // each document keeps the index of its pair so the parallel loop only looks it up.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<(DocKind, Option<&str>), usize> = HashMap::new();
    let doc_group: Vec<usize> = documents
        .iter()
        .map(|(_, d)| {
            *group_of
                .entry((d.kind, d.resource_type()))
                .or_insert_with(|| {
                    groups.push(
                        enabled
                            .iter()
                            .copied()
                            .filter(|i| rules[*i].selects(d.kind, d.resource_type()))
                            .collect(),
                    );
                    groups.len() - 1
                })
        })
        .collect();

    // Documents each rule is evaluated on, for the per-control verdict of `--framework`.
    let mut rule_documents = vec![0usize; rules.len()];
    let mut group_sizes = vec![0usize; groups.len()];
    for g in &doc_group {
        group_sizes[*g] += 1;
    }
    for (g, n) in groups.iter().zip(group_sizes) {
        for i in g {
            rule_documents[*i] += n;
        }
    }

    progress.phase("evaluating", documents.len());
    // rayon calls a map_init initialiser once per split (two dozen times for 2 threads), and
    // each new Worker prepares its interpreter again on first use: reuse them instead.
    let spare: std::sync::Mutex<Vec<Vec<Option<(Worker<'_>, usize)>>>> =
        std::sync::Mutex::new(Vec::new());
    let results: Vec<(Vec<Finding>, Vec<u32>, Vec<Diagnostic>)> = documents
        .par_iter()
        .zip(doc_group.par_iter())
        .map_init(
            || Lease::take(&spare, || evaluators.iter().map(|_| None).collect()),
            |lease, ((root, doc), group)| {
                let Some(workers) = lease.workers.as_mut() else {
                    return (Vec::new(), Vec::new(), Vec::new());
                };
                let selected = groups.get(*group).map_or(&[][..], Vec::as_slice);
                let worker = evaluator_of(doc.kind)
                    .and_then(|i| Some((i, workers.get_mut(i)?)))
                    .map(|(i, slot)| {
                        let (worker, current_root) =
                            slot.get_or_insert_with(|| (evaluators[i].1.worker(), usize::MAX));
                        if *current_root != *root {
                            worker.set_inventory(inventories.get(*root).and_then(Option::as_ref));
                            *current_root = *root;
                        }
                        worker
                    });
                let out = if selected.is_empty() {
                    Ok((Vec::new(), Vec::new(), Vec::new()))
                } else if let Some(worker) = worker {
                    guarded(&doc.file, || {
                        let input = doc.to_input();
                        let res = worker.evaluate(&input, selected);
                        let mut findings = Vec::with_capacity(res.findings.len());
                        let mut starts = Vec::with_capacity(res.findings.len());
                        for raw in res.findings {
                            findings.push(make_finding(&rules[raw.rule], doc, raw.msg, raw.path));
                            starts.push(doc.start_line);
                        }
                        let diags = res
                            .errors
                            .into_iter()
                            .map(|e| {
                                Diagnostic::error(
                                    "policy-error",
                                    Some(Arc::clone(&doc.file)),
                                    Some(doc.start_line),
                                    format!(
                                        "{} ({}) failed on {}: {}",
                                        rules[e.rule].id,
                                        rules[e.rule].name,
                                        doc.display_name(),
                                        e.message
                                    ),
                                )
                            })
                            .collect();
                        Ok((findings, starts, diags))
                    })
                } else {
                    // Rules select this document but none of them is enabled for its kind.
                    Ok((Vec::new(), Vec::new(), Vec::new()))
                };
                progress.tick(1);
                out.unwrap_or_else(|d| (Vec::new(), Vec::new(), vec![d]))
            },
        )
        .collect();

    timings.mark("documents evaluated");
    let mut findings = Vec::new();
    let mut starts = Vec::new();
    for (f, s, d) in results {
        findings.extend(f);
        starts.extend(s);
        diagnostics.extend(d);
    }
    diagnostics.extend(suppress::apply(&mut findings, &starts, &ignores, |r| {
        set.find_rule(r).is_some()
    }));
    sources::chart::merge_environments(&mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.level, &a.message).cmp(&(&b.file, b.line, b.level, &b.message))
    });
    diagnostics.dedup();
    let with_findings: std::collections::BTreeSet<&Arc<str>> =
        findings.iter().map(|f| &f.location.file).collect();
    sources.retain(|k, _| with_findings.contains(k));
    timings.mark("findings sorted and suppressed");
    let enabled_rules: Vec<RuleMeta> = enabled.iter().map(|i| rules[*i].clone()).collect();
    let framework = framework.map(|fw| {
        let ids = enabled.iter().map(|i| rules[*i].id.clone()).collect();
        let docs = enabled
            .iter()
            .map(|i| (rules[*i].id.clone(), rule_documents[*i]))
            .collect();
        frameworks::evaluate(
            fw,
            &frameworks::Evidence {
                rules: &rules,
                enabled: &ids,
                documents: &docs,
                total_documents: documents.len(),
                findings: &findings,
            },
        )
    });
    Ok(ScanReport {
        root: args
            .paths
            .first()
            .map_or_else(|| ".".into(), |p| p.display().to_string()),
        findings,
        diagnostics,
        rules: enabled_rules,
        sources,
        files_scanned,
        documents: documents.len(),
        fail_on: settings.fail_on,
        duration_ms: 0,
        framework,
    })
}

/// Loads the built-in policies plus `extra` directories; every policy error is reported.
pub(crate) fn load_policies(extra: &[PathBuf]) -> Result<PolicySet> {
    let sources = policies::scan_sources(extra)?;
    PolicySet::load(sources).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("cannot load policies:\n  {}", list.join("\n  "))
    })
}

/// Runs `f`, turning a panic into an error diagnostic about `file` so one bad input never
/// takes the whole scan down.
fn guarded<T>(file: &Arc<str>, f: impl FnOnce() -> Result<T, Diagnostic>) -> Result<T, Diagnostic> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Diagnostic::error(
                "internal-error",
                Some(Arc::clone(file)),
                None,
                format!("internal error: {what}"),
            ))
        }
    }
}

/// Builds a finding: the policy's path is mapped to the closest source span.
pub(crate) fn make_finding(
    rule: &RuleMeta,
    doc: &Document,
    msg: String,
    path: Vec<PathSeg>,
) -> Finding {
    let span = doc.spans.as_ref().map_or_else(
        || Span::point(doc.start_line.max(1), 1),
        |tree| {
            let (s, _) = tree.locate(&path);
            s.clone()
        },
    );
    let file = span.file.clone().unwrap_or_else(|| Arc::clone(&doc.file));
    let resource = doc.display_name();
    let fingerprint = fingerprint(&[&rule.id, &doc.file, &resource, &format_path(&path)]);
    Finding {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        severity: rule.severity,
        category: rule.category,
        message: msg,
        related: span
            .origin
            .iter()
            .map(|o| Location {
                file: o.span.file.clone().unwrap_or_else(|| Arc::clone(&doc.file)),
                span: Span {
                    file: None,
                    origin: None,
                    ..o.span.clone()
                },
                note: Some(o.note.clone()),
            })
            .collect(),
        location: Location {
            file,
            span: Span {
                file: None,
                origin: None,
                ..span
            },
            note: None,
        },
        path,
        resource,
        // One environment (a string) or several (a Helm document rendered alike in each).
        environments: match doc.extra.get("environment") {
            Some(serde_json::Value::String(e)) => vec![e.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
        suppression: None,
        fingerprint,
    }
}

/// FNV-1a over the parts, separated: stable across platforms and Rust versions.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// (format, destination) pairs; `None` destination = stdout.
fn pair_outputs(args: &ScanArgs) -> Result<Vec<(comply_report::Format, Option<PathBuf>)>> {
    if args.outputs.len() > args.formats.len().max(1) {
        bail!("more --output than --format values: each --output pairs with the --format at the same position");
    }
    let formats: Vec<String> = if args.formats.is_empty() {
        vec!["human".into()]
    } else {
        args.formats.clone()
    };
    let mut out = Vec::new();
    for (i, f) in formats.iter().enumerate() {
        let format: comply_report::Format = f.parse().map_err(|_| {
            anyhow::anyhow!(
                "unknown --format `{f}` (expected human, json, sarif, junit, markdown or html)"
            )
        })?;
        let dest = args
            .outputs
            .get(i)
            .filter(|o| o.as_str() != "-")
            .map(PathBuf::from);
        out.push((format, dest));
    }
    Ok(out)
}

fn write_outputs(
    args: &ScanArgs,
    report: &ScanReport,
    outputs: &[(comply_report::Format, Option<PathBuf>)],
) -> Result<()> {
    let stdout_tty = std::io::stdout().is_terminal();
    let mut human_on_stdout = false;
    for (format, dest) in outputs {
        let color = dest.is_none()
            && match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
            };
        let opts = comply_report::RenderOptions {
            color,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            quiet: args.quiet,
        };
        let text = comply_report::render(*format, report, &opts);
        match dest {
            Some(path) => write_file(path, &text)?,
            None => {
                human_on_stdout |= *format == comply_report::Format::Human;
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes())?;
                out.flush()?;
            }
        }
    }
    if !human_on_stdout {
        // Machine output went elsewhere: still tell the person at the terminal what failed.
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.level == DiagnosticLevel::Error)
        {
            let place = match (&d.file, d.line) {
                (Some(f), Some(l)) => format!("{f}:{l}: "),
                (Some(f), None) => format!("{f}: "),
                _ => String::new(),
            };
            eprintln!("error: {place}{} [{}]", d.message, d.code);
        }
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&[]).len(), 16);
    }
}

/// Phase timings on stderr when `COMPLY_TIMINGS` is set: where a slow scan spends its time.
struct Timings {
    on: bool,
    last: std::cell::Cell<Instant>,
}

impl Timings {
    fn new() -> Self {
        Self {
            on: std::env::var_os("COMPLY_TIMINGS").is_some(),
            last: std::cell::Cell::new(Instant::now()),
        }
    }

    fn mark(&self, what: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "timing: {what}: {:.1} ms",
                now.duration_since(self.last.get()).as_secs_f64() * 1000.0
            );
            self.last.set(now);
        }
    }
}

/// Workers borrowed for one rayon split and given back when it ends.
struct Lease<'p, T> {
    pool: &'p std::sync::Mutex<Vec<T>>,
    workers: Option<T>,
}

impl<'p, T> Lease<'p, T> {
    fn take(pool: &'p std::sync::Mutex<Vec<T>>, fresh: impl FnOnce() -> T) -> Self {
        let reused = pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        Self {
            pool,
            workers: Some(reused.unwrap_or_else(fresh)),
        }
    }
}

impl<T> Drop for Lease<'_, T> {
    fn drop(&mut self) {
        if let Some(w) = self.workers.take() {
            self.pool
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(w);
        }
    }
}
