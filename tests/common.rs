//! Helpers shared by the integration tests: run the binary, read its JSON, locate `../shared`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `comply` binary built for these tests.
pub fn comply() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_comply"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs comply with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    comply()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("comply runs")
}

/// Exit code, stdout and stderr of an output.
pub fn parts(o: &Output) -> (i32, String, String) {
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs a scan with JSON output on stdout and returns (exit code, parsed JSON, stderr).
pub fn scan_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args = vec!["scan", "--format", "json"];
    args.extend_from_slice(extra);
    let o = run_in(dir, &args);
    let (code, out, err) = parts(&o);
    let v: serde_json::Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("JSON output expected ({e}); stdout:\n{out}\nstderr:\n{err}"));
    (code, v, err)
}

/// `../shared` (the corpus and tools), or `None` with a loud note when it is absent.
pub fn shared(what: &str) -> Option<PathBuf> {
    let p = repo().join("..").join("shared").join(what);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} not found (the test needs ../shared/{what}, which CI provides)",
            p.display()
        );
        None
    }
}
