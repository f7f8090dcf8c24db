//! comply-pipelines: GitHub Actions and Azure DevOps pipelines as comply documents.
//!
//! [`load`] reads one YAML file, decides by content whether it is a GitHub workflow
//! (`on:` + a `jobs:` mapping), GitHub action metadata (`runs.using`), or an Azure DevOps
//! pipeline or template (`trigger`/`pr`/`stages`/`jobs`/`steps`/`extends`/`pool`/`resources`/
//! `variables` with Azure-shaped items), and returns one document per file. Files are read as
//! YAML 1.2 (Core schema), so `on:` stays the key `"on"` and `on`/`yes` values stay strings.
//! Nothing here depends on the file name: a workflow in `ci/`, a fixture `fail_x.yml`, or an
//! `azure-pipelines.yml` renamed anything are recognised alike.
//!
//! # Document shape
//!
//! `input.kind` is `github-actions` or `azure-pipelines`; `input.type` is `workflow`,
//! `action` or `pipeline`; `input.templates` lists the other files an Azure pipeline
//! expanded. `input.resource` is the same shape for both flavours, so one rule can read both:
//!
//! ```text
//! flavor       "workflow" | "action" | "composite-action" | "pipeline"
//! name         workflow / pipeline name or null
//! triggers     {event: config}: GitHub `on:` in any form (string, list, map) normalised to a map
//!              (`{}` for events without configuration); Azure `trigger`→push, `pr`→pull_request,
//!              `schedules`→schedule (omitted when `none`)
//! permissions  GitHub workflow `permissions`: null when absent, else {all: "read"|"write"|null,
//!              scopes: {contents: "read", ...}} (`write-all` → all "write")
//! env          workflow-level env (GitHub)
//! stages       Azure: [{index, id, name, depends_on, condition}]
//! jobs         [{index, id, name, stage, kind ("job"|"call"|"deployment"|"action"),
//!              conditional (Azure: inserted by a `${{ if }}` branch, which is not evaluated), runs_on
//!              (runner labels / pool vmImage+name), self_hosted (certainly self-hosted),
//!              pool, environment ({name, url} | {name, resource} | null), strategy,
//!              permissions (as above), needs (ids as written), upstream (indices of every job
//!              that must finish first: transitive needs/dependsOn, earlier stages), if, uses
//!              (reusable workflow call), with, secrets, env, container {image}, services
//!              [{name, image}]}]
//! steps        flattened, in order: [{job (index into jobs), job_id, stage, index (in its job),
//!              file (where the step is written), source_path ("jobs.build.steps[2]"), via
//!              (the local action/workflow it was pulled in from, or null), hook (Azure
//!              deployment hook), name, id, if, conditional (as for jobs), kind ("uses"|"run"|"script"|"task"|"checkout"|
//!              ...), uses {raw, kind (remote|local|docker), owner, repo, path, action, ref,
//!              ref_kind (sha|tag|branch|expression|none|local|docker), image}, task {raw, name,
//!              version, major}, with (GitHub `with` / Azure task `inputs`), env, run (the script
//!              text: `run`, `script`/`bash`/`pwsh`/`powershell`, or the inline script of
//!              Bash/CmdLine/PowerShell/AzureCLI/AzurePowerShell tasks), shell, lines [{n, text}]
//!              (one per script line), expressions [{expr, syntax ("template" = `${{ }}`,
//!              "macro" = Azure `$(var)`), n (its line in `lines`, 1-based)}], checkout {repository, ref,
//!              persist_credentials} | null, target}]
//! images       every container image: [{image, where (container|service|step|resource|action),
//!              job, job_id, stage}]
//! variables    Azure: [{name, value, group, template, scope (pipeline|stage|job), stage, job}]
//! resources    Azure: {containers, repositories, pipelines} as written
//! extends      Azure: {template, local, parameters} | null
//! ```
//!
//! The file as written is not part of the input (it would double the size of every input a
//! policy is evaluated on); everything a rule needs is in the normalised shape above.
//!
//! Every node carries a span: a step points at its `-` item, `lines[i]` at the exact file line
//! of script line *i* (block scalars included), `expressions[k]` at the expression's column,
//! and nodes that came from a template or a local action point into that file. Policies report
//! paths such as `["steps", 3, "lines", 2]` and comply maps them to those spans.
//!
//! Azure templates: see [`azure`] for expansion rules. A template file scanned on its own is a
//! document too (evaluated with its parameter defaults); the CLI drops it when another scanned
//! pipeline includes it (listed in that pipeline's `templates`), so its findings are reported
//! once, in the context of the pipeline that passes its parameters.
//!
//! Included files (templates, local actions, reusable workflows) are read through a
//! [`SharedFiles`]: [`load_shared`] with one value for a whole scan reads and parses each of
//! them once, however many pipelines include it (dotnet/arcade's `eng/common` templates are
//! included by dozens); [`load`] uses a fresh one.
#![deny(missing_docs)]

