//! Anchors, aliases and `<<` merge keys, including hostile alias expansion.

mod common;
use common::{at, node, one, start};
use comply_yaml::{parse_single, parse_stream, ErrorKind, Options};
use serde_json::json;
use std::time::{Duration, Instant};

#[test]
fn aliases_copy_values_and_point_at_use_site() {
    let d = one("base: &b\n  cpu: 1\n  mem: 2\nuse: *b\nlist: [&s x, *s]\n");
    assert_eq!(d.value["use"], json!({"cpu": 1, "mem": 2}));
    assert_eq!(d.value["list"], json!(["x", "x"]));
    assert_eq!(start(node(&d.spans, "use")), (4, 6));
    // Inner keys of the copy keep the anchor's positions.
    assert_eq!(at(&d.spans, "use.mem"), (3, 3));
    assert_eq!(at(&d.spans, "list.1"), (5, 14));
}

#[test]
fn merge_keys_follow_yaml_merge_semantics() {
    let text = "\
defaults: &d {a: 1, b: 1, c: 1}
extra: &e {b: 2, x: 2}
one:
  <<: *d
  c: 9
multi:
  c: 9
  <<: [*e, *d]
inline:
  <<: {k: v}
";
    let d = one(text);
    assert_eq!(d.value["one"], json!({"a": 1, "b": 1, "c": 9}));
    // Explicit keys win wherever written; earlier merged maps win over later ones.
    assert_eq!(d.value["multi"], json!({"a": 1, "b": 2, "c": 9, "x": 2}));
    assert_eq!(d.value["inline"], json!({"k": "v"}));
    assert!(d.value["one"].get("<<").is_none());
    // Span lookups agree with the value: `c` is the explicit one, `b` comes from `extra`.
    assert_eq!(at(&d.spans, "multi.c"), (7, 3));
    assert_eq!(at(&d.spans, "multi.b"), (2, 12));
    assert_eq!(at(&d.spans, "one.a"), (1, 15));
}

#[test]
fn quoted_merge_key_is_an_ordinary_key() {
    let d = one("a: &a {x: 1}\nb:\n  '<<': *a\n");
    assert_eq!(d.value["b"], json!({"<<": {"x": 1}}));
}

#[test]
fn invalid_merge_value_is_an_error() {
    let e = parse_single("a:\n  <<: [1, 2]\n", &Options::default()).expect_err("scalar merge");
    assert_eq!((e.kind, e.line, e.col), (ErrorKind::InvalidMerge, 2, 8));
    let e = parse_single("a:\n  <<: text\n", &Options::default()).expect_err("scalar merge");
    assert_eq!(e.kind, ErrorKind::InvalidMerge);
}

#[test]
fn alias_bomb_errors_fast() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..=9 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let t = Instant::now();
    let e = parse_single(&text, &Options::default()).expect_err("alias bomb");
    eprintln!("alias bomb rejected in {:?}", t.elapsed());
    assert!(
        t.elapsed() < Duration::from_millis(if cfg!(debug_assertions) { 3000 } else { 800 }),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(e.kind, ErrorKind::AliasBudget);
    assert!(
        e.message
            .contains("alias expansion exceeds 1000000 nodes (possible alias bomb)"),
        "{e}"
    );
    assert!(e.line >= 6 && e.line <= 10, "{e}");
}

#[test]
fn alias_budget_counts_merges_and_is_configurable() {
    let mut opts = Options::default();
    opts.limits.max_alias_nodes = 10;
    let text = "b: &b {a: 1, b: 2, c: 3}\nx: {<<: *b}\ny: {<<: *b}\nz: {<<: *b}\n";
    let e = parse_single(text, &opts).expect_err("budget of 10");
    assert_eq!((e.kind, e.line, e.col), (ErrorKind::AliasBudget, 4, 9));
    opts.limits.max_alias_nodes = 12;
    assert!(parse_single(text, &opts).is_ok());
}

#[test]
fn recursive_and_complex_keys_are_errors() {
    let r = parse_stream(
        "a: &a [1, *a]\n---\n? [x]\n: 1\n---\n{[x]: 1}\n---\nk: &k {a: 1}\n*k : 2\n---\nok: 1\n",
        &Options::default(),
    );
    let kinds: Vec<_> = r
        .iter()
        .map(|r| r.as_ref().err().map(|e| (e.kind, e.line)))
        .collect();
    assert_eq!(
        kinds,
        vec![
            Some((ErrorKind::RecursiveAlias, 1)),
            Some((ErrorKind::ComplexKey, 3)),
            Some((ErrorKind::ComplexKey, 6)),
            Some((ErrorKind::ComplexKey, 9)),
            None
        ]
    );
}

#[test]
fn scalar_alias_as_key_uses_its_text() {
    let d = one("k: &k on\n*k : 2\n");
    assert_eq!(d.value, json!({"k": true, "on": 2}));
}
