//! Renders charts with comply-helm alone (no CLI crate), for quick checks and timing:
//! `cargo run -p comply-helm --release --example render -- CHART [VALUES...]`.
//! With `--time DIR...` it renders every chart directory given and prints the wall time of each;
//! with `--functions FILE...` it parses templates and prints each function called, one a line.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--functions") {
        for f in &args[1..] {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            match comply_helm::parse::parse(&text) {
                Ok(p) => {
                    for n in comply_helm::parse::function_names(&p) {
                        println!("{n}");
                    }
                }
                Err(e) => eprintln!("{f}:{}:{}: {}", e.line, e.col, e.message),
            }
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--time") {
        let total = Instant::now();
        for dir in &args[1..] {
            let t = Instant::now();
            let r = comply_helm::load(std::path::Path::new(dir)).and_then(|c| {
                let opts = comply_helm::RenderOptions {
                    release_name: c.name.clone(),
                    ..comply_helm::RenderOptions::default()
                };
                comply_helm::render(&c, &opts)
            });
            let status = match r {
                Ok(out) => format!("{} manifests", out.manifests.len()),
                Err(e) => format!("error: {e}"),
            };
            println!(
                "{dir}\t{:.1} ms\t{status}",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
        println!("total\t{:.1} ms", total.elapsed().as_secs_f64() * 1000.0);
        return;
    }
    let Some(dir) = args.first() else {
        eprintln!("usage: render CHART [VALUES...] | --time CHART...");
        std::process::exit(2);
    };
    let result = comply_helm::load(std::path::Path::new(dir)).and_then(|c| {
        let mut value_files = Vec::new();
        for f in &args[1..] {
            match std::fs::read_to_string(f) {
                Ok(t) => value_files.push((f.clone(), t)),
                Err(e) => {
                    eprintln!("{f}: {e}");
                    std::process::exit(2);
                }
            }
        }
        let opts = comply_helm::RenderOptions {
            release_name: c.name.clone(),
            value_files,
            ..comply_helm::RenderOptions::default()
        };
        comply_helm::render(&c, &opts)
    });
    match result {
        Ok(out) => print!("{}", out.to_helm_output()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
