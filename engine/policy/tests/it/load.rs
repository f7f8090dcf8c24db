//! `PolicySet::load`: METADATA happy path, each validation error, names, libraries, duplicates.

use comply_model::{Category, DocKind, Severity};
use comply_policy::{PolicyError, PolicySet};

use crate::common::{custom, fixtures, libs, policy, src};

const DENY: &str = "deny contains {\"msg\": \"x\", \"path\": []} if input.resource.bad";

fn load_err(sources: Vec<comply_policy::PolicySource>) -> Vec<PolicyError> {
    match PolicySet::load(sources) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

fn one(custom_lines: &str) -> PolicyError {
    let mut errs = load_err(vec![src(
        "p/x.rego",
        &policy("comply.t.x", custom_lines, DENY),
    )]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    errs.remove(0)
}

#[test]
fn happy_path_reads_every_field() {
    let mut sources = libs();
    sources.extend(fixtures("good"));
    let set = PolicySet::load(sources).unwrap_or_else(|e| panic!("{e:#?}"));
    let ids: Vec<_> = set.rules().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["K8S-0001", "K8S-0002"]);
    let r = &set.rules()[0];
    assert_eq!(r.name, "privileged-container");
    assert_eq!(r.title, "Container runs in privileged mode");
    assert_eq!(
        r.description,
        "A privileged container gets every host capability and device."
    );
    assert_eq!(r.severity, Severity::High);
    assert_eq!(r.category, Category::PodSecurity);
    assert_eq!(r.frameworks["cis-kubernetes"], ["5.2.2", "5.3"]);
    assert_eq!(r.frameworks["pss-baseline"], ["privileged-containers"]);
    assert_eq!(
        r.remediation,
        "Remove securityContext.privileged or set it to false."
    );
    assert_eq!(r.inputs.len(), 1);
    assert_eq!(r.inputs[0].kind, DocKind::Kubernetes);
    assert_eq!(r.inputs[0].resources, ["Pod", "Deployment"]);
    assert_eq!(
        r.related_resources,
        [
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://example.com/privileged"
        ]
    );
    assert_eq!(r.package, "comply.kubernetes.privileged_container");
    assert_eq!(
        r.source,
        "fixtures/good/privileged-container/privileged_container.rego"
    );
    assert!(!r.uses_inventory && !r.builtin);
    let h = &set.rules()[1];
    assert_eq!(h.name, "host-network");
    assert_eq!(h.description, h.title, "description defaults to the title");
    assert!(h.inputs[0].resources.is_empty());
    assert_eq!(set.find_rule("k8s-0002"), Some(1));
    assert_eq!(set.find_rule("privileged-container"), Some(0));
    assert_eq!(set.find_rule("K8S-9999"), None);
    assert_eq!(
        set.test_sources().len(),
        1,
        "the _test.rego file is kept apart"
    );
}

#[test]
fn missing_id_points_at_custom() {
    let e =
        one("severity: high\ncategory: pod-security\nremediation: r\ninputs: [{kind: kubernetes}]");
    assert_eq!(e.file, "p/x.rego");
    assert_eq!(e.line, Some(3), "{e}");
    assert!(
        e.message.contains("custom.id") && e.message.contains("K8S-0001"),
        "{e}"
    );
}

#[test]
fn bad_category_lists_categories() {
    let e = one(&custom("K8S-0001").replace("pod-security", "security"));
    assert_eq!(e.line, Some(6), "{e}");
    assert!(e.message.contains("unknown category `security`"), "{e}");
    assert!(
        e.message
            .contains("network-isolation, pod-security, encryption, tagging"),
        "{e}"
    );
}

#[test]
fn unknown_custom_key_is_rejected() {
    let e = one(&format!("{}\nfoo: bar", custom("K8S-0001")));
    assert!(e.message.contains("foo"), "{e}");
    assert!(e.message.contains("unknown field"), "{e}");
    assert_eq!(e.line, Some(9), "{e}");
}

#[test]
fn bad_severity() {
    let e = one(&custom("K8S-0001").replace("severity: high", "severity: extreme"));
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.message.contains("critical, high, medium or low"), "{e}");
}

#[test]
fn missing_and_empty_inputs() {
    let e = one("id: K8S-0001\nseverity: high\ncategory: pod-security\nremediation: r");
    assert!(
        e.message.contains("custom.inputs") && e.message.contains("kubernetes, terraform"),
        "{e}"
    );
    let e = one(&custom("K8S-0001").replace("[{kind: kubernetes}]", "[]"));
    assert!(e.message.contains("must not be empty"), "{e}");
    let e = one(&custom("K8S-0001").replace("kind: kubernetes", "kind: helm"));
    assert!(e.message.contains("unknown input kind `helm`"), "{e}");
}