mod azure;
mod context;
mod github;
mod script;
mod tree;

use comply_model::{Diagnostic, DocKind, Document};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

use crate::tree::Y;

pub use crate::context::SharedFiles;

/// What loading one file produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The pipeline's document (one per file).
    pub documents: Vec<Document>,
    /// Parse errors, template cycles, missing templates (naming file and line).
    pub diagnostics: Vec<Diagnostic>,
    /// (display path, text) of the other files read (templates, local actions).
    pub texts: Vec<(Arc<str>, Arc<str>)>,
}

/// The flavour of a recognised file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// A GitHub Actions workflow.
    GithubWorkflow,
    /// GitHub action metadata (`action.yml`).
    GithubAction,
    /// An Azure DevOps pipeline or template.
    AzurePipeline,
}

const ADO_TOP: [&str; 24] = [
    "name",
    "appendCommitMessageToRunName",
    "trigger",
    "pr",
    "schedules",
    "resources",
    "variables",
    "parameters",
    "pool",
    "stages",
    "jobs",
    "steps",
    "extends",
    "lockBehavior",
    "container",
    "services",
    "workspace",
    "strategy",
    "continueOnError",
    "timeoutInMinutes",
    "cancelTimeoutInMinutes",
    "condition",
    "dependsOn",
    "displayName",
];

/// Cheap test on the text: a top-level key that pipelines use, and not a Kubernetes object.
#[must_use]
pub fn may_be_pipeline(text: &str) -> bool {
    let mut pipeline_key = false;
    let (mut api, mut kind) = (false, false);
    for l in text.lines() {
        let key = l.split(':').next().unwrap_or("").trim_end();
        if l.starts_with(' ') || l.starts_with('\t') || l.starts_with('#') || !l.contains(':') {
            continue;
        }
        match key.trim_matches(['"', '\'']) {
            "apiVersion" => api = true,
            "kind" => kind = true,
            "on" | "jobs" | "runs" | "trigger" | "pr" | "stages" | "steps" | "extends" | "pool"
            | "resources" | "variables" | "parameters" | "schedules" => pipeline_key = true,
            _ => {}
        }
    }
    pipeline_key && !(api && kind)
}

fn has_any(y: &Y, keys: &[&str]) -> bool {
    keys.iter().any(|k| y.get(k).is_some())
}

fn is_directive(k: &str) -> bool {
    k.trim_start().starts_with("${{")
}

/// Items of an Azure list that look like Azure items (or template directives).
fn ado_items(list: Option<&Y>, keys: &[&str]) -> bool {
    let Some(Y::Seq(items, _)) = list else {
        return false;
    };
    !items.is_empty()
        && items.iter().any(|i| {
            has_any(i, keys)
                || i.entries().iter().any(|(k, _, _)| is_directive(k))
                || i.as_str().is_some_and(is_directive)
        })
}

/// Classifies a parsed YAML document.
fn classify(y: &Y) -> Option<Flavor> {
    if !y.is_map() || (y.get("apiVersion").is_some() && y.get("kind").is_some()) {
        return None;
    }
    if y.get("on").is_some() && y.get("jobs").is_some_and(Y::is_map) {
        return Some(Flavor::GithubWorkflow);
    }
    if y.get("runs").is_some_and(|r| r.get("using").is_some()) {
        return Some(Flavor::GithubAction);
    }
    let steps = [
        "script",
        "bash",
        "pwsh",
        "powershell",
        "task",
        "checkout",
        "template",
        "download",
        "downloadBuild",
        "publish",
        "getPackage",
        "reviewApp",
    ];
    let azure_lists = ado_items(y.get("stages"), &["stage", "template"])
        || ado_items(y.get("jobs"), &["job", "deployment", "template"])
        || ado_items(y.get("steps"), &steps)
        || y.get("extends")
            .is_some_and(|e| e.get("template").is_some());
    let keys_ok = y
        .entries()
        .iter()
        .all(|(k, _, _)| ADO_TOP.contains(&k.as_str()) || is_directive(k));
    if azure_lists && keys_ok {
        return Some(Flavor::AzurePipeline);
    }
    // Pipelines with no stages/jobs/steps of their own (a trigger-only or variables template):
    // only Azure keys, and at least one that only Azure uses.
    let only_azure = has_any(
        y,
        &[
            "trigger",
            "pr",
            "pool",
            "resources",
            "variables",
            "schedules",
        ],
    ) && !y.entries().is_empty()
        && keys_ok
        && (has_any(y, &["trigger", "pr", "pool"])
            || ado_variables(y.get("variables"))
            || y.get("resources")
                .is_some_and(|r| has_any(r, &["repositories", "pipelines", "containers"])));
    only_azure.then_some(Flavor::AzurePipeline)
}

