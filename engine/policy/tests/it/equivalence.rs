//! The RVM and the interpreter must agree: policies of many shapes, several inputs, compared
//! finding by finding. Also records which constructs the RVM compiler rejects.

use comply_policy::{EvalOutput, Evaluator, PolicySet, PolicySource};
use serde_json::{json, Value};

use crate::common::{custom, libs, policy, src};

/// (package leaf, body). Every policy is on the RVM unless listed in `INTERPRETED`.
const POLICIES: &[(&str, &str)] = &[
    (
        "iterate",
        r#"
import data.comply.lib.kubernetes
import data.comply.lib.result

deny contains result.fail(sprintf("container %s has no memory limit", [kubernetes.container_name(c)]), array.concat(c.path, ["resources"])) if {
	some c in kubernetes.containers
	not c.value.resources.limits.memory
}
"#,
    ),
    (
        "every_rule",
        r#"
import data.comply.lib.kubernetes

_all_pinned if {
	every c in kubernetes.containers {
		contains(c.value.image, "@sha256:")
	}
}

deny contains {"msg": sprintf("%s has unpinned images", [kubernetes.name]), "path": ["spec"]} if {
	kubernetes.is_workload
	not _all_pinned
}
"#,
    ),
    (
        "comprehensions",
        r#"
import data.comply.lib.kubernetes

names := [n | some c in kubernetes.containers; n := object.get(c.value, "name", "?")]
ports := {p | some c in kubernetes.containers; some port in object.get(c.value, "ports", []); p := port.containerPort}
by_name := {n: count(object.get(c.value, "env", [])) | some c in kubernetes.containers; n := object.get(c.value, "name", "?")}

deny contains {"msg": sprintf("duplicate container names %v", [names]), "path": ["spec"]} if count(names) != count({n | some n in names})
deny contains {"msg": sprintf("privileged port %d", [p]), "path": ["spec"]} if {
	some p in ports
	p < 1024
}
deny contains {"msg": sprintf("%s has %d env vars", [n, k]), "path": []} if {
	some n, k in by_name
	k > 2
}
"#,
    ),
    (
        "strings_regex_numbers",
        r#"
import data.comply.lib.kubernetes

_registry(image) := split(image, "/")[0] if contains(image, "/")
_registry(image) := "docker.io" if not contains(image, "/")

deny contains {"msg": sprintf("image %s uses tag latest", [c.value.image]), "path": array.concat(c.path, ["image"])} if {
	some c in kubernetes.containers
	regex.match(`:latest$|^[^:@]+$`, c.value.image)
}
deny contains {"msg": sprintf("registry %s is not lower case", [r]), "path": []} if {
	some c in kubernetes.containers
	r := _registry(c.value.image)
	lower(r) != r
}
deny contains {"msg": sprintf("cpu %v too high (%v millicores)", [c.value.resources.limits.cpu, m]), "path": []} if {
	some c in kubernetes.containers
	cpu := c.value.resources.limits.cpu
	m := _millicores(cpu)
	m > 2000
}
_millicores(cpu) := to_number(trim_suffix(cpu, "m")) if endswith(cpu, "m")
_millicores(cpu) := to_number(cpu) * 1000 if not endswith(cpu, "m")
deny contains {"msg": sprintf("name %s too long (%d)", [kubernetes.name, count(kubernetes.name)]), "path": ["metadata", "name"]} if {
	count(kubernetes.name) > 10
	startswith(kubernetes.name, "very")
}
"#,
    ),
    (
        "negation_sets",
        r#"
import data.comply.lib.kubernetes

required := {"app", "team"}
present := {k | some k, _ in object.get(input.resource, ["metadata", "labels"], {})}
missing := required - present

deny contains {"msg": sprintf("missing label %s", [l]), "path": ["metadata", "labels"]} if {
	kubernetes.is_workload
	some l in missing
}
deny contains {"msg": "no labels at all", "path": ["metadata"]} if {
	not input.resource.metadata.labels
}
deny contains {"msg": sprintf("both %v", [required & present]), "path": []} if count(required & present) == 2
deny contains {"msg": "union", "path": []} if count(required | present) > 3
"#,
    ),
    (
        "params_inventory",
        r#"
import data.comply.lib.kubernetes

max_replicas := object.get(data.comply.params, "max_replicas", 3)

deny contains {"msg": sprintf("%d replicas > %d", [input.resource.spec.replicas, max_replicas]), "path": ["spec", "replicas"]} if {
	input.resource.spec.replicas > max_replicas
}

deny contains {"msg": sprintf("no service selects %s", [kubernetes.name]), "path": ["metadata"]} if {
	kubernetes.kind == "Deployment"
	labels := object.get(kubernetes.pod_metadata.value, "labels", {})
	not _selected(labels)
}

_selected(labels) if {
	some doc in data.comply.inventory
	doc.kind == "Service"
	every k, v in doc.spec.selector {
		labels[k] == v
	}
}
"#,
    ),
    (
        "else_default",
        r#"
default level := "none"

level := "high" if {
	input.resource.spec.replicas > 5
} else := "low" if {
	input.resource.spec.replicas > 1
}

deny contains {"msg": sprintf("level %s", [level]), "path": []} if level != "none"
deny contains {"msg": sprintf("type %s", [type_name(input.resource.spec)]), "path": []} if input.resource.spec
"#,
    ),
];

