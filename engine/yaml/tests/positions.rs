//! Exact line/column positions of keys, values and items, in block and flow styles.

mod common;
use common::{at, node, one, start};
use serde_json::json;

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: \"front\"}
spec:
  replicas: 3
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.25
          args: [--port, \"8080\"]
          securityContext:
            privileged: true
            runAsUser: 0
        - name: sidecar
          image: busybox
          command:
          - sh
          - -c
          script: |
            echo hi
            echo bye
";

#[test]
fn deployment_values() {
    let d = one(DEPLOYMENT);
    let c = &d.value["spec"]["template"]["spec"]["containers"];
    assert_eq!(c[0]["securityContext"]["privileged"], json!(true));
    assert_eq!(c[0]["args"], json!(["--port", "8080"]));
    assert_eq!(c[1]["command"], json!(["sh", "-c"]));
    assert_eq!(c[1]["script"], json!("echo hi\necho bye\n"));
    assert_eq!(
        d.value["spec"]["strategy"]["rollingUpdate"],
        json!({"maxSurge": 1, "maxUnavailable": 0})
    );
    assert_eq!(d.start_line, 1);
    assert_eq!(d.index, 0);
}

#[test]
fn deployment_block_positions() {
    let d = one(DEPLOYMENT);
    let s = &d.spans;
    let c = "spec.template.spec.containers";
    assert_eq!(
        at(s, &format!("{c}.0.securityContext.privileged")),
        (17, 13)
    );
    assert_eq!(
        start(node(s, &format!("{c}.0.securityContext.privileged"))),
        (17, 25)
    );
    // A block-valued key points at the key, its value at the first child.
    assert_eq!(at(s, &format!("{c}.0.securityContext")), (16, 11));
    assert_eq!(start(node(s, &format!("{c}.0.securityContext"))), (17, 13));
    // Sequence items: the item itself (a block mapping starts at its first key).
    assert_eq!(at(s, &format!("{c}.1")), (19, 11));
    assert_eq!(at(s, &format!("{c}.1.command.1")), (23, 13));
    assert_eq!(start(node(s, c)), (13, 9));
    assert_eq!(at(s, "kind"), (2, 1));
    assert_eq!(start(node(s, "kind")), (2, 7));
}

#[test]
fn deployment_flow_positions() {
    let d = one(DEPLOYMENT);
    let s = &d.spans;
    assert_eq!(at(s, "spec.strategy.rollingUpdate.maxSurge"), (9, 21));
    assert_eq!(
        start(node(s, "spec.strategy.rollingUpdate.maxSurge")),
        (9, 31)
    );
    assert_eq!(at(s, "spec.strategy.rollingUpdate.maxUnavailable"), (9, 34));
    assert_eq!(start(node(s, "spec.strategy.rollingUpdate")), (9, 20));
    assert_eq!(at(s, "metadata.labels.tier"), (5, 22));
    assert_eq!(start(node(s, "metadata.labels.tier")), (5, 28));
    assert_eq!(at(s, "spec.template.spec.containers.0.args.1"), (15, 26));
}

#[test]
fn flow_collection_spans_cover_brackets() {
    let d = one(DEPLOYMENT);
    let span = node(&d.spans, "spec.strategy.rollingUpdate").span().clone();
    assert_eq!(
        (span.start.line, span.start.col, span.end.line, span.end.col),
        (9, 20, 9, 52)
    );
}

#[test]
fn block_scalar_span_starts_at_indicator() {
    let d = one(DEPLOYMENT);
    let n = node(&d.spans, "spec.template.spec.containers.1.script");
    assert_eq!(start(n), (24, 19));
    let d = one("a:\n  - >-\n    folded\n  - &x !!str |2\n     lit\nb: x\n");
    assert_eq!(d.value["a"], json!(["folded", " lit\n"]));
    assert_eq!(start(node(&d.spans, "a.0")), (2, 5));
    assert_eq!(start(node(&d.spans, "a.1")), (4, 14));
    let d = one("--- |\n  root\n");
    assert_eq!(start(&d.spans), (1, 5));
}

#[test]
fn columns_count_characters_not_bytes() {
    let d = one("naïve: ü\nkey: {é: 1, ß: 2}\nzß: >\n  y\n");
    assert_eq!(start(node(&d.spans, "naïve")), (1, 8));
    assert_eq!(at(&d.spans, "key.ß"), (2, 13));
    assert_eq!(at(&d.spans, "zß"), (3, 1));
    assert_eq!(start(node(&d.spans, "zß")), (3, 5));
    assert_eq!(d.value["zß"], json!("y\n"));
}

#[test]
fn crlf_and_bom_keep_positions() {
    let lf = one("a:\n  b: 1\n  c: [x, y]\n");
    let crlf = one("\u{feff}a:\r\n  b: 1\r\n  c: [x, y]\r\n");
    assert_eq!(lf.value, crlf.value);
    assert_eq!(at(&crlf.spans, "a.c.1"), (3, 10));
    assert_eq!(at(&lf.spans, "a.c.1"), (3, 10));
    assert_eq!(at(&crlf.spans, "a.b"), (2, 3));
}

#[test]
fn quoted_keys_and_explicit_keys() {
    let d = one("'on': 1\n\"y\": 2\n? explicit\n: 3\n");
    assert_eq!(d.value, json!({"on": 1, "y": 2, "explicit": 3}));
    assert_eq!(at(&d.spans, "explicit"), (3, 3));
    assert_eq!(start(node(&d.spans, "explicit")), (4, 3));
}

#[test]
fn start_line_is_first_content_line() {
    let d = one("# leading comment\n\n---\n# another\nkind: Pod\n");
    assert_eq!(d.start_line, 5);
}
