//! Scalar typing: Kubernetes YAML 1.1 versus the YAML 1.2 core schema, tags, keys, duplicates.

mod common;
use common::docs;
use comply_yaml::{parse_single, ErrorKind, Options, Schema};
use serde_json::json;

const SAMPLE: &str = "\
privileged: yes
enabled: on
off_flag: Off
y: n
mode: 0777
quoted_mode: \"0777\"
single: 'yes'
hex: 0x1F
bin: 0b101
big: 1_000
huge: 123456789012345678901234567890
inf: .inf
nul: ~
empty:
date: 2024-01-02
on: push
1: one
";

#[test]
fn yaml11_reads_like_kubernetes() {
    let d = parse_single(SAMPLE, &Options::with_schema(Schema::Yaml11)).expect("valid");
    let v = &d.value;
    assert_eq!(v["privileged"], json!(true));
    assert_eq!(v["enabled"], json!(true));
    assert_eq!(v["off_flag"], json!(false));
    assert_eq!(v["y"], json!(false));
    assert_eq!(v["mode"], json!(511));
    assert_eq!(v["quoted_mode"], json!("0777"));
    assert_eq!(v["single"], json!("yes"));
    assert_eq!(v["hex"], json!(31));
    assert_eq!(v["bin"], json!(5));
    assert_eq!(v["big"], json!(1000));
    assert!(v["huge"].is_f64());
    assert_eq!(v["inf"], json!(".inf"));
    assert_eq!(v["nul"], json!(null));
    assert_eq!(v["empty"], json!(null));
    assert_eq!(v["date"], json!("2024-01-02"));
    // Keys keep their text: GitHub Actions' `on`, `y`, numeric keys.
    assert_eq!(v["on"], json!("push"));
    assert_eq!(v["1"], json!("one"));
}

#[test]
fn core_schema_is_yaml_1_2() {
    let d = parse_single(SAMPLE, &Options::with_schema(Schema::Core)).expect("valid");
    let v = &d.value;
    assert_eq!(v["privileged"], json!("yes"));
    assert_eq!(v["enabled"], json!("on"));
    assert_eq!(v["y"], json!("n"));
    assert_eq!(v["mode"], json!(777));
    assert_eq!(v["quoted_mode"], json!("0777"));
    assert_eq!(v["bin"], json!("0b101"));
    assert_eq!(v["big"], json!("1_000"));
    assert!(v["huge"].is_f64());
    assert_eq!(v["nul"], json!(null));
}

#[test]
fn tags_are_honoured() {
    let d = parse_single(
        "a: !!str 0777\nb: !!int \"12\"\nc: !!bool yes\nd: !!float 3\ne: !!null x\nf: !custom yes\ng: !custom 'yes'\n",
        &Options::default(),
    )
    .expect("valid");
    assert_eq!(
        d.value,
        json!({"a": "0777", "b": 12, "c": true, "d": 3.0, "e": null, "f": true, "g": "yes"})
    );
    let e = parse_single("x: 1\ny: !!int abc\n", &Options::default()).expect_err("bad int");
    assert_eq!(
        (e.kind, e.line, e.col),
        (ErrorKind::InvalidTaggedScalar, 2, 4)
    );
}

#[test]
fn duplicate_keys_last_wins_in_value_and_spans() {
    let d = parse_single("a: 1\nb: 2\na: 3\n", &Options::default()).expect("valid");
    assert_eq!(d.value, json!({"a": 3, "b": 2}));
    let (span, _) = d.spans.locate(&common::path("a"));
    assert_eq!(span.start.line, 3);
}

#[test]
fn integers_at_and_beyond_64_bits_do_not_panic() {
    let text = "a: 9223372036854775807\nb: -9223372036854775808\nc: 18446744073709551615\nd: 18446744073709551616\ne: -99999999999999999999999\nf: 0xFFFFFFFFFFFFFFFFFF\n";
    for schema in [Schema::Yaml11, Schema::Core] {
        let v = &docs(text, &Options::with_schema(schema))[0].value;
        assert_eq!(v["a"], json!(i64::MAX));
        assert_eq!(v["b"], json!(i64::MIN));
        assert_eq!(v["c"], json!(u64::MAX));
        assert!(v["d"].is_f64());
        assert!(v["e"].is_f64());
        assert!(v["f"].is_string());
    }
}