fn inputs() -> Vec<Value> {
    let dep = |name: &str, replicas: i64, labels: Value, containers: Value| {
        json!({"kind": "kubernetes", "resource": {"kind": "Deployment", "metadata": {"name": name, "labels": labels},
            "spec": {"replicas": replicas, "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}}}}})
    };
    vec![
        dep(
            "web",
            2,
            json!({"app": "web"}),
            json!([
                {"name": "app", "image": "nginx", "ports": [{"containerPort": 80}], "resources": {"limits": {"cpu": "3", "memory": "1Gi"}}},
                {"name": "side", "image": "Ghcr.IO/acme/side@sha256:abc", "env": [{"name": "a"}, {"name": "b"}, {"name": "c"}]},
            ]),
        ),
        dep(
            "verylongname",
            7,
            json!({"app": "x", "team": "y", "z": "1"}),
            json!([
                {"name": "a", "image": "r.io/a:latest", "resources": {"limits": {"cpu": "2500m"}}},
                {"name": "a", "image": "r.io/b@sha256:1", "ports": [{"containerPort": 8080}, {"containerPort": 443}]},
            ]),
        ),
        json!({"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"image": "busybox:1"}]}}}),
        json!({"kind": "kubernetes", "resource": {"kind": "Service", "metadata": {"name": "svc"}, "spec": {"selector": {"app": "web"}}}}),
        json!({"kind": "kubernetes", "resource": {"kind": "Deployment", "spec": "not-an-object"}}),
        json!({}),
    ]
}

fn sources() -> Vec<PolicySource> {
    let mut s = libs();
    for (i, (leaf, body)) in POLICIES.iter().enumerate() {
        s.push(src(
            &format!("eq/{leaf}.rego"),
            &policy(
                &format!("comply.eq.{leaf}"),
                &custom(&format!("EQ-{:04}", i + 1)),
                body,
            ),
        ));
    }
    s
}

fn sorted(mut o: EvalOutput) -> EvalOutput {
    o.findings.sort();
    o.errors.sort();
    o
}

#[test]
fn rvm_and_interpreter_agree() {
    let set = PolicySet::load(sources()).unwrap_or_else(|e| panic!("{e:#?}"));
    let all: Vec<usize> = (0..set.rules().len()).collect();
    let params = json!({"max_replicas": 5});
    let rvm = Evaluator::new(&set, &all, &params, &json!({})).unwrap();
    let interp = Evaluator::interpreter_only(&set, &all, &params, &json!({})).unwrap();
    assert!(
        rvm.interpreted_rules().is_empty(),
        "RVM rejected: {:?}",
        rvm.rvm_errors()
    );
    assert_eq!(interp.interpreted_rules(), all);
    let inventory = rvm.inventory(&json!([
        {"kind": "Service", "spec": {"selector": {"app": "web"}}},
        {"kind": "ConfigMap", "data": {}},
    ]));
    let (mut a, mut b) = (rvm.worker(), interp.worker());
    let mut total = 0;
    for with_inventory in [false, true] {
        a.set_inventory(with_inventory.then_some(&inventory));
        b.set_inventory(with_inventory.then_some(&inventory));
        for (n, input) in inputs().iter().enumerate() {
            let (x, y) = (
                sorted(a.evaluate(input, &all)),
                sorted(b.evaluate(input, &all)),
            );
            assert_eq!(
                x.findings, y.findings,
                "input #{n}, inventory={with_inventory}"
            );
            assert_eq!(
                x.errors.len(),
                y.errors.len(),
                "input #{n}: rvm {:?} vs interpreter {:?}",
                x.errors,
                y.errors
            );
            total += x.findings.len();
        }
    }
    // The comparison is not vacuous: every policy produced something somewhere.
    assert!(total > 25, "only {total} findings");
}

#[test]
fn every_policy_fires_at_least_once() {
    let set = PolicySet::load(sources()).unwrap();
    let all: Vec<usize> = (0..set.rules().len()).collect();
    let ev = Evaluator::new(&set, &all, &json!({"max_replicas": 5}), &json!({})).unwrap();
    let mut w = ev.worker();
    let mut fired = vec![0; all.len()];
    for input in inputs() {
        for f in w.evaluate(&input, &all).findings {
            fired[f.rule] += 1;
        }
    }
    assert!(fired.iter().all(|&n| n > 0), "{fired:?}");
}

/// regorus 0.14.1's RVM binds `x := <undefined>` instead of failing the body; comply compiles
/// the RVM program from rewritten sources (`:=` → `=`). Each of these must produce nothing.
#[test]
fn assigning_undefined_fails_the_body_on_the_rvm() {
    let bodies = [
        "deny contains \"q1\" if { x := input.nothing }",
        "deny contains \"q2\" if { x := input.nothing\n y := x }",
        "deny contains \"q3\" if { x := input.nothing\n not startswith(x, \"a\") }",
        "deny contains \"q4\" if { x := input.nothing\n not x }",
        "deny contains \"q5\" if { x := input.nothing\n y := [x] }",
        "deny contains \"q6\" if { x := input.spec.deeper\n not x == 1 }",
        "deny contains \"q7\" if { x := h\n not x }\nh := input.nothing",
        "deny contains \"q8\" if { x := input.nothing\n y := g(x) }\ng(_) := 1",
        "deny contains \"q9\" if { [a, b] := input.nothing\n not a == b }",
        "deny contains msg if { msg := \"s := t\"\n x := input.nothing\n not x }",
        "deny contains \"q11\" if { xs := [x | some y in input.list; x := y.missing]\n count(xs) > 0 }",
    ];
    let sources: Vec<PolicySource> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            src(
                &format!("u/u{i}.rego"),
                &policy(
                    &format!("comply.u.u{i}"),
                    &custom(&format!("U-{:04}", i + 1)),
                    b,
                ),
            )
        })
        .collect();
    let set = PolicySet::load(sources).unwrap_or_else(|e| panic!("{e:#?}"));
    let all: Vec<usize> = (0..set.rules().len()).collect();
    let rvm = Evaluator::new(&set, &all, &json!({}), &json!({})).unwrap();
    assert!(rvm.interpreted_rules().is_empty(), "{:?}", rvm.rvm_errors());
    let interp = Evaluator::interpreter_only(&set, &all, &json!({}), &json!({})).unwrap();
    let input = json!({"spec": "text", "list": [{"a": 1}]});
    let (a, b) = (
        rvm.worker().evaluate(&input, &all),
        interp.worker().evaluate(&input, &all),
    );
    assert_eq!(a, b);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
}
