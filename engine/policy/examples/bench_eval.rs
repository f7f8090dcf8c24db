//! Micro benchmark of policy evaluation alone: the shipped policies of one document kind
//! (read from `policies/` on disk, so a policy edit needs no rebuild) on a JSON-lines file of
//! `input` documents (`{"kind", "file", "id", "resource"}` per line, as `comply scan` builds
//! them), one thread, with the same per-(kind, type) rule selection and dispatch as the scan.
//!
//! ```text
//! python3 -c 'import sys,json,yaml; [print(json.dumps({"kind":"kubernetes","file":"s.yaml","id":f"s.yaml#{i}","resource":d})) for i,d in enumerate(yaml.safe_load_all(open(sys.argv[1]))) if d]' stream.yaml > /tmp/docs.jsonl
//! cargo run --release -p comply-policy --example bench_eval -- /tmp/docs.jsonl [kubernetes] [rounds]
//! ```
//!
//! `COMPLY_RULES=ID,ID` limits the run to those rules; `COMPLY_POLICY_DIR` reads another policy
//! tree. Prints µs per document, per resource type, and the number of findings (compare them before
//! and after a policy change: the count must not move unless the change meant it to).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use comply_model::DocKind;
use comply_policy::{Evaluator, PolicySet, PolicySource};

/// The allocator of the `comply` binary: regorus allocates on most operations, so profiles taken
/// with the system allocator would mislead.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn collect(dir: &Path, out: &mut Vec<PolicySource>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("policy dir")
        .flatten()
        .collect();
    entries.sort_by_key(std::fs::DirEntry::path);
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rego") {
            let text = std::fs::read_to_string(&p).expect("policy file");
            out.push(PolicySource::new(p.display().to_string(), text, true));
        }
    }
}

fn main() {
    // As the `comply` binary does: no backtrace capture for the errors regorus raises and
    // discards (RUST_BACKTRACE would otherwise make every one cost an unwind).
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    let mut args = std::env::args().skip(1);
    let docs_path = args
        .next()
        .expect("usage: bench_eval DOCS.jsonl [kind] [rounds]");
    let kind_name = args.next().unwrap_or_else(|| "kubernetes".into());
    let rounds: usize = args.next().map_or(1, |r| r.parse().expect("rounds"));
    let kind = DocKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind_name)
        .expect("a document kind");

    let root = std::env::var_os("COMPLY_POLICY_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies"),
        std::path::PathBuf::from,
    );
    let mut sources = Vec::new();
    collect(&root, &mut sources);
    let t = Instant::now();
    let set = PolicySet::load(sources).unwrap_or_else(|e| panic!("{e:#?}"));
    let rules = set.rules();
    let enabled: Vec<usize> = (0..rules.len())
        .filter(|&i| rules[i].inputs.iter().any(|s| s.kind == kind))
        .filter(|&i| {
            // COMPLY_RULES=K8S-0001,K8S-0002 measures just those rules.
            std::env::var("COMPLY_RULES")
                .map_or(true, |only| only.split(',').any(|id| id == rules[i].id))
        })
        .collect();
    let params = serde_json::json!({});
    let ev = if std::env::var_os("COMPLY_RVM").is_some() {
        Evaluator::new(&set, &enabled, &params, &serde_json::json!({}))
    } else {
        Evaluator::interpreter_only(&set, &enabled, &params, &serde_json::json!({}))
    }
    .expect("policies compile");
    for (rule, why) in ev.rvm_errors() {
        if std::env::var_os("COMPLY_RVM").is_some() {
            println!("interpreted: {} ({why})", rules[*rule].id);
        }
    }
    println!(
        "{} rules of kind {kind_name}; load + compile {:.1} ms",
        enabled.len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let text = std::fs::read_to_string(&docs_path).expect("docs file");
    let docs: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("one JSON document per line"))
        .collect();
    let type_of = |d: &serde_json::Value| {
        d["resource"]["kind"]
            .as_str()
            .or_else(|| d["resource"]["type"].as_str())
            .map(str::to_string)
    };
    let mut selected: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    for d in &docs {
        let t = type_of(d);
        selected.entry(t.clone()).or_insert_with(|| {
            enabled
                .iter()
                .copied()
                .filter(|&i| rules[i].selects(kind, t.as_deref()))
                .collect()
        });
    }

    let mut worker = ev.worker();
    let mut per_type: BTreeMap<Option<String>, (usize, f64)> = BTreeMap::new();
    let mut findings = 0;
    let mut errors = 0;
    let start = Instant::now();
    for round in 0..rounds {
        for d in &docs {
            let t = type_of(d);
            let sel = &selected[&t];
            let s = Instant::now();
            let out = worker.evaluate(d, sel);
            let e = per_type.entry(t).or_default();
            e.0 += 1;
            e.1 += s.elapsed().as_secs_f64();
            if round == 0 {
                findings += out.findings.len();
                errors += out.errors.len();
                if let Some(err) = out.errors.first() {
                    if errors == 1 {
                        println!("first error: {} {}", rules[err.rule].id, err.message);
                    }
                }
            }
        }
    }
    let total = start.elapsed().as_secs_f64();
    let n = docs.len() * rounds;
    println!(
        "{n} evaluations: {:.1} µs/doc, {:.0} docs/s; {findings} findings, {errors} errors",
        total * 1e6 / n as f64,
        n as f64 / total
    );
    for (t, (n, secs)) in per_type {
        println!(
            "  {:<28} {:>7} docs {:>9.1} µs/doc  ({} rules)",
            t.as_deref().unwrap_or("-"),
            n,
            secs * 1e6 / n as f64,
            selected[&t].len()
        );
    }
}
