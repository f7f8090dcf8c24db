//! `Evaluator` / `Worker`: a real-looking policy over the shipped libs, params, inventory,
//! malformed `deny` values, the interpreter fallback, and limits.

use std::time::{Duration, Instant};

use comply_model::PathSeg;
use comply_policy::{EvalLimits, Evaluator, PolicySet, PolicySource};
use serde_json::json;

use crate::common::{custom, fixtures, libs, policy, src};

fn set_with(extra: Vec<PolicySource>) -> PolicySet {
    let mut sources = libs();
    sources.extend(extra);
    PolicySet::load(sources).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn all(set: &PolicySet) -> Vec<usize> {
    (0..set.rules().len()).collect()
}

fn keys(p: &[&str]) -> Vec<PathSeg> {
    p.iter()
        .map(|s| {
            s.parse::<usize>()
                .map_or_else(|_| PathSeg::Key((*s).to_string()), PathSeg::Index)
        })
        .collect()
}

fn deployment(privileged: bool, host_network: bool) -> serde_json::Value {
    json!({"kind": "kubernetes", "file": "d.yaml", "id": "d.yaml#0", "resource": {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "prod"},
    "spec": {"template": {"spec": {
        "hostNetwork": host_network,
        "initContainers": [{"name": "init", "securityContext": {"privileged": privileged}}],
        "containers": [{"name": "app"}, {"name": "side", "securityContext": {"privileged": privileged}}]
    }}}}})
}

#[test]
fn evaluator_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Evaluator>();
    check::<comply_policy::Inventory>();
}

#[test]
fn real_policy_over_shipped_libs_on_the_rvm() {
    let mut sources = libs();
    sources.extend(fixtures("good"));
    let set = PolicySet::load(sources).unwrap();
    let ev = Evaluator::new(&set, &all(&set), &json!({}), &json!({})).unwrap();
    assert!(ev.interpreted_rules().is_empty(), "{:?}", ev.rvm_errors());
    let mut w = ev.worker();
    let out = w.evaluate(&deployment(true, true), &[0, 1]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let got: Vec<_> = out
        .findings
        .iter()
        .map(|f| (f.rule, f.msg.as_str(), f.path.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                0,
                "Container init runs in privileged mode",
                keys(&[
                    "spec",
                    "template",
                    "spec",
                    "initContainers",
                    "0",
                    "securityContext",
                    "privileged"
                ])
            ),
            (
                0,
                "Container side runs in privileged mode",
                keys(&[
                    "spec",
                    "template",
                    "spec",
                    "containers",
                    "1",
                    "securityContext",
                    "privileged"
                ])
            ),
            (
                1,
                "web uses the host network",
                keys(&["spec", "template", "spec", "hostNetwork"])
            ),
        ]
    );
    let clean = w.evaluate(&deployment(false, false), &[0, 1]);
    assert_eq!(clean, Default::default());
    // Only the listed rules run.
    let only = w.evaluate(&deployment(true, true), &[1]);
    assert_eq!(only.findings.len(), 1);
}

#[test]
fn malformed_deny_elements_become_rule_errors() {
    let set = set_with(vec![
        src(
            "m/shapes.rego",
            &policy(
                "comply.t.shapes",
                &custom("T-0001"),
                r#"
deny contains "plain string" if true
deny contains {"msg": "no path"} if true
deny contains {"message": "wrong key"} if true
deny contains 42 if true
deny contains {"msg": "bad path", "path": "spec.x"} if true
"#,
            ),
        ),
        src(
            "m/scalar.rego",
            &policy("comply.t.scalar", &custom("T-0002"), "deny := true"),
        ),
    ]);
    let ev = Evaluator::new(&set, &all(&set), &json!({}), &json!({})).unwrap();
    let out = ev.worker().evaluate(&json!({}), &[0, 1]);
    let msgs: Vec<_> = out
        .findings
        .iter()
        .map(|f| (f.msg.as_str(), f.path.is_empty()))
        .collect();
    // Rego set order: strings sort before objects.
    assert_eq!(msgs, [("plain string", true), ("no path", true)]);
    assert_eq!(
        out.errors.iter().filter(|e| e.rule == 0).count(),
        3,
        "{:?}",
        out.errors
    );
    assert_eq!(
        out.errors.iter().filter(|e| e.rule == 1).count(),
        1,
        "{:?}",
        out.errors
    );
    assert!(out
        .errors
        .iter()
        .any(|e| e.message.contains("must be a set")));
}