/// `variables:` in Azure's list form (`- name:`/`- group:`/`- template:`) or a directive.
fn ado_variables(v: Option<&Y>) -> bool {
    match v {
        Some(Y::Seq(items, _)) => items.iter().any(|i| {
            has_any(i, &["name", "group", "template"])
                || i.entries().iter().any(|(k, _, _)| is_directive(k))
        }),
        Some(m @ Y::Map(..)) => m.entries().iter().any(|(k, _, _)| is_directive(k)),
        _ => false,
    }
}

/// Loads `text`, the content of `file` (display path) at `abs` (used to find templates and
/// local actions). `None` when the file is not a pipeline; YAML errors in a file that looks
/// like one are reported as `parse-error` diagnostics. To load many files, use
/// [`load_shared`], which reads each included file once.
#[must_use]
pub fn load(file: &Arc<str>, abs: &Path, text: &str) -> Option<Loaded> {
    load_shared(file, abs, text, &SharedFiles::default())
}

/// [`load`], reading included files (templates, local actions, reusable workflows) through
/// `shared`, which the other files of the same scan use too: each is read and parsed once.
#[must_use]
pub fn load_shared(
    file: &Arc<str>,
    abs: &Path,
    text: &str,
    shared: &SharedFiles,
) -> Option<Loaded> {
    if !may_be_pipeline(text) {
        return None;
    }
    let doc = match parse(text) {
        Ok(d) => d,
        Err(e) => {
            // Only claim the file when it says it is a pipeline in a recognisable way.
            if !looks_like_pipeline_text(text, abs) {
                return None;
            }
            let mut d = Diagnostic::error(
                "parse-error",
                Some(Arc::clone(file)),
                Some(e.line),
                e.message,
            );
            d.col = Some(e.col);
            return Some(Loaded {
                diagnostics: vec![d],
                ..Loaded::default()
            });
        }
    };
    if matches!(doc.value, Value::Null) {
        return None;
    }
    let root = Y::from_parts(doc.value, &doc.spans);
    let flavor = classify(&root)?;
    let mut ctx = context::Ctx::new(file, abs, text, shared);
    let (kind, ty, resource) = match flavor {
        Flavor::GithubWorkflow => (
            DocKind::GithubActions,
            "workflow",
            github::workflow(&mut ctx, &root),
        ),
        Flavor::GithubAction => (
            DocKind::GithubActions,
            "action",
            github::action(&mut ctx, &root),
        ),
        Flavor::AzurePipeline => (
            DocKind::AzurePipelines,
            "pipeline",
            azure::pipeline(&mut ctx, &root),
        ),
    };
    let (value, spans) = resource.into_parts();
    let mut d = Document::new(kind, Arc::clone(file), 0, value);
    d.spans = Some(Arc::new(spans));
    d.start_line = doc.start_line;
    d.extra.insert("type".into(), Value::String(ty.into()));
    if kind == DocKind::AzurePipelines {
        let templates = ctx
            .included
            .iter()
            .map(|t| Value::String(t.to_string()))
            .collect();
        d.extra.insert("templates".into(), Value::Array(templates));
    }
    Some(Loaded {
        documents: vec![d],
        diagnostics: ctx.diagnostics,
        texts: ctx.read,
    })
}

/// Parses a pipeline file (YAML 1.2 Core schema). Template wizards (the Azure Pipelines and
/// GitHub starter templates) write placeholders such as `- {{ branch }}`, which YAML reads as
/// a mapping used as a key; when that is the only problem, the placeholders are read as text
/// (`(( branch ))`, same length, so positions do not move).
pub(crate) fn parse(text: &str) -> Result<comply_yaml::YamlDoc, comply_yaml::YamlError> {
    let opts = comply_yaml::Options::with_schema(comply_yaml::Schema::Core);
    match comply_yaml::parse_single(text, &opts) {
        Err(e) if e.kind == comply_yaml::ErrorKind::ComplexKey && text.contains("{{") => {
            comply_yaml::parse_single(&mask_placeholders(text), &opts).map_err(|e2| {
                let mut e2 = e2;
                e2.message.push_str(" (the file holds `{{ }}` template placeholders; it is not YAML until they are filled in)");
                e2
            })
        }
        other => other,
    }
}

