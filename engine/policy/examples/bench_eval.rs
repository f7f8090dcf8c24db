//! Micro benchmark: µs per document for 10,000 generated Deployments × the shipped libs + five
//! small policies, RVM vs interpreter, one thread; plus the cost of `Worker::set_inventory`.
//!
//! `CARGO_TARGET_DIR=target-policy cargo run -p comply-policy --example bench_eval [--release]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use comply_policy::{Evaluator, PolicySet, PolicySource};
use serde_json::{json, Value};

const POLICIES: &[(&str, &str)] = &[
    (
        "privileged",
        r#"
import data.comply.lib.kubernetes
import data.comply.lib.result
deny contains result.fail(sprintf("Container %s runs in privileged mode", [kubernetes.container_name(c)]), array.concat(c.path, ["securityContext", "privileged"])) if {
	some c in kubernetes.containers
	c.value.securityContext.privileged == true
}"#,
    ),
    (
        "memory_limit",
        r#"
import data.comply.lib.kubernetes
deny contains {"msg": sprintf("Container %s has no memory limit", [kubernetes.container_name(c)]), "path": array.concat(c.path, ["resources"])} if {
	some c in kubernetes.containers
	not c.value.resources.limits.memory
}"#,
    ),
    (
        "latest_tag",
        r#"
import data.comply.lib.kubernetes
deny contains {"msg": sprintf("Image %s is not pinned", [c.value.image]), "path": array.concat(c.path, ["image"])} if {
	some c in kubernetes.containers
	regex.match(`:latest$|^[^:@]+$`, c.value.image)
}"#,
    ),
    (
        "host_namespaces",
        r#"
import data.comply.lib.kubernetes
deny contains {"msg": sprintf("%s shares the host %s namespace", [kubernetes.name, ns]), "path": array.concat(kubernetes.pod_spec.path, [field])} if {
	some field, ns in {"hostNetwork": "network", "hostPID": "PID", "hostIPC": "IPC"}
	kubernetes.pod_spec.value[field] == true
}"#,
    ),
    (
        "registry",
        r#"
import data.comply.lib.kubernetes
allowed := object.get(data.comply.params, "allowed_registries", [])
deny contains {"msg": sprintf("Image %s is from a registry not allowed", [c.value.image]), "path": array.concat(c.path, ["image"])} if {
	count(allowed) > 0
	some c in kubernetes.containers
	not any_prefix(c.value.image)
}
any_prefix(image) if {
	some r in allowed
	startswith(image, r)
}"#,
    ),
];

fn sources() -> Vec<PolicySource> {
    let lib = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/lib");
    let mut out = Vec::new();
    for name in ["kubernetes", "params", "result"] {
        let text = std::fs::read_to_string(format!("{lib}/{name}.rego")).expect("policies/lib");
        out.push(PolicySource::new(
            format!("policies/lib/{name}.rego"),
            text,
            true,
        ));
    }
    for (i, (leaf, body)) in POLICIES.iter().enumerate() {
        let text = format!(
            "# METADATA\n# title: {leaf}\n# custom:\n#   id: B-{:04}\n#   severity: high\n#   category: pod-security\n#   remediation: r\n#   inputs: [{{kind: kubernetes}}]\npackage bench.{leaf}\n{body}\n",
            i + 1
        );
        out.push(PolicySource::new(format!("bench/{leaf}.rego"), text, false));
    }
    out
}

fn deployment(i: usize) -> Value {
    let containers: Vec<Value> = (0..1 + i % 3)
        .map(|c| {
            json!({
                "name": format!("c{c}"),
                "image": if (i + c) % 4 == 0 { format!("nginx:{}", 1 + c) } else { format!("ghcr.io/acme/app{c}:latest") },
                "securityContext": {"privileged": (i + c) % 5 == 0},
                "resources": if (i + c) % 2 == 0 { json!({"limits": {"memory": "128Mi"}}) } else { json!({}) },
            })
        })
        .collect();
    json!({"kind": "kubernetes", "file": format!("m{i}.yaml"), "id": format!("m{i}.yaml#0"), "resource": {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": format!("app-{i}"), "namespace": "prod"},
        "spec": {"replicas": 2, "template": {"metadata": {"labels": {"app": "x"}}, "spec": {
            "hostNetwork": i % 7 == 0, "containers": containers}}}}})
}

fn run(label: &str, ev: &Evaluator, docs: &[Value], rules: &[usize]) -> usize {
    let mut w = ev.worker();
    // Warm up.
    for d in docs.iter().take(200) {
        w.evaluate(d, rules);
    }
    let start = Instant::now();
    let mut findings = 0;
    let mut errors = 0;
    for d in docs {
        let out = w.evaluate(d, rules);
        findings += out.findings.len();
        errors += out.errors.len();
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / docs.len() as f64;
    println!(
        "{label:<12} {us:8.1} µs/doc  ({findings} findings, {errors} errors, {} docs)",
        docs.len()
    );
    findings
}

fn main() {
    let set = PolicySet::load(sources()).unwrap_or_else(|e| panic!("{e:#?}"));
    let rules: Vec<usize> = (0..set.rules().len()).collect();
    let params = json!({"allowed_registries": ["ghcr.io/"]});
    let t = Instant::now();
    let rvm = Evaluator::new(&set, &rules, &params, &json!({})).expect("bench policies compile");
    println!(
        "Evaluator::new (RVM): {:.2} ms; interpreted rules: {:?}",
        t.elapsed().as_secs_f64() * 1e3,
        rvm.interpreted_rules()
    );
    let interp = Evaluator::interpreter_only(&set, &rules, &params, &json!({}))
        .expect("bench policies compile");
    let docs: Vec<Value> = (0..10_000).map(deployment).collect();
    let a = run("rvm", &rvm, &docs, &rules);
    let b = run("interpreter", &interp, &docs, &rules);
    assert_eq!(a, b, "both paths must find the same");

    // set_inventory: small and 10k-document inventories.
    let small = rvm.inventory(&json!(docs[..5].to_vec()));
    let big_json = json!(docs);
    let t = Instant::now();
    let big = rvm.inventory(&big_json);
    println!(
        "inventory conversion (10k docs, once per unit): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut w = rvm.worker();
    for (label, inv) in [("small (5 docs)", &small), ("large (10k docs)", &big)] {
        let n = 10_000;
        let t = Instant::now();
        for _ in 0..n {
            w.set_inventory(Some(inv));
        }
        println!(
            "set_inventory {label:<16} {:6.2} µs/call (RVM worker)",
            t.elapsed().as_secs_f64() * 1e6 / n as f64
        );
    }
    let mut wi = interp.worker();
    for (label, inv) in [("small (5 docs)", &small), ("large (10k docs)", &big)] {
        let n = 200;
        let t = Instant::now();
        for _ in 0..n {
            wi.set_inventory(Some(inv));
            wi.evaluate(&docs[0], &rules[..1]);
        }
        println!(
            "set_inventory+1 eval {label:<16} {:8.1} µs/call (interpreter worker: clone + add_data + re-prepare)",
            t.elapsed().as_secs_f64() * 1e6 / n as f64
        );
    }
}