#[test]
fn params_rule_options_and_inventory() {
    let set = set_with(vec![
        src(
            "p/tls.rego",
            &policy(
                "comply.t.tls",
                &custom("T-0001"),
                r#"
import data.comply.lib.params

deny contains {"msg": sprintf("TLS %s below %s", [input.tls, params.min_tls_version]), "path": ["tls"]} if {
	input.tls < params.min_tls_version
}

deny contains {"msg": "option set", "path": []} if data.comply.rule_options["T-0001"].strict == true
"#,
            ),
        ),
        src(
            "p/inv.rego",
            &policy(
                "comply.t.inv",
                &custom("T-0002"),
                r#"
deny contains {"msg": sprintf("%d others", [count(data.comply.inventory)]), "path": []} if {
	count(data.comply.inventory) > 0
}
"#,
            ),
        ),
    ]);
    let ev = Evaluator::new(
        &set,
        &all(&set),
        &json!({"min_tls_version": "1.3"}),
        &json!({"T-0001": {"strict": true}}),
    )
    .unwrap();
    // policies/lib/params.rego reads `data.comply.params` through a default rule (not the
    // `data` root), so its users compile on the RVM too.
    assert!(ev.interpreted_rules().is_empty(), "{:?}", ev.rvm_errors());
    let mut w = ev.worker();
    let out = w.evaluate(&json!({"tls": "1.2"}), &[0, 1]);
    let msgs: Vec<_> = out.findings.iter().map(|f| f.msg.as_str()).collect();
    assert_eq!(msgs, ["TLS 1.2 below 1.3", "option set"], "{out:?}");

    let inv = ev.inventory(&json!([{"a": 1}, {"b": 2}, {"c": 3}]));
    w.set_inventory(Some(&inv));
    assert_eq!(w.evaluate(&json!({}), &[1]).findings[0].msg, "3 others");
    let small = ev.inventory(&json!([{"a": 1}]));
    w.set_inventory(Some(&small));
    assert_eq!(w.evaluate(&json!({}), &[1]).findings[0].msg, "1 others");
    w.set_inventory(None);
    assert!(w.evaluate(&json!({}), &[1]).findings.is_empty());

    // Default params come from comply.lib.params when comply passes none.
    let ev = Evaluator::new(&set, &all(&set), &json!({}), &json!(null)).unwrap();
    let out = ev.worker().evaluate(&json!({"tls": "1.1"}), &[0]);
    assert_eq!(out.findings.len(), 1);
    assert_eq!(out.findings[0].msg, "TLS 1.1 below 1.2");
}

#[test]
fn extension_rules_fall_back_to_the_interpreter() {
    let set = set_with(vec![
        src(
            "e/hash.rego",
            &policy(
                "comply.t.hash",
                &custom("T-0001"),
                r#"
deny contains {"msg": crypto.sha256(input.name), "path": ["name"]} if input.name
"#,
            ),
        ),
        src(
            "e/with.rego",
            &policy(
                "comply.t.with",
                &custom("T-0002"),
                r#"
_inner contains "w" if input.flag
deny contains {"msg": m, "path": []} if {
	some m in _inner with input.flag as true
}
"#,
            ),
        ),
        src(
            "e/plain.rego",
            &policy(
                "comply.t.plain",
                &custom("T-0003"),
                r#"deny contains {"msg": "plain", "path": []} if input.name"#,
            ),
        ),
    ]);
    let ev = Evaluator::new(&set, &all(&set), &json!({}), &json!({})).unwrap();
    assert_eq!(ev.interpreted_rules(), [0, 1], "{:?}", ev.rvm_errors());
    let mut w = ev.worker();
    let inv = ev.inventory(&json!([1, 2]));
    w.set_inventory(Some(&inv));
    let out = w.evaluate(&json!({"name": "abc"}), &[0, 1, 2]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let msgs: Vec<_> = out.findings.iter().map(|f| f.msg.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "w",
            "plain"
        ]
    );
}

