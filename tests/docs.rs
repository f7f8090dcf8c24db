//! Generated documentation stays in step with the code: in `policies/README.md`, the rule index
//! is `comply policies --format markdown` and the framework coverage table is
//! `comply frameworks --format markdown`. Set `COMPLY_BLESS=1` to rewrite them.

use crate::common::{parts, repo, run_in};

const END: &str = "<!-- END GENERATED -->\n";

/// Replaces the generated block that follows `begin` with the output of `args`.
fn refresh(current: &str, begin: &str, args: &[&str]) -> String {
    let (code, table, err) = parts(&run_in(&repo(), args));
    assert_eq!(code, 0, "{err}");
    let start = current.find(begin).expect("BEGIN marker") + begin.len();
    let end = start + current[start..].find(END).expect("END marker");
    format!("{}{}{}", &current[..start], table, &current[end..])
}

#[test]
fn policies_readme_index_is_fresh() {
    let path = repo().join("policies").join("README.md");
    let current = std::fs::read_to_string(&path).expect("policies/README.md");
    let expected = refresh(
        &current,
        "<!-- BEGIN GENERATED: comply policies --format markdown -->\n",
        &["policies", "--format", "markdown"],
    );
    let expected = refresh(
        &expected,
        "<!-- BEGIN GENERATED: comply frameworks --format markdown -->\n",
        &["frameworks", "--format", "markdown"],
    );
    if std::env::var_os("COMPLY_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write policies/README.md");
        return;
    }
    assert!(
        current == expected,
        "policies/README.md is stale: run `COMPLY_BLESS=1 cargo test --test tests docs` and commit it"
    );
}
