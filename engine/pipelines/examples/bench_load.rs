//! Times the pipeline loader alone, without discovery, policies or evaluation: where
//! `comply scan` spends its "files loaded" phase on a directory of workflows and pipelines.
//!
//! `cargo run --release -p comply-pipelines --example bench_load -- [--runs N] DIR...`
//!
//! For each DIR: every `.yml`/`.yaml` file under it is read once, then `--runs` times (default
//! 20; the minimum is printed) the texts are (1) parsed as YAML only and (2) loaded with
//! [`comply_pipelines::load_shared`] (classification, model building, template expansion,
//! script lines and expression sites), sharing included files between the documents of a
//! run as `comply scan` does. One thread, so figures are CPU time (with the system allocator;
//! the `comply` binary uses mimalloc, which allocates faster); `--top N` lists the N slowest
//! files (each loaded on its own).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x == "yml" || x == "yaml")
        {
            out.push(p);
        }
    }
}

fn main() {
    let mut runs = 20usize;
    let mut top = 0usize;
    let mut dirs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs);
        } else if a == "--top" {
            top = args.next().and_then(|n| n.parse().ok()).unwrap_or(top);
        } else {
            dirs.push(PathBuf::from(a));
        }
    }
    let opts = comply_yaml::Options::with_schema(comply_yaml::Schema::Core);
    println!(
        "{:<28} {:>6} {:>9} {:>10} {:>10} {:>9} {:>6} {:>6}",
        "dir", "files", "read ms", "parse ms", "load ms", "µs/file", "docs", "diags"
    );
    for dir in dirs {
        let mut paths = Vec::new();
        walk(&dir, &mut paths);
        let t = Instant::now();
        let files: Vec<(Arc<str>, PathBuf, String)> = paths
            .iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(p).ok()?;
                let rel = p.strip_prefix(&dir).unwrap_or(p).to_string_lossy().into();
                Some((rel, p.clone(), text))
            })
            .collect();
        let read = t.elapsed().as_secs_f64() * 1000.0;
        let (mut parse, mut load) = (f64::MAX, f64::MAX);
        let (mut docs, mut diags) = (0, 0);
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            for (_, _, text) in &files {
                std::hint::black_box(comply_yaml::parse_single(text, &opts).is_ok());
            }
            parse = parse.min(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let (mut d, mut g) = (0, 0);
            // One scan: included files are shared between the documents, as `comply scan` does.
            let shared = comply_pipelines::SharedFiles::default();
            for (rel, abs, text) in &files {
                if let Some(l) = comply_pipelines::load_shared(rel, abs, text, &shared) {
                    d += l.documents.len();
                    g += l.diagnostics.len();
                    std::hint::black_box(l);
                }
            }
            load = load.min(t.elapsed().as_secs_f64() * 1000.0);
            (docs, diags) = (d, g);
        }
        let name = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let per_file = if files.is_empty() {
            0.0
        } else {
            load * 1000.0 / files.len() as f64
        };
        println!(
            "{name:<28} {:>6} {read:>9.1} {parse:>10.2} {load:>10.2} {per_file:>9.0} {docs:>6} {diags:>6}",
            files.len()
        );
        if top > 0 {
            // The slowest files to load (one more timed pass).
            let mut each: Vec<(f64, &Arc<str>)> = files
                .iter()
                .map(|(rel, abs, text)| {
                    let t = Instant::now();
                    std::hint::black_box(comply_pipelines::load(rel, abs, text));
                    (t.elapsed().as_secs_f64() * 1000.0, rel)
                })
                .collect();
            each.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (ms, rel) in each.iter().take(top) {
                println!("  {ms:>8.2} ms  {rel}");
            }
        }
    }
}