/// `{{ x }}` (not `${{ x }}`) → `(( x ))`.
fn mask_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        let dollar = rest[..i].ends_with('$');
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) if !dollar && !after[..j].contains('\n') => {
                out.push_str(&rest[..i]);
                out.push_str("((");
                out.push_str(&after[..j]);
                out.push_str("))");
                rest = &after[j + 2..];
            }
            _ => {
                out.push_str(&rest[..i + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// For text that does not parse: whether its name or first keys say it is a pipeline.
fn looks_like_pipeline_text(text: &str, abs: &Path) -> bool {
    let p = abs.to_string_lossy().replace('\\', "/");
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    p.contains("/.github/workflows/")
        || name.starts_with("azure-pipelines")
        || name == "action.yml"
        || name == "action.yaml"
        || (text.lines().any(|l| l.starts_with("on:"))
            && text.lines().any(|l| l.starts_with("jobs:")))
        || text.lines().any(|l| {
            l.starts_with("stages:") || l.starts_with("trigger:") || l.starts_with("extends:")
        })
}

/// Which documents of a scan are templates included by another document: their standalone
/// evaluation is dropped (see the crate header). `docs` are (file, templates) pairs.
#[must_use]
pub fn included_elsewhere(
    docs: &[(Arc<str>, Vec<String>)],
) -> std::collections::BTreeSet<Arc<str>> {
    let mut out = std::collections::BTreeSet::new();
    for (file, _) in docs {
        let included_by_other = docs.iter().any(|(other, templates)| {
            other != file
                && templates.iter().any(|t| **t == **file)
                // Mutual inclusion (a cycle): keep both.
                && !docs.iter().any(|(f, ts)| f == file && ts.iter().any(|t| **t == **other))
        });
        if included_by_other {
            out.insert(Arc::clone(file));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor(text: &str) -> Option<Flavor> {
        if !may_be_pipeline(text) {
            return None;
        }
        let doc = parse(text).ok()?;
        classify(&Y::from_parts(doc.value, &doc.spans))
    }

    #[test]
    fn classifies_by_content() {
        assert_eq!(
            flavor("on: push\njobs:\n  a:\n    runs-on: x\n"),
            Some(Flavor::GithubWorkflow)
        );
        assert_eq!(
            flavor("name: a\nruns:\n  using: composite\n  steps: []\n"),
            Some(Flavor::GithubAction)
        );
        assert_eq!(
            flavor("trigger: [main]\nsteps:\n  - script: make\n"),
            Some(Flavor::AzurePipeline)
        );
        assert_eq!(
            flavor("parameters:\n  - name: x\njobs:\n  - job: A\n"),
            Some(Flavor::AzurePipeline)
        );
        assert_eq!(
            flavor("variables:\n  - name: a\n    value: b\n"),
            Some(Flavor::AzurePipeline)
        );
        // GitLab CI, Cloud Build, Kubernetes, Helm values: not pipelines of ours.
        assert_eq!(
            flavor("stages: [build, test]\nbuild:\n  script: make\n"),
            None
        );
        assert_eq!(
            flavor("steps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build]\n"),
            None
        );
        assert_eq!(flavor("apiVersion: v1\nkind: Pod\nsteps: []\n"), None);
        assert_eq!(flavor("resources:\n  limits:\n    cpu: 1\n"), None);
    }

    #[test]
    fn wizard_placeholders_are_read_as_text() {
        assert_eq!(
            flavor("trigger:\n- {{ branch }}\nsteps:\n- script: echo ${{ parameters.x }}\n"),
            Some(Flavor::AzurePipeline)
        );
        assert_eq!(
            mask_placeholders("a: {{ b }} ${{ c }}"),
            "a: (( b )) ${{ c }}"
        );
    }

    #[test]
    fn expands_templates_with_parameters_and_marks_conditions() {
        let dir = std::env::temp_dir().join(format!("comply-pipelines-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("t"));
        let tpl = "parameters:\n  - name: env\n    default: dev\n  - name: extra\n    default: []\nsteps:\n  - script: deploy ${{ parameters.env }}\n  - ${{ each s in parameters.extra }}:\n    - ${{ s }}\n  - ${{ if eq(parameters.env, 'prod') }}:\n    - script: audit\n";
        let _ = std::fs::write(dir.join("t/steps.yml"), tpl);
        let root = "steps:\n  - template: t/steps.yml\n    parameters:\n      env: prod\n      extra:\n        - bash: echo one\n";
        let file: Arc<str> = "azure-pipelines.yml".into();
        let l = load(&file, &dir.join("azure-pipelines.yml"), root).expect("pipeline");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let r = &l.documents[0].resource;
        let runs: Vec<&str> = r["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["run"].as_str())
            .collect();
        assert_eq!(runs, vec!["deploy prod", "echo one", "audit"]);
        assert_eq!(r["steps"][2]["conditional"], true);
        assert_eq!(r["steps"][0]["file"], "t/steps.yml");
        assert_eq!(
            l.documents[0].extra["templates"],
            serde_json::json!(["t/steps.yml"])
        );
        let spans = l.documents[0].spans.as_ref().expect("spans");
        let (s, _) = spans.locate(&[
            comply_model::PathSeg::Key("steps".into()),
            comply_model::PathSeg::Index(1),
        ]);
        assert_eq!(
            (s.start.line, s.file.as_deref()),
            (6, None),
            "the caller's step stays in the caller"
        );
    }

    #[test]
    fn shared_files_give_each_includer_the_same_expansion_and_errors() {
        let dir =
            std::env::temp_dir().join(format!("comply-pipelines-shared-{}", std::process::id()));
        for d in ["t", "a", "b"] {
            let _ = std::fs::create_dir_all(dir.join(d));
        }
        let _ = std::fs::write(
            dir.join("t/steps.yml"),
            "parameters:\n  - name: env\n    default: dev\nsteps:\n  - script: deploy ${{ parameters.env }}\n",
        );
        let _ = std::fs::write(dir.join("t/broken.yml"), "steps:\n  - script: [unclosed\n");
        let root = |env: &str| {
            format!(
                "steps:\n  - template: ../t/steps.yml\n    parameters:\n      env: {env}\n  - template: ../t/broken.yml\n  - template: ../t/missing.yml\n"
            )
        };
        let shared = SharedFiles::default();
        let runs = |l: &Loaded| -> Vec<(String, String)> {
            l.documents[0].resource["steps"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    (
                        s["run"].as_str().unwrap_or("").to_string(),
                        s["file"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        };
        let codes = |l: &Loaded| -> Vec<(String, String)> {
            l.diagnostics
                .iter()
                .map(|d| {
                    (
                        d.code.to_string(),
                        d.file.as_deref().unwrap_or("").to_string(),
                    )
                })
                .collect()
        };
        let a = load_shared(
            &"w/a/p.yml".into(),
            &dir.join("a/p.yml"),
            &root("prod"),
            &shared,
        )
        .expect("pipeline a");
        let b = load_shared(
            &"w/b/p.yml".into(),
            &dir.join("b/p.yml"),
            &root("test"),
            &shared,
        )
        .expect("pipeline b");
        // Written between the two loads: the shared copy is used, as within one scan.
        let _ = std::fs::write(dir.join("t/steps.yml"), "steps: []\n");
        let c = load_shared(
            &"w/a/q.yml".into(),
            &dir.join("a/q.yml"),
            &root("qa"),
            &shared,
        )
        .expect("pipeline c");
        let alone = load(&"w/b/p.yml".into(), &dir.join("b/p.yml"), &root("test"));
        let _ = std::fs::remove_dir_all(&dir);
        let at = |r: &str| vec![(format!("deploy {r}"), "w/t/steps.yml".to_string())];
        assert_eq!(runs(&a), at("prod"));
        assert_eq!(runs(&b), at("test"));
        assert_eq!(runs(&c), at("qa"));
        let expected = vec![
            ("parse-error".to_string(), "w/t/broken.yml".to_string()),
            ("template-missing".to_string(), "w/a/p.yml".to_string()),
        ];
        assert_eq!(codes(&a), expected);
        assert_eq!(codes(&b)[0], expected[0]);
        assert_eq!(codes(&b)[1].0, "template-missing");
        assert_eq!(codes(&c)[0], expected[0]);
        // Each includer lists the texts it read, for code frames.
        for l in [&a, &b, &c] {
            let mut read: Vec<&str> = l.texts.iter().map(|(f, _)| &**f).collect();
            read.sort_unstable();
            assert_eq!(read, ["w/t/broken.yml", "w/t/steps.yml"]);
        }
        let alone = alone.expect("pipeline alone");
        assert!(runs(&alone).is_empty(), "read after the template changed");
    }
}
