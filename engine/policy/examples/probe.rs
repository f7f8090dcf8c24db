use comply_policy::{Evaluator, PolicySet, PolicySource};
use serde_json::json;
fn main() {
    let meta = "# METADATA\n# title: t\n# custom:\n#   id: P-0001\n#   severity: low\n#   category: tls\n#   remediation: r\n#   inputs: [{kind: kubernetes}]\n";
    let bodies = [
        "deny contains \"q7\" if { x := input.nothing }",
        "deny contains \"q8\" if { x = input.nothing }",
        "deny contains \"q9\" if { x := input.nothing\n y := x }",
        "deny contains \"q10\" if { x := input.nothing\n not startswith(x, \"a\") }",
        "deny contains \"q11\" if { x := input.nothing\n not x }",
        "deny contains \"q12\" if { x := input.nothing\n y := [x] }",
        "deny contains \"q13\" if { x := input.nothing.deeper\n not x == 1 }",
        "deny contains \"q14\" if { x := input.spec.deeper\n not x == 1 }",
        "deny contains sprintf(\"q15 %v\", [y]) if { x := input.nothing\n y := concat(\",\", [\"a\", x]) }",
        "deny contains \"q16\" if { input.nothing\n not input.other }",
        "deny contains \"q17\" if { x := input.nothing\n x == 1 }",
        "deny contains \"q18\" if { some x in [input.nothing]\n not x }",
        "deny contains \"q19\" if { x := h\n not x }\nh := input.nothing",
    ];
    let mut sources = vec![PolicySource::new(
        "k.rego",
        std::fs::read_to_string("../../policies/lib/kubernetes.rego").unwrap(),
        true,
    )];
    for (i, b) in bodies.iter().enumerate() {
        let m = meta.replace("P-0001", &format!("P-{:04}", i + 1));
        sources.push(PolicySource::new(
            format!("p{i}.rego"),
            format!("{m}package p{i}\n\n{b}\n"),
            false,
        ));
    }
    let set = PolicySet::load(sources).unwrap();
    let all: Vec<usize> = (0..set.rules().len()).collect();
    let r = Evaluator::new(&set, &all, &json!({}), &json!({})).unwrap();
    let i = Evaluator::interpreter_only(&set, &all, &json!({}), &json!({})).unwrap();
    println!("rvm interpreted: {:?}", r.rvm_errors());
    let input = json!({"spec": "str", "resource": {"kind": "Deployment", "spec": "not-an-object"}});
    for rule in all {
        let a = r.worker().evaluate(&input, &[rule]);
        let b = i.worker().evaluate(&input, &[rule]);
        println!(
            "{rule}: rvm={:?} {:?}\n   int={:?} {:?}",
            a.findings.iter().map(|f| &f.msg).collect::<Vec<_>>(),
            a.errors,
            b.findings.iter().map(|f| &f.msg).collect::<Vec<_>>(),
            b.errors
        );
    }
}
