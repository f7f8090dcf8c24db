//! CI pipelines end to end: realistic GitHub Actions and Azure DevOps repositories under
//! `fixtures/pipelines/` are scanned by the real binary, and each finding is checked down to
//! the file and line (the script line inside a multi-line `run: |`, the template file a step
//! came from). Bad pipeline input (malformed YAML, template cycles, missing templates) gives
//! clear diagnostics, exit code 2, and no panic.

use crate::common::{repo, scan_json, shared};
use std::collections::BTreeSet;

/// (rule id, file, line) of every finding of a scan of `fixtures/pipelines/<dir>`.
fn findings(dir: &str) -> (i32, BTreeSet<(String, String, u64)>, serde_json::Value) {
    let (code, v, err) = scan_json(
        &repo().join("fixtures").join("pipelines"),
        &[dir, "--fail-on", "never"],
    );
    assert!(!err.contains("panicked"), "{err}");
    let set = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (code, set, v)
}

fn has(set: &BTreeSet<(String, String, u64)>, rule: &str, file: &str, line: u64) -> bool {
    set.contains(&(rule.to_string(), file.to_string(), line))
}

#[test]
fn github_workflows_report_exact_steps_and_script_lines() {
    let (code, got, v) = findings("github");
    assert_eq!(code, 0, "{}", v["diagnostics"]);
    let wf = "github/.github/workflows/pr-preview.yml";
    let release = "github/.github/workflows/release.yml";
    let action = "github/.github/actions/setup-tools/action.yml";
    let expected = [
        // pull_request_target checking out the head, on a self-hosted runner.
        ("CI-0004", wf, 14),
        ("CI-0011", wf, 10),
        // The second line of a `run: |` block interpolates the PR title.
        ("CI-0005", wf, 19),
        ("CI-0006", wf, 22),
        // The composite action is its own document; its script line 2 is file line 10.
        ("CI-0014", action, 10),
        ("CI-0001", action, 11),
        ("CI-0008", release, 11),
        ("CI-0001", release, 13),
        ("CI-0009", release, 15),
        ("CI-0010", release, 15),
        ("CI-0014", release, 27),
        ("CI-0002", "github/.github/workflows/notify.yml", 10),
    ];
    for (rule, file, line) in expected {
        assert!(
            has(&got, rule, file, line),
            "{rule} at {file}:{line} missing; got {got:#?}"
        );
    }
    // The composite action's steps are pulled into the caller for context, but reported once.
    assert_eq!(
        got.iter()
            .filter(|(r, f, _)| r == "CI-0014" && f == action)
            .count(),
        1
    );
    // The pinned checkout is not reported as unpinned; the workflow with permissions is clean.
    assert!(!has(&got, "CI-0001", wf, 12));
    assert!(!got.iter().any(|(r, f, _)| r == "CI-0003" && f == wf));
}

#[test]
fn azure_pipelines_expand_templates_and_point_into_them() {
    let (code, got, v) = findings("azure");
    assert_eq!(code, 0, "{}", v["diagnostics"]);
    let root = "azure/azure-pipelines.yml";
    let expected = [
        // A plain job deploying to production, on a self-hosted pool, with persisted credentials.
        ("CI-0009", root, 37),
        ("CI-0011", root, 38),
        ("CI-0013", root, 41),
        ("CI-0012", root, 42),
        // Template content: spans point into the template files, parameters substituted.
        ("CI-0005", "azure/templates/build-steps.yml", 13),
        ("CI-0010", "azure/templates/deploy-job.yml", 6),
        ("CI-0014", "azure/templates/deploy-job.yml", 21),
        ("CI-0014", "azure/templates/vars.yml", 2),
        // A pipeline recognised by content, whatever its name.
        ("CI-0014", "azure/ci/nightly.yml", 8),
    ];
    for (rule, file, line) in expected {
        assert!(
            has(&got, rule, file, line),
            "{rule} at {file}:{line} missing; got {got:#?}"
        );
    }
    // The deployment job bound to `${{ parameters.environment }}` = production is accepted.
    assert!(!got
        .iter()
        .any(|(r, f, _)| r == "CI-0009" && f.ends_with("deploy-job.yml")));
    // Templates are evaluated once, through the pipeline that includes them, with a note.
    let finding = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == "CI-0005")
        .expect("CI-0005 finding");
    assert_eq!(
        finding["resource"], root,
        "reported in the including pipeline's context"
    );
    // A finding inside a template names the line that included it.
    let in_template = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == "CI-0014" && f["file"] == "azure/templates/deploy-job.yml")
        .expect("CI-0014 in the job template");
    assert_eq!(in_template["related"][0]["file"], root);
    assert_eq!(in_template["related"][0]["line"], 33);
    let notes: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "template-included")
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(
        notes,
        vec![
            "azure/templates/build-steps.yml",
            "azure/templates/deploy-job.yml",
            "azure/templates/vars.yml"
        ]
    );
    // The caller's stepList parameter became a step of the Build job, located in the caller.
    assert!(has(&got, "CI-0014", root, 28), "{got:#?}");
}

#[test]
fn bad_pipelines_give_clear_errors_and_exit_2() {
    let (code, _, v) = findings("bad");
    assert_eq!(code, 2);
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let find = |code: &str, file: &str| {
        diags
            .iter()
            .find(|d| d["code"] == code && d["file"] == file && d["level"] == "error")
            .unwrap_or_else(|| panic!("{code} on {file}: {diags:#?}"))
    };
    let parse = find("parse-error", "bad/broken-workflow.yml");
    assert!(parse["line"].as_u64().is_some_and(|l| l >= 7), "{parse}");
    let missing = find("template-missing", "bad/azure-pipelines.yml");
    assert_eq!(missing["line"], 6);
    assert!(missing["message"]
        .as_str()
        .unwrap_or("")
        .contains("bad/templates/missing.yml"));
    let cycle = find("template-cycle", "bad/templates/b.yml");
    assert_eq!(cycle["line"], 3);
    assert!(cycle["message"]
        .as_str()
        .unwrap_or("")
        .contains("bad/templates/a.yml -> bad/templates/b.yml -> bad/templates/a.yml"));
}

#[test]
fn corpus_pipelines_are_all_recognised_without_parse_errors() {
    let Some(corpus) = shared("corpus/gha-workflows-flat") else {
        return;
    };
    let (code, v, err) = scan_json(&corpus, &[".", "--fail-on", "never"]);
    assert_eq!(code, 0, "{err} {}", v["diagnostics"]);
    assert_eq!(v["summary"]["files_scanned"], 173);
    // Every workflow file is one document (the inventory is in bench/pipelines.py).
    assert_eq!(v["summary"]["documents"], 173, "{}", v["summary"]);
}
