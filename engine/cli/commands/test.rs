//! `comply test [DIR...] [--coverage]`: runs `test_*` rules of `*_test.rego` files with regorus,
//! like `opa test`. Without DIR it runs the built-in policies' own tests.

use anyhow::Result;
use comply_policy::PolicySource;
use std::collections::BTreeSet;

use crate::args::TestArgs;
use crate::policies;

pub(crate) fn run(args: &TestArgs) -> Result<i32> {
    let builtin = policies::builtin_sources();
    let sources: Vec<PolicySource> = if args.dirs.is_empty() {
        builtin
    } else {
        let mut user = Vec::new();
        for d in &args.dirs {
            user.extend(policies::user_sources(d)?);
        }
        // The built-in helper libraries stay importable (`data.comply.lib.*`) unless the
        // user's directories define the same packages themselves.
        let user_packages: BTreeSet<String> =
            user.iter().filter_map(|s| package_of(&s.text)).collect();
        let libs = builtin.into_iter().filter(|s| {
            !s.path.ends_with("_test.rego")
                && package_of(&s.text)
                    .is_some_and(|p| p.starts_with("comply.lib.") && !user_packages.contains(&p))
        });
        libs.chain(user).collect()
    };
    let report = comply_policy::run_tests(&sources, args.run.as_deref(), args.coverage);
    let mut failed = 0usize;
    let mut passed = 0usize;
    for e in &report.errors {
        println!("ERROR {e}");
    }
    for t in &report.results {
        if t.passed {
            passed += 1;
            if args.verbose {
                println!("PASS {}.{} ({:.2?})", t.package, t.name, t.duration);
            }
        } else {
            failed += 1;
            let why = t
                .message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            println!("FAIL {}:{} {}.{}{why}", t.file, t.line, t.package, t.name);
        }
    }
    if let Some(cov) = &report.coverage {
        println!();
        println!("{:<70} {:>8}  not covered", "coverage", "%");
        for f in cov {
            let lines: Vec<String> = f.not_covered.iter().map(ToString::to_string).collect();
            println!("{:<70} {:>7.1}%  {}", f.file, f.percent, lines.join(","));
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed > 0 || !report.errors.is_empty() {
        1
    } else {
        0
    })
}

fn package_of(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let l = l.trim();
        l.strip_prefix("package ").map(|p| p.trim().to_string())
    })
}
