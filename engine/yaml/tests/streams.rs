//! Multi-document streams: absolute lines, indices, empty documents, and error isolation.

mod common;
use common::{at, docs};
use comply_yaml::{
    finish_stream, parse_chunk, parse_single, parse_stream, parse_text_at, split_stream, ErrorKind,
    Options,
};
use serde_json::json;

const THREE: &str = "\
# a manifest with three objects
apiVersion: v1
kind: ConfigMap
---
# comment only
---
apiVersion: v1
kind: Service
spec:
  ports:
    - port: 80
--- # trailing comment on the marker
kind: Ingress
spec:
  tls: [{secretName: tls}]
...
";

#[test]
fn lines_are_absolute_and_empty_documents_skipped() {
    let d = docs(THREE, &Options::default());
    assert_eq!(d.len(), 3);
    assert_eq!(d.iter().map(|d| d.index).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(
        d.iter().map(|d| d.start_line).collect::<Vec<_>>(),
        vec![2, 7, 13]
    );
    assert_eq!(at(&d[1].spans, "spec.ports.0.port"), (11, 7));
    assert_eq!(at(&d[2].spans, "spec.tls.0.secretName"), (15, 10));
    assert_eq!(d[2].value["spec"]["tls"][0]["secretName"], json!("tls"));
}

#[test]
fn error_in_middle_document_keeps_the_others() {
    let text = "a: 1\n---\nb: 2\n---\nc: [1, 2\nd: 3\n---\ne: 5\n---\nf:\n\tg: 1\n---\nh: 8\n";
    let r = parse_stream(text, &Options::default());
    assert_eq!(r.len(), 6);
    let ok: Vec<_> = r
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|d| (d.index, d.value.clone()))
        .collect();
    assert_eq!(
        ok,
        vec![
            (0, json!({"a": 1})),
            (1, json!({"b": 2})),
            (3, json!({"e": 5})),
            (5, json!({"h": 8}))
        ]
    );
    let e2 = r[2].as_ref().expect_err("flow sequence is unterminated");
    assert_eq!(e2.kind, ErrorKind::Syntax);
    assert!((5..=7).contains(&e2.line), "{e2}");
    // Tab indentation: a positioned error, not a panic.
    let e4 = r[4].as_ref().expect_err("tab indentation");
    assert_eq!((e4.kind, e4.line), (ErrorKind::Syntax, 11));
    assert!(e4.to_string().starts_with("line 11, column "), "{e4}");
}

#[test]
fn split_that_cuts_an_accepted_document_falls_back_to_whole_text() {
    // saphyr reads a column-0 `--- ]` line as content of this top-level literal scalar; cut
    // there, the second chunk alone is a syntax error.
    let text = "--- |\ntext\n--- ]\n";
    assert_eq!(split_stream(text).len(), 2);
    let whole = parse_text_at(text, 1, 0, &Options::default());
    assert!(whole.iter().all(Result::is_ok));
    let r = parse_stream(text, &Options::default());
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].as_ref().map(|d| d.value.clone()).ok(),
        Some(json!("text\n--- ]\n"))
    );
}

#[test]
fn chunks_can_be_parsed_independently_and_reassembled() {
    let opts = Options::default();
    let chunks = split_stream(THREE);
    assert_eq!(chunks.len(), 3);
    // Parse out of order (as a thread pool might), then reassemble in chunk order.
    let mut parts: Vec<_> = chunks
        .iter()
        .rev()
        .map(|c| (c.index, parse_chunk(c, &opts)))
        .collect();
    parts.sort_by_key(|p| p.0);
    let out = finish_stream(THREE, &opts, parts.into_iter().map(|p| p.1).collect());
    let lines: Vec<_> = out
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|d| (d.index, d.start_line))
        .collect();
    assert_eq!(lines, vec![(0, 2), (1, 7), (2, 13)]);
}

#[test]
fn text_at_offset_shifts_lines_and_indices() {
    let r = parse_text_at("x: 1\n---\ny: 2\n", 40, 7, &Options::default());
    let got: Vec<_> = r
        .into_iter()
        .filter_map(Result::ok)
        .map(|d| (d.index, d.start_line))
        .collect();
    assert_eq!(got, vec![(7, 40), (8, 42)]);
}

#[test]
fn scalar_and_sequence_documents_are_returned() {
    let d = docs(
        "--- plain\n--- [1, 2]\n---\n- a\n--- ''\n--- ~\n",
        &Options::default(),
    );
    let values: Vec<_> = d.iter().map(|d| d.value.clone()).collect();
    assert_eq!(
        values,
        vec![
            json!("plain"),
            json!([1, 2]),
            json!(["a"]),
            json!(""),
            json!(null)
        ]
    );
}

#[test]
fn directives_do_not_break_splitting() {
    let text =
        "%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\nb: !e!x 2\n";
    let d = docs(text, &Options::default());
    assert_eq!(d.len(), 2);
    assert_eq!((d[1].value.clone(), d[1].start_line), (json!({"b": 2}), 8));
}

#[test]
fn parse_single_first_document_or_null() {
    let opts = Options::default();
    let empty = parse_single("", &opts).expect("empty text is a null document");
    assert_eq!(empty.value, json!(null));
    let comments = parse_single("# nothing\n", &opts).expect("comments only");
    assert_eq!(comments.value, json!(null));
    let first = parse_single("# c\n---\na: 1\n---\nb: 2\n", &opts).expect("first");
    assert_eq!((first.value, first.start_line), (json!({"a": 1}), 3));
    let err = parse_single("a: [\n", &opts).expect_err("broken");
    assert_eq!(err.kind, ErrorKind::Syntax);
}