#[test]
fn bad_id_and_missing_title() {
    let e = one(&custom("k8s-1"));
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("invalid rule id `k8s-1`"), "{e}");
    let text =
        "# METADATA\n# custom:\n#   id: K8S-0001\npackage p\n\ndeny contains \"x\" if false\n";
    let errs = load_err(vec![src("p.rego", text)]);
    assert!(
        errs.iter()
            .any(|e| e.message.contains("no `title`") && e.line == Some(1)),
        "{errs:#?}"
    );
}

#[test]
fn all_errors_are_collected() {
    let errs = load_err(vec![
        src(
            "a.rego",
            &policy(
                "comply.t.a",
                &custom("K8S-0001")
                    .replace("high", "huge")
                    .replace("pod-security", "nope"),
                DENY,
            ),
        ),
        src("b.rego", "package comply.t.b\n\ndeny contains 1 if {\n"),
        src("c.rego", "package comply.t.c\n"),
    ]);
    let files: Vec<_> = errs.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files, ["a.rego", "a.rego", "b.rego", "c.rego"], "{errs:#?}");
}

#[test]
fn duplicate_ids_and_names_name_both_files() {
    let errs = load_err(vec![
        src(
            "one/dup.rego",
            &policy("comply.t.one", &custom("K8S-0007"), DENY),
        ),
        src(
            "two/dup.rego",
            &policy("comply.t.two", &custom("K8S-0007"), DENY),
        ),
    ]);
    let id = errs
        .iter()
        .find(|e| e.message.contains("duplicate rule id"))
        .expect("id error");
    assert!(
        id.to_string().contains("one/dup.rego") && id.to_string().contains("two/dup.rego"),
        "{id}"
    );
    assert_eq!(id.line, Some(4));
    let name = errs
        .iter()
        .find(|e| e.message.contains("duplicate rule name dup"))
        .expect("name error");
    assert!(
        name.to_string().contains("one/dup.rego") && name.to_string().contains("two/dup.rego"),
        "{name}"
    );
}

#[test]
fn missing_deny_is_reported_at_package_line() {
    let errs = load_err(vec![src(
        "p/x.rego",
        &policy("comply.t.x", &custom("K8S-0001"), "allow := true"),
    )]);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, Some(9));
    assert!(errs[0].message.contains("no `deny` rule"), "{}", errs[0]);
}

#[test]
fn rego_syntax_error_has_line_and_column() {
    let text = policy(
        "comply.t.x",
        &custom("K8S-0001"),
        "deny contains x if {\n\tx := [1, 2\n}",
    );
    let errs = load_err(vec![src("p/x.rego", &text)]);
    assert_eq!(errs.len(), 1);
    let e = &errs[0];
    assert_eq!(e.file, "p/x.rego");
    assert!(matches!(e.line, Some(12 | 13)), "{e}");
    assert!(e.col.is_some(), "{e}");
    assert!(e.to_string().starts_with("p/x.rego:1"), "{e}");
}

#[test]
fn semantic_errors_are_reported_with_their_file() {
    let text = policy(
        "comply.t.x",
        &custom("K8S-0001"),
        "deny contains x if {\n\ty == 1\n}",
    );
    let errs = load_err(vec![src("p/x.rego", &text)]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].file, "p/x.rego", "{}", errs[0]);
    assert!(errs[0].line.is_some(), "{}", errs[0]);
}

#[test]
fn libraries_and_names() {
    let set = PolicySet::load(vec![
        src("x/helpers.rego", "package comply.lib.helpers\n\nf(x) := x\n"),
        src("x/other.rego", "# METADATA\n# title: Other helpers\n# custom:\n#   library: true\npackage acme.helpers\n\ng := 1\n"),
        src(
            "dir/run-as-root/run_as_root.rego",
            &policy("comply.t.root", &format!("{}\nname: custom-name", custom("ACME-0001")), DENY),
        ),
        src(
            "dir/inventory_rule.rego",
            &policy("comply.t.inv", &custom("ACME-0002"), "import data.comply.inventory\n\ndeny contains \"x\" if count(inventory) > 1"),
        ),
        src("dir/run-as-root/run_as_root_test.rego", "this is not even rego"),
    ])
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let names: Vec<_> = set
        .rules()
        .iter()
        .map(|r| (r.name.as_str(), r.uses_inventory))
        .collect();
    assert_eq!(names, [("custom-name", false), ("inventory-rule", true)]);

    let errs = load_err(vec![src("x/plain.rego", "package acme.plain\n\ng := 1\n")]);
    assert!(
        errs[0].message.contains("no `# METADATA` block"),
        "{}",
        errs[0]
    );
    assert_eq!(errs[0].line, Some(1));
}
