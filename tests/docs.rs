//! Generated documentation stays in step with the code: the rule index in `policies/README.md`
//! is `comply policies --format markdown`. Set `COMPLY_BLESS=1` to rewrite it.

use crate::common::{parts, repo, run_in};

const BEGIN: &str = "<!-- BEGIN GENERATED: comply policies --format markdown -->\n";
const END: &str = "<!-- END GENERATED -->\n";

#[test]
fn policies_readme_index_is_fresh() {
    let path = repo().join("policies").join("README.md");
    let current = std::fs::read_to_string(&path).expect("policies/README.md");
    let (code, table, err) = parts(&run_in(&repo(), &["policies", "--format", "markdown"]));
    assert_eq!(code, 0, "{err}");
    let start = current.find(BEGIN).expect("BEGIN marker") + BEGIN.len();
    let end = current.find(END).expect("END marker");
    let expected = format!("{}{}{}", &current[..start], table, &current[end..]);
    if std::env::var_os("COMPLY_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write policies/README.md");
        return;
    }
    assert!(
        current == expected,
        "policies/README.md is stale: run `COMPLY_BLESS=1 cargo test --test tests docs` and commit it"
    );
}
