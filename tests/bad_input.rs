//! Bad input never crashes and never loses data: each case gives a clear message naming the
//! file (and line where there is one), the other files are still scanned, and the exit code is 2.

use crate::common::{parts, run_in};
use std::fs;
use std::path::Path;

const GOOD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27.1\n      securityContext:\n        privileged: true\n";

/// Writes a good manifest next to the bad input, scans, and checks the contract.
fn check(setup: impl FnOnce(&Path), bad_name: &str, expect_in_message: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("good.yaml"), GOOD).expect("write");
    setup(dir.path());
    let o = run_in(
        dir.path(),
        &["scan", ".", "--format", "json", "--fail-on", "never"],
    );
    let (code, out, err) = parts(&o);
    assert_eq!(code, 2, "exit 2 for {bad_name}; stderr:\n{err}");
    assert!(!err.contains("panicked"), "no panic: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON report still written");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let d = diags
        .iter()
        .find(|d| d["file"].as_str().is_some_and(|f| f.contains(bad_name)) && d["level"] == "error")
        .unwrap_or_else(|| panic!("an error naming {bad_name}: {diags:?}"));
    let msg = d["message"].as_str().unwrap_or("").to_lowercase();
    for e in expect_in_message {
        assert!(msg.contains(e), "message `{msg}` should mention `{e}`");
    }
    assert!(err.contains(bad_name), "stderr names the file: {err}");
    assert!(
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["file"] == "good.yaml" && f["rule_name"] == "privileged-container"),
        "the good file is still scanned"
    );
}

#[test]
fn malformed_yaml() {
    check(
        |d| {
            fs::write(
                d.join("bad.yaml"),
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\nspec: {}\n",
            )
            .expect("write")
        },
        "bad.yaml",
        &[],
    );
    // The line is reported.
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("bad.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tab\n",
    )
    .expect("write");
    let (_, out, _) = parts(&run_in(dir.path(), &["scan", ".", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        v["diagnostics"][0]["line"]
            .as_u64()
            .is_some_and(|l| (3..=4).contains(&l)),
        "{v}"
    );
}

#[test]
fn alias_bomb() {
    let mut s = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        s.push_str(&format!(
            "x{i}: &a{i} [{}]\n",
            vec![prev.as_str(); 9].join(", ")
        ));
    }
    check(
        |d| fs::write(d.join("bomb.yaml"), &s).expect("write"),
        "bomb.yaml",
        &["alias"],
    );
}

#[test]
fn deep_nesting() {
    let depth = 5000;
    let s = format!(
        "apiVersion: v1\nkind: ConfigMap\ndata: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    check(
        |d| fs::write(d.join("deep.yaml"), &s).expect("write"),
        "deep.yaml",
        &["deep"],
    );
}

#[test]
fn binary_file() {
    check(
        |d| {
            fs::write(
                d.join("blob.yaml"),
                b"apiVersion: v1\nkind: Pod\n\x00\x01\x02\xff\xfe",
            )
            .expect("write")
        },
        "blob.yaml",
        &["binary"],
    );
}

#[test]
fn non_utf8_file() {
    check(
        |d| {
            fs::write(
                d.join("latin1.yaml"),
                b"apiVersion: v1\nkind: ConfigMap\ndata:\n  city: K\xf6ln\n",
            )
            .expect("write")
        },
        "latin1.yaml",
        &["utf-8", "line 4"],
    );
}

#[test]
fn hundred_megabyte_file() {
    check(
        |d| {
            // Sparse: the size check happens before reading, so this costs no disk or time.
            let f = fs::File::create(d.join("huge.yaml")).expect("create");
            f.set_len(100_000_000).expect("set_len");
        },
        "huge.yaml",
        &["limit"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    check(
        |d| {
            fs::create_dir(d.join("sub")).expect("mkdir");
            std::os::unix::fs::symlink("..", d.join("sub").join("loop")).expect("symlink");
        },
        "loop",
        &["loop"],
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let as_root = fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false);
    if as_root {
        // Root reads anything: a link to a file that is gone is the unreadable case here.
        check(
            |d| {
                std::os::unix::fs::symlink(d.join("deleted.yaml"), d.join("secret.yaml"))
                    .expect("symlink")
            },
            "secret.yaml",
            &["no such file"],
        );
    } else {
        check(
            |d| {
                let p = d.join("secret.yaml");
                fs::write(&p, GOOD).expect("write");
                fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).expect("chmod");
            },
            "secret.yaml",
            &["permission denied"],
        );
    }
}