#[test]
fn rules_not_enabled_report_errors() {
    let set = set_with(
        fixtures("good")
            .into_iter()
            .filter(|s| !s.path.ends_with("_test.rego"))
            .collect(),
    );
    let ev = Evaluator::new(&set, &[1], &json!({}), &json!({})).unwrap();
    let out = ev.worker().evaluate(&deployment(true, true), &[0, 1, 7]);
    assert_eq!(out.findings.len(), 1);
    let failed: Vec<_> = out.errors.iter().map(|e| e.rule).collect();
    assert_eq!(failed, [0, 7]);
    assert!(Evaluator::new(&set, &[9], &json!({}), &json!({})).is_err());
}

#[test]
fn a_runaway_rule_hits_the_limit_instead_of_hanging() {
    let set = set_with(vec![
        src(
            "slow/slow.rego",
            &policy(
                "comply.t.slow",
                &custom("T-0001"),
                r#"
deny contains {"msg": "never", "path": []} if {
	some a in numbers.range(1, 4000)
	some b in numbers.range(1, 4000)
	a * b == -1
}
"#,
            ),
        ),
        src(
            "slow/fast.rego",
            &policy(
                "comply.t.fast",
                &custom("T-0002"),
                r#"deny contains "fast" if true"#,
            ),
        ),
    ]);
    let limits = EvalLimits {
        timeout: Duration::from_millis(200),
        max_instructions: usize::MAX,
    };
    for interpreter in [false, true] {
        let ev = if interpreter {
            Evaluator::interpreter_only(&set, &all(&set), &json!({}), &json!({}))
        } else {
            Evaluator::with_limits(&set, &all(&set), &json!({}), &json!({}), limits)
        }
        .unwrap();
        let start = Instant::now();
        let out = ev.worker().evaluate(&json!({}), &[0, 1]);
        if !interpreter {
            assert!(
                start.elapsed() < Duration::from_secs(3),
                "{:?}",
                start.elapsed()
            );
        }
        assert_eq!(out.errors.len(), 1, "interpreter={interpreter}: {out:?}");
        assert_eq!(out.errors[0].rule, 0);
        assert_eq!(out.findings.len(), 1, "the other rule still runs");
    }
    // The instruction limit alone also stops it.
    let limits = EvalLimits {
        timeout: Duration::from_secs(60),
        max_instructions: 100_000,
    };
    let ev = Evaluator::with_limits(&set, &all(&set), &json!({}), &json!({}), limits).unwrap();
    let out = ev.worker().evaluate(&json!({}), &[0]);
    assert!(
        out.errors[0].message.to_lowercase().contains("instruction"),
        "{:?}",
        out.errors
    );
}

/// The RVM-friendly way to read optional params: a `default` rule instead of `object.get(data, ..)`.
#[test]
fn params_with_a_default_rule_compile_on_the_rvm() {
    let set = set_with(vec![
        src("p/lib2.rego", "package comply.lib.params2\n\ndefaults := {\"min_tls_version\": \"1.2\"}\n\ndefault supplied := {}\n\nsupplied := data.comply.params\n\nparams := object.union(defaults, supplied)\n"),
        src("p/tls.rego", &policy("comply.t.tls", &custom("T-0001"), r#"
import data.comply.lib.params2

deny contains {"msg": sprintf("TLS %s below %s", [input.tls, params2.params.min_tls_version]), "path": ["tls"]} if {
	input.tls < params2.params.min_tls_version
}
"#)),
    ]);
    for params in [json!({}), json!({"min_tls_version": "1.3"})] {
        let ev = Evaluator::new(&set, &all(&set), &params, &json!({})).unwrap();
        assert!(ev.interpreted_rules().is_empty(), "{:?}", ev.rvm_errors());
        let out = ev.worker().evaluate(&json!({"tls": "1.2"}), &[0]);
        assert_eq!(
            out.findings.len(),
            usize::from(params != json!({})),
            "{out:?}"
        );
    }
}
