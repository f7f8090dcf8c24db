//! Resource limits: nesting depth (also through aliases) and document size.

use comply_yaml::{parse_single, parse_stream, ErrorKind, Options};

#[test]
fn depth_limit_in_flow_and_block_styles() {
    let opts = Options::default();
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(parse_single(&ok, &opts).is_ok());
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    let e = parse_single(&deep, &opts).expect_err("too deep");
    assert_eq!((e.kind, e.line, e.col), (ErrorKind::TooDeep, 1, 129));
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    let e = parse_single(&block, &opts).expect_err("too deep");
    assert_eq!((e.kind, e.line), (ErrorKind::TooDeep, 129));
    // A very deep document fails without exhausting the stack: saphyr's scanner stops flow
    // nesting at 256 levels with a positioned error (reported as TooDeep) before the tree limit.
    let huge = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let e = parse_single(&huge, &opts).expect_err("far too deep");
    assert!(
        matches!(e.kind, ErrorKind::TooDeep | ErrorKind::Syntax),
        "{e}"
    );
    let mut opts_low = opts;
    opts_low.limits.max_depth = 300;
    let e = parse_single(&huge, &opts_low).expect_err("far too deep");
    assert_eq!((e.kind, e.line, e.col), (ErrorKind::TooDeep, 1, 256), "{e}");
}

#[test]
fn depth_limit_counts_alias_copies() {
    let mut opts = Options::default();
    opts.limits.max_depth = 4;
    // The anchored value nests 2 levels; used at depth 3 it would reach 5.
    let text = "a: &a [[1]]\nb: {c: {d: *a}}\n";
    let e = parse_single(text, &opts).expect_err("alias too deep");
    assert_eq!((e.kind, e.line, e.col), (ErrorKind::TooDeep, 2, 12));
    opts.limits.max_depth = 5;
    assert!(parse_single(text, &opts).is_ok());
}

#[test]
fn document_size_limit_is_per_document() {
    let mut opts = Options::default();
    opts.limits.max_document_bytes = 64;
    let big = format!("a: {}\n", "x".repeat(100));
    let text = format!("small: 1\n---\n{big}---\nsmall: 2\n");
    let r = parse_stream(&text, &opts);
    assert_eq!(r.len(), 3);
    assert!(r[0].is_ok() && r[2].is_ok());
    let e = r[1].as_ref().expect_err("too large");
    assert_eq!((e.kind, e.line), (ErrorKind::TooLarge, 2));
}
