//! Loads every Terraform module directory under the given paths and prints what came out:
//! units, documents, diagnostics by code, and the time taken. A quick way to try the loader on a
//! corpus without the policies: `cargo run --release -p comply-terraform --example load_dir -- DIR...`

use comply_terraform::{load_modules, ModuleInput, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, ()>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n != ".terraform" && n != ".git")
            {
                walk(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "tf") {
            out.insert(dir.to_path_buf(), ());
        }
    }
}

fn main() {
    let mut dirs = BTreeMap::new();
    for a in std::env::args().skip(1) {
        walk(Path::new(&a), &mut dirs);
    }
    let inputs: Vec<ModuleInput> = dirs
        .into_keys()
        .map(|dir| ModuleInput { dir, files: None })
        .collect();
    let t = std::time::Instant::now();
    let units = load_modules(&inputs, &[], &Options::default(), &|p| {
        p.display().to_string()
    });
    let el = t.elapsed();
    let docs: usize = units.iter().map(|u| u.documents.len()).sum();
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for u in &units {
        for d in &u.diagnostics {
            *codes
                .entry(format!("{:?} {}", d.level, d.code))
                .or_default() += 1;
            if std::env::var_os("SHOW").is_some() {
                eprintln!(
                    "{:?} {} {:?}:{:?} {}",
                    d.level, d.code, d.file, d.line, d.message
                );
            }
        }
    }
    println!(
        "{} module dirs, {} units, {docs} documents in {:.1} ms; diagnostics: {codes:?}",
        inputs.len(),
        units.len(),
        el.as_secs_f64() * 1000.0
    );
}
