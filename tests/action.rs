//! The GitHub Action and the packaging around it: `action.yml` and the workflows validate against
//! the schemastore schemas (through check-jsonschema, installed by `.ci/run`); the action's shell
//! steps run in a simulated runner on a clean, a failing and a broken repository; the job summary
//! is rendered to HTML and its tables checked; the install script maps runners to release assets
//! and verifies checksums; the README snippets and the pre-commit hook work; and comply's own
//! pipelines pass comply (dogfood).

use crate::common::{comply, parts, repo};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// ------------------------------------------------------------------------------------------
// YAML and schema validation
// ------------------------------------------------------------------------------------------

/// A YAML file as JSON, read with the YAML 1.2 core schema as GitHub reads workflows (`on` is a
/// key, not `true`).
fn yaml(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    yaml_text(&text, &path.display().to_string())
}

fn yaml_text(text: &str, what: &str) -> Value {
    let opts = comply_yaml::Options::with_schema(comply_yaml::Schema::Core);
    comply_yaml::parse_single(text, &opts)
        .unwrap_or_else(|e| panic!("{what}: {e}"))
        .value
}

/// check-jsonschema (PyPI), which vendors the schemastore schemas.
fn check_jsonschema() -> Option<PathBuf> {
    ci_tool("COMPLY_CHECK_JSONSCHEMA", "check-jsonschema")
}

/// A tool installed by `.ci/run` into its venv: `$var`, the venv, or PATH; `None` (with a loud
/// note) when it is not installed locally.
fn ci_tool(var: &str, name: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        let p = PathBuf::from(p);
        assert!(p.exists(), "{var}={} does not exist", p.display());
        return Some(p);
    }
    for venv in [
        format!("target/ci-tools/venv/bin/{name}"),
        format!("target/ci-tools/venv/Scripts/{name}.exe"),
    ] {
        let p = repo().join(venv);
        if p.exists() {
            return Some(p);
        }
    }
    let on_path = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return Some(PathBuf::from(name));
    }
    eprintln!(
        "SKIPPED: {name} is not installed (`.ci/run` installs it from PyPI into \
         target/ci-tools/venv; or set {var})"
    );
    None
}

/// Validates `files` against a schema vendored in check-jsonschema.
fn validate(tool: &Path, schema: &str, files: &[PathBuf]) {
    assert!(!files.is_empty(), "nothing to validate against {schema}");
    let mut cmd = Command::new(tool);
    if schema == "vendor.azure-pipelines" {
        // The default (regress) engine cannot compile that schema's patterns.
        cmd.args(["--regex-variant", "python"]);
    }
    let o = cmd
        .args(["--builtin-schema", schema])
        .args(files)
        .output()
        .expect("check-jsonschema runs");
    let (code, out, err) = parts(&o);
    assert_eq!(
        code,
        0,
        "{schema} rejects {files:?}:\n{out}\n{err}",
        files = files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
    );
}

fn workflows() -> Vec<PathBuf> {
    let dir = repo().join(".github").join("workflows");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn action_metadata_is_valid() {
    let Some(tool) = check_jsonschema() else {
        return;
    };
    validate(&tool, "vendor.github-actions", &[repo().join("action.yml")]);
}

#[test]
fn workflows_are_valid_and_have_timeouts() {
    let Some(tool) = check_jsonschema() else {
        return;
    };
    let files = workflows();
    validate(&tool, "vendor.github-workflows", &files);
    validate(&tool, "custom.github-workflows-require-timeout", &files);
}

/// The fenced YAML blocks of the README whose first line is `# <file name>`, by that name.
fn readme_snippets() -> BTreeMap<String, String> {
    let text = fs::read_to_string(repo().join("README.md")).expect("README.md");
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != "```yaml" {
            continue;
        }
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim_end() != "```")
            .collect();
        if let Some(name) = body.first().and_then(|l| l.strip_prefix("# ")) {
            out.insert(name.trim().to_string(), body.join("\n") + "\n");
        }
    }
    out
}

#[test]
fn readme_snippets_are_valid() {
    let snippets = readme_snippets();
    let github = snippets
        .get(".github/workflows/comply.yml")
        .expect("README has a `# .github/workflows/comply.yml` snippet");
    let azure = snippets
        .get("azure-pipelines.yml")
        .expect("README has a `# azure-pipelines.yml` snippet");
    let pre_commit = snippets
        .get(".pre-commit-config.yaml")
        .expect("README has a `# .pre-commit-config.yaml` snippet");

    // The GitHub snippet uses this action with inputs it declares.
    let action = yaml(&repo().join("action.yml"));
    let wf = yaml_text(github, "README GitHub snippet");
    let steps: Vec<&Value> = wf["jobs"]
        .as_object()
        .expect("jobs")
        .values()
        .flat_map(|j| j["steps"].as_array().expect("steps"))
        .collect();
    let ours = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.contains("/comply@")))
        .expect("the snippet uses the comply action");
    for key in ours["with"].as_object().expect("with").keys() {
        assert!(
            action["inputs"].get(key).is_some(),
            "README uses input `{key}` that action.yml does not declare"
        );
    }
    // The Azure snippet publishes comply's JUnit report.
    assert!(azure.contains("--format junit") && azure.contains("PublishTestResults@2"));
    // The pre-commit snippet names hooks that .pre-commit-hooks.yaml defines.
    let hooks = yaml(&repo().join(".pre-commit-hooks.yaml"));
    let ids: Vec<&str> = hooks
        .as_array()
        .expect("hook list")
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    let cfg = yaml_text(pre_commit, "README pre-commit snippet");
    for h in cfg["repos"][0]["hooks"].as_array().expect("hooks") {
        let id = h["id"].as_str().expect("hook id");
        assert!(ids.contains(&id), "README names unknown hook {id}");
    }

    let Some(tool) = check_jsonschema() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let gh = dir.path().join("comply.yml");
    let az = dir.path().join("azure-pipelines.yml");
    fs::write(&gh, github).expect("write");
    fs::write(&az, azure).expect("write");
    validate(&tool, "vendor.github-workflows", &[gh]);
    validate(&tool, "vendor.azure-pipelines", &[az]);
}

#[test]
fn pre_commit_hooks_run_comply() {
    let hooks = yaml(&repo().join(".pre-commit-hooks.yaml"));
    let hooks = hooks.as_array().expect("a list of hooks");
    assert!(hooks.iter().any(|h| h["id"] == "comply"));
    let repo_dir = tempfile::tempdir().expect("tempdir");
    write_clean_repo(repo_dir.path());
    for h in hooks {
        let id = h["id"].as_str().expect("id");
        assert!(
            matches!(h["language"].as_str(), Some("rust" | "system")),
            "{id}: language"
        );
        assert_eq!(
            h["pass_filenames"], false,
            "{id}: comply scans the repository"
        );
        assert!(
            h["files"].as_str().is_some_and(|f| f.contains("ya?ml")),
            "{id}: files pattern"
        );
        // The entry is a real command line: run it (with the test binary) on a clean repository.
        let entry = h["entry"].as_str().expect("entry");
        let mut words = entry.split_whitespace();
        assert_eq!(words.next(), Some("comply"), "{id}: entry runs comply");
        let o = comply()
            .current_dir(repo_dir.path())
            .args(words)
            .output()
            .expect("comply runs");
        let (code, out, err) = parts(&o);
        assert_eq!(
            code, 0,
            "{id}: `{entry}` on a clean repository:\n{out}\n{err}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// The simulated runner
// ------------------------------------------------------------------------------------------

const SERVER: &str = "https://github.example.com";
const REPOSITORY: &str = "acme/platform";
const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

/// A hardened namespace and Deployment: no finding under the built-in policies.
fn write_clean_repo(dir: &Path) {
    let ns = "apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: payments
  namespace: payments
spec:
  hard: {requests.cpu: \"4\", requests.memory: 8Gi, limits.cpu: \"8\", limits.memory: 16Gi}
---
apiVersion: v1
kind: LimitRange
metadata:
  name: payments
  namespace: payments
spec:
  limits:
    - type: Container
      default: {cpu: 500m, memory: 256Mi}
      defaultRequest: {cpu: 100m, memory: 128Mi}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: payments
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
";
    let api = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: api
          image: registry.example.org/payments/api:3.1.4@sha256:0d5f4a0c3b2e1f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
";
    fs::create_dir_all(dir.join("deploy")).expect("mkdir");
    fs::write(dir.join("deploy").join("namespace.yaml"), ns).expect("write");
    fs::write(dir.join("deploy").join("api.yaml"), api).expect("write");
    fs::write(dir.join("README.md"), "# payments\n").expect("write");
}

/// A privileged debugging Pod (`name` lets a test put markup into messages).
fn write_failing_repo(dir: &Path, name: &str) {
    let pod = format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: \"{name}\"
  namespace: tools
spec:
  hostPID: true
  containers:
    - name: shell
      image: busybox:latest
      securityContext:
        privileged: true
"
    );
    fs::create_dir_all(dir.join("k8s")).expect("mkdir");
    fs::write(dir.join("k8s").join("debug pod.yaml"), pod).expect("write");
}

/// What one step left behind.
struct StepRun {
    code: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

/// A runner for action.yml's `shell: bash` steps: a temporary workspace and RUNNER_TEMP, fresh
/// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files per step, `${{ }}` expressions in `env` and `if`
/// evaluated against the inputs and the outputs of earlier steps. The install step is replaced
/// by the comply binary under test.
struct Runner {
    action: Value,
    inputs: BTreeMap<String, String>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    workspace: tempfile::TempDir,
    temp: tempfile::TempDir,
    os: &'static str,
    arch: &'static str,
}

impl Runner {
    fn new(inputs: &[(&str, &str)]) -> Runner {
        let action = yaml(&repo().join("action.yml"));
        let mut all = BTreeMap::new();
        for (k, v) in action["inputs"].as_object().expect("inputs") {
            let default = match &v["default"] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            all.insert(k.clone(), default);
        }
        for (k, v) in inputs {
            assert!(all.contains_key(*k), "action.yml has no input {k}");
            all.insert((*k).to_string(), (*v).to_string());
        }
        Runner {
            action,
            inputs: all,
            outputs: BTreeMap::new(),
            workspace: tempfile::tempdir().expect("tempdir"),
            temp: tempfile::tempdir().expect("tempdir"),
            os: "Linux",
            arch: "X64",
        }
    }

    fn ws(&self) -> &Path {
        self.workspace.path()
    }

    fn step(&self, id: &str) -> &Value {
        self.action["runs"]["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("action.yml has no step `{id}`"))
    }

    /// The value of a context path such as `inputs.path` or `steps.scan.outputs.exit-code`.
    fn context(&self, path: &str) -> String {
        let parts: Vec<&str> = path.split('.').collect();
        match parts.as_slice() {
            ["inputs", name] => self
                .inputs
                .get(*name)
                .unwrap_or_else(|| panic!("unknown input {name}"))
                .clone(),
            ["steps", step, "outputs", name] => self
                .outputs
                .get(*step)
                .and_then(|o| o.get(*name))
                .cloned()
                .unwrap_or_default(),
            // The action's repository is unknown to a local run, as in a `uses: ./` step.
            ["github", "action_repository"] => String::new(),
            _ => panic!("the simulated runner does not know `{path}`: extend tests/action.rs"),
        }
    }

    /// Replaces every `${{ path }}` in `text`.
    fn expand(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closing }}") + start;
            out.push_str(&self.context(rest[start + 3..end].trim()));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Evaluates an `if:` made of `path == 'literal'` / `path != 'literal'` joined by `&&`.
    fn condition(&self, step: &Value) -> bool {
        let Some(cond) = step["if"].as_str() else {
            return true;
        };
        cond.split("&&").all(|clause| {
            let (lhs, rhs, eq) = if let Some((l, r)) = clause.split_once("==") {
                (l, r, true)
            } else if let Some((l, r)) = clause.split_once("!=") {
                (l, r, false)
            } else {
                panic!("unsupported condition `{cond}`: extend tests/action.rs")
            };
            let literal = rhs.trim().trim_matches('\'');
            (self.context(lhs.trim()) == literal) == eq
        })
    }

    /// Runs the `run` script of step `id` as the runner does (`bash --noprofile --norc -eo
    /// pipefail FILE`, in the workspace, with the step's expanded `env`).
    fn run(&mut self, id: &str) -> StepRun {
        let step = self.step(id).clone();
        assert_eq!(step["shell"], "bash", "step {id} runs in bash");
        let script = step["run"].as_str().expect("run");
        assert!(
            !script.contains("${{"),
            "step {id} interpolates an expression into its script"
        );
        let dir = self.temp.path().join(format!("step-{id}"));
        fs::create_dir_all(&dir).expect("mkdir");
        let (output, summary, file) = (
            dir.join("output"),
            dir.join("summary"),
            dir.join("script.sh"),
        );
        fs::write(&output, "").expect("write");
        fs::write(&summary, "").expect("write");
        fs::write(&file, script).expect("write");
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&file)
            .current_dir(self.ws())
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", repo())
            .env("GITHUB_WORKSPACE", self.ws())
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_SERVER_URL", SERVER)
            .env("GITHUB_REPOSITORY", REPOSITORY)
            .env("GITHUB_SHA", SHA)
            .env("RUNNER_OS", self.os)
            .env("RUNNER_ARCH", self.arch)
            .env("RUNNER_TEMP", self.temp.path());
        // Nothing from an enclosing run (CI may itself be a GitHub runner) leaks into the step.
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy();
            if k.starts_with("INPUT_") || k.starts_with("COMPLY_") {
                cmd.env_remove(k.as_ref());
            }
        }
        if let Some(env) = step["env"].as_object() {
            for (k, v) in env {
                cmd.env(k, self.expand(v.as_str().expect("env values are strings")));
            }
        }
        let o = cmd.output().expect("bash runs");
        let (code, stdout, stderr) = parts(&o);
        let outputs = parse_outputs(&fs::read_to_string(&output).expect("outputs"));
        self.outputs.insert(id.to_string(), outputs.clone());
        StepRun {
            code,
            stdout,
            stderr,
            outputs,
            summary: fs::read_to_string(&summary).expect("summary"),
        }
    }

    /// prepare → (cache) → install (the test binary) → scan → (upload) → gate, as the runner
    /// would; returns the scan and gate steps and whether the upload step would run.
    fn run_action(&mut self) -> (StepRun, bool, StepRun) {
        let prepare = self.run("prepare");
        assert_eq!(prepare.code, 0, "prepare: {}", prepare.stderr);
        assert!(self.condition(self.step("cache")), "no version: restore");
        self.outputs.insert(
            "install".into(),
            BTreeMap::from([(
                "comply".to_string(),
                env!("CARGO_BIN_EXE_comply").to_string(),
            )]),
        );
        assert!(
            self.condition(self.step("cache-save")),
            "a cache miss is saved"
        );
        let scan = self.run("scan");
        assert_eq!(
            scan.code, 0,
            "the scan step never fails itself:\n{}\n{}",
            scan.stdout, scan.stderr
        );
        let upload = self.condition(self.step("upload"));
        let gate = self.run("gate");
        (scan, upload, gate)
    }
}

fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("GITHUB_OUTPUT line `{l}` is not name=value"));
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn bash_available() -> bool {
    let ok = Command::new("bash")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: bash is not installed; the action's steps need it");
    }
    ok
}

fn report(scan: &StepRun) -> Value {
    let path = scan.outputs.get("json-file").expect("json-file output");
    serde_json::from_str(&fs::read_to_string(path).expect("JSON report")).expect("JSON")
}

#[test]
fn clean_repository_passes() {
    if !bash_available() {
        return;
    }
    let mut r = Runner::new(&[]);
    write_clean_repo(r.ws());
    let (scan, upload, gate) = r.run_action();

    let prepared = &r.outputs["prepare"];
    assert!(prepared["bin-dir"].ends_with("comply-bin"));
    let key = &prepared["cache-key"];
    let hash = key
        .strip_prefix("comply-src-Linux-X64-")
        .unwrap_or_else(|| panic!("cache key {key}"));
    assert!(hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()));

    let o = &scan.outputs;
    assert_eq!(o["exit-code"], "0", "{}", scan.stdout);
    for k in [
        "findings", "failing", "critical", "high", "medium", "low", "errors",
    ] {
        assert_eq!(o[k], "0", "output {k}");
    }
    assert_eq!(o["sarif-file"], "comply.sarif");
    let sarif: Value = serde_json::from_str(
        &fs::read_to_string(r.ws().join("comply.sarif")).expect("SARIF in the workspace"),
    )
    .expect("SARIF JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"], Value::Array(vec![]));
    assert_eq!(report(&scan)["summary"]["files_scanned"], 2);
    assert!(scan.summary.contains("no findings"), "{}", scan.summary);
    assert!(scan.summary.contains("Scanned 2 files"), "{}", scan.summary);
    assert!(!scan.stdout.contains("::error"), "{}", scan.stdout);
    assert!(upload, "SARIF is uploaded by default");
    assert_eq!(gate.code, 0, "{}", gate.stdout);
}

/// The line of `needle` in `file` (1-based), to check reported lines independently.
fn line_of(file: &Path, needle: &str) -> usize {
    fs::read_to_string(file)
        .expect("read")
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in {}", file.display()))
}

#[test]
fn failing_repository_fails_with_counts_summary_and_annotations() {
    if !bash_available() {
        return;
    }
    let mut r = Runner::new(&[
        ("upload-sarif", "false"),
        ("format", "none"),
        ("sarif-file", "reports/comply.sarif"),
    ]);
    write_failing_repo(r.ws(), "debug");
    write_clean_repo(r.ws());
    let (scan, upload, gate) = r.run_action();
    let o = &scan.outputs;
    assert_eq!(o["exit-code"], "1");
    assert!(r.ws().join("reports/comply.sarif").is_file());

    // The outputs are the report's counts, and the report's findings add up to them.
    let v = report(&scan);
    let findings: Vec<&Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["suppression"].is_null())
        .collect();
    assert!(!findings.is_empty());
    for sev in ["critical", "high", "medium", "low"] {
        let n = findings.iter().filter(|f| f["severity"] == sev).count();
        assert_eq!(o[sev], n.to_string(), "output {sev}");
    }
    assert_eq!(o["findings"], findings.len().to_string());
    assert_ne!(o["high"], "0");
    assert_ne!(o["failing"], "0");

    // Annotations: the privileged container at its line, as an error (high >= fail-on high).
    let file = "k8s/debug pod.yaml";
    let line = line_of(&r.ws().join(file), "privileged: true");
    let expected = format!("::error file={file},line={line},");
    let annotation = scan
        .stdout
        .lines()
        .find(|l| l.starts_with(&expected) && l.contains("privileged-container"))
        .unwrap_or_else(|| panic!("no `{expected}` annotation in\n{}", scan.stdout));
    assert!(annotation.contains("title=K8S-"), "{annotation}");
    let annotations = scan
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
        .count();
    assert_eq!(annotations, findings.len(), "one annotation per finding");

    // The summary: heading with counts, a table, a link to the file and line at the commit.
    assert!(
        scan.summary.contains(&format!(
            "## comply: {} findings, {} at or above fail-on `high`",
            o["findings"], o["failing"]
        )),
        "{}",
        scan.summary
    );
    assert!(scan
        .summary
        .contains("| Category | Critical | High | Medium | Low | Total |"));
    assert!(scan.summary.contains(&format!(
        "({SERVER}/{REPOSITORY}/blob/{SHA}/k8s/debug%20pod.yaml#L{line})"
    )));

    assert!(!upload, "upload-sarif: false skips the upload");
    assert_eq!(gate.code, 1);
    assert!(gate
        .stdout
        .contains("::error title=comply::findings at or above"));
}

#[test]
fn sarif_upload_replaces_annotations_and_fail_on_never_passes() {
    if !bash_available() {
        return;
    }
    let mut r = Runner::new(&[
        ("fail-on", "never"),
        ("path", "k8s\n\n  deploy  \n"),
        ("category", "kubernetes"),
    ]);
    write_failing_repo(r.ws(), "debug");
    write_clean_repo(r.ws());
    let (scan, upload, gate) = r.run_action();
    assert_eq!(scan.outputs["exit-code"], "0");
    assert_ne!(scan.outputs["findings"], "0");
    assert_eq!(scan.outputs["failing"], "0");
    assert_eq!(report(&scan)["summary"]["files_scanned"], 3, "both paths");
    assert!(
        !scan.stdout.contains("::error file=") && !scan.stdout.contains("::warning file="),
        "code scanning shows the findings:\n{}",
        scan.stdout
    );
    // The human report is in the log, and the category names the run in the summary.
    assert!(scan.stdout.contains("privileged-container"));
    assert!(scan.summary.starts_with("## comply (kubernetes):"));
    assert!(upload);
    assert_eq!(gate.code, 0);
}

#[test]
fn operational_errors_fail_with_exit_code_2() {
    if !bash_available() {
        return;
    }
    // A file that cannot be parsed: reported, the rest still scanned, exit 2.
    let mut r = Runner::new(&[("upload-sarif", "false")]);
    write_clean_repo(r.ws());
    fs::write(
        r.ws().join("deploy").join("broken.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n",
    )
    .expect("write");
    let (scan, _, gate) = r.run_action();
    assert_eq!(scan.outputs["exit-code"], "2");
    assert_eq!(scan.outputs["errors"], "1");
    assert!(scan.summary.contains("### Errors"), "{}", scan.summary);
    assert!(scan.summary.contains("deploy/broken.yaml"));
    assert!(
        scan.stdout.contains("::error file=deploy/broken.yaml"),
        "{}",
        scan.stdout
    );
    assert_eq!(gate.code, 2);

    // A bad argument: comply stops before any report; no SARIF to upload, exit 2.
    let mut r = Runner::new(&[("args", "--no-such-flag")]);
    write_clean_repo(r.ws());
    let (scan, upload, gate) = r.run_action();
    assert_eq!(scan.outputs["exit-code"], "2");
    assert!(!scan.outputs.contains_key("sarif-file"));
    assert!(!upload);
    assert!(scan.stdout.contains("before writing a report"));
    assert_eq!(gate.code, 2);

    // An input the action rejects.
    let mut r = Runner::new(&[("fail-on", "sometimes")]);
    write_clean_repo(r.ws());
    r.run("prepare");
    r.outputs.insert(
        "install".into(),
        BTreeMap::from([("comply".into(), env!("CARGO_BIN_EXE_comply").into())]),
    );
    let scan = r.run("scan");
    assert_eq!(scan.code, 1);
    assert!(scan.stderr.contains("'fail-on' must be"), "{}", scan.stderr);
}

// ------------------------------------------------------------------------------------------
// The job summary as HTML
// ------------------------------------------------------------------------------------------

/// A table of rendered HTML: header cells and rows of cells (text, and the cell's inner HTML).
struct Table {
    head: Vec<String>,
    rows: Vec<Vec<(String, String)>>,
}

fn decode(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
}

/// The cells `<tag ...>...</tag>` of one row.
fn cells(row: &str, tag: &str) -> Vec<(String, String)> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(start) = rest.find(&open) {
        let body_start = start + rest[start..].find('>').expect("tag end") + 1;
        let end = body_start + rest[body_start..].find(&close).expect("cell end");
        let inner = &rest[body_start..end];
        out.push((strip_tags(inner), inner.to_string()));
        rest = &rest[end + close.len()..];
    }
    out
}

fn tables(html: &str) -> Vec<Table> {
    html.split("<table>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</table>").expect("table end")];
            let (head, body) = t.split_once("</thead>").expect("thead");
            let head = cells(head, "th").into_iter().map(|(t, _)| t).collect();
            let rows = body.split("<tr>").skip(1).map(|r| cells(r, "td")).collect();
            Table { head, rows }
        })
        .collect()
}

#[test]
fn summary_renders_to_html_tables() {
    if !bash_available() {
        return;
    }
    // Markup in an object name must stay text and must not break the table.
    let mut r = Runner::new(&[("upload-sarif", "false")]);
    write_failing_repo(r.ws(), "dbg|<b>x</b>_[y](z)");
    write_clean_repo(r.ws());
    let (scan, _, _) = r.run_action();
    let v = report(&scan);

    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let parser = pulldown_cmark::Parser::new_ext(&scan.summary, options);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    assert!(!html.contains("<b>"), "markup escaped:\n{html}");

    let t = tables(&html);
    assert_eq!(t.len(), 2, "category table and top findings:\n{html}");

    // Table 1: one row per category with findings (in the report's order), then the total.
    let (cats, top) = (&t[0], &t[1]);
    assert_eq!(
        cats.head,
        ["Category", "Critical", "High", "Medium", "Low", "Total"]
    );
    let findings: Vec<&Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["suppression"].is_null())
        .collect();
    let expected_categories: Vec<&str> = v["summary"]["by_category"]
        .as_object()
        .expect("by_category")
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(c, _)| c.as_str())
        .collect();
    assert!(expected_categories.len() >= 2, "{expected_categories:?}");
    let (total_row, category_rows) = cats.rows.split_last().expect("rows");
    let names: Vec<&str> = category_rows.iter().map(|r| r[0].0.as_str()).collect();
    assert_eq!(names, expected_categories);
    let sevs = ["critical", "high", "medium", "low"];
    for row in category_rows {
        assert_eq!(row.len(), 6);
        let mut sum = 0;
        for (i, sev) in sevs.iter().enumerate() {
            let n = findings
                .iter()
                .filter(|f| f["category"] == row[0].0.as_str() && f["severity"] == *sev)
                .count();
            assert_eq!(row[i + 1].0, n.to_string(), "{} {sev}", row[0].0);
            sum += n;
        }
        assert_eq!(row[5].0, sum.to_string());
    }
    assert_eq!(total_row[0].0, "Total");
    for (i, sev) in sevs.iter().enumerate() {
        assert_eq!(total_row[i + 1].0, scan.outputs[*sev]);
    }
    assert_eq!(total_row[5].0, findings.len().to_string());

    // Table 2: the most severe findings first, each linked to its file and line.
    assert_eq!(top.head, ["Severity", "Rule", "Location", "Message"]);
    assert_eq!(top.rows.len(), findings.len().min(10));
    let ranks: Vec<usize> = top
        .rows
        .iter()
        .map(|r| sevs.iter().position(|s| *s == r[0].0).expect("severity"))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    let privileged = top
        .rows
        .iter()
        .find(|r| r[1].0.contains("privileged-container"))
        .expect("privileged container in the top findings");
    let line = line_of(&r.ws().join("k8s/debug pod.yaml"), "privileged: true");
    assert_eq!(privileged[2].0, format!("k8s/debug pod.yaml:{line}"));
    assert!(
        privileged[2].1.contains(&format!(
            "href=\"{SERVER}/{REPOSITORY}/blob/{SHA}/k8s/debug%20pod.yaml#L{line}\""
        )),
        "{}",
        privileged[2].1
    );
    assert!(
        privileged[3].0.contains("dbg|<b>x</b>_[y](z)"),
        "the name is shown as text: {}",
        privileged[3].0
    );
}

// ------------------------------------------------------------------------------------------
// The install script
// ------------------------------------------------------------------------------------------

fn install_sh(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(repo().join("action").join("install.sh")).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("bash runs")
}

#[test]
fn install_maps_runners_to_release_targets() {
    if !bash_available() {
        return;
    }
    let release = fs::read_to_string(repo().join(".github/workflows/release.yml")).expect("read");
    for (os, arch, target) in [
        ("Linux", "X64", "x86_64-unknown-linux-musl"),
        ("Linux", "ARM64", "aarch64-unknown-linux-musl"),
        ("macOS", "X64", "x86_64-apple-darwin"),
        ("macOS", "ARM64", "aarch64-apple-darwin"),
        ("Windows", "X64", "x86_64-pc-windows-msvc"),
    ] {
        let o = install_sh(&["target"], &[("RUNNER_OS", os), ("RUNNER_ARCH", arch)]);
        let (code, out, err) = parts(&o);
        assert_eq!((code, out.trim()), (0, target), "{os}/{arch}: {err}");
        assert!(
            release.contains(&format!("target: {target}")),
            "release.yml builds {target}"
        );
    }
    let (code, _, err) = parts(&install_sh(
        &["target"],
        &[("RUNNER_OS", "Windows"), ("RUNNER_ARCH", "ARM64")],
    ));
    assert_eq!(code, 1);
    assert!(
        err.contains("::error") && err.contains("build from source"),
        "{err}"
    );
}

#[test]
fn install_verifies_checksums() {
    if !bash_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let asset = "comply-x86_64-unknown-linux-musl";
    let bin = dir.path().join(asset);
    fs::write(&bin, b"\x7fELF not really a binary\n").expect("write");
    let hex: String = Sha256::digest(fs::read(&bin).expect("read"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let sums = dir.path().join("SHA256SUMS");
    let (b, s) = (bin.to_str().expect("utf8"), sums.to_str().expect("utf8"));

    fs::write(
        &sums,
        format!(
            "{}  comply-aarch64-unknown-linux-musl\n{hex}  {asset}\n",
            "0".repeat(64)
        ),
    )
    .expect("write");
    let (code, out, err) = parts(&install_sh(&["verify", b, s, asset], &[]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&hex));

    // Binary-mode lines (`*name`) as sha256sum -b writes them.
    fs::write(&sums, format!("{hex} *{asset}\n")).expect("write");
    assert_eq!(parts(&install_sh(&["verify", b, s, asset], &[])).0, 0);

    // A different binary, a missing line.
    fs::write(&bin, b"tampered\n").expect("write");
    let (code, _, err) = parts(&install_sh(&["verify", b, s, asset], &[]));
    assert_eq!(code, 1);
    assert!(err.contains("checksum mismatch"), "{err}");
    let (code, _, err) = parts(&install_sh(
        &["verify", b, s, "comply-x86_64-apple-darwin"],
        &[],
    ));
    assert_eq!(code, 1);
    assert!(
        err.contains("no checksum for comply-x86_64-apple-darwin"),
        "{err}"
    );

    // Bad version and repository inputs are refused before any download.
    let (code, _, err) = parts(&install_sh(
        &["install"],
        &[
            ("INPUT_VERSION", "1.0; rm -rf /"),
            ("INPUT_REPOSITORY", "acme/comply"),
            ("RUNNER_TEMP", dir.path().to_str().expect("utf8")),
        ],
    ));
    assert_eq!(code, 1);
    assert!(err.contains("'version' must be"), "{err}");
    let (code, _, err) = parts(&install_sh(
        &["install"],
        &[
            ("INPUT_VERSION", "1.0.0"),
            ("INPUT_REPOSITORY", "acme/comply/../x"),
            ("RUNNER_TEMP", dir.path().to_str().expect("utf8")),
        ],
    ));
    assert_eq!(code, 1);
    assert!(err.contains("'repository' must be owner/name"), "{err}");
}

/// The action's scripts stay portable bash (the runner's bash on Linux and macOS, Git Bash on
/// Windows) without the usual quoting and word-splitting mistakes.
#[test]
fn scripts_pass_shellcheck() {
    let Some(tool) = ci_tool("COMPLY_SHELLCHECK", "shellcheck") else {
        return;
    };
    let scripts = [
        repo().join("action/install.sh"),
        repo().join("action/scan.sh"),
        repo().join(".github/scripts/build-release.sh"),
    ];
    let o = Command::new(tool)
        .args(["--shell", "bash", "--severity", "style"])
        .args(&scripts)
        .output()
        .expect("shellcheck runs");
    let (code, out, err) = parts(&o);
    assert_eq!(code, 0, "{out}{err}");
}

// ------------------------------------------------------------------------------------------
// Packaging files and dogfood
// ------------------------------------------------------------------------------------------

/// Every `uses:` in the action and the workflows is local or pinned to a full commit SHA with a
/// version comment, and every `run:` is free of `github.event` expressions.
#[test]
fn pipelines_pin_actions_and_keep_expressions_out_of_scripts() {
    let mut files = workflows();
    files.push(repo().join("action.yml"));
    for file in files {
        let text = fs::read_to_string(&file).expect("read");
        for (i, line) in text.lines().enumerate() {
            let where_ = format!("{}:{}", file.display(), i + 1);
            let t = line.trim_start().trim_start_matches("- ");
            if let Some(u) = t.strip_prefix("uses:") {
                let u = u.trim();
                if u.starts_with("./") {
                    continue;
                }
                let (target, comment) = u.split_once(" # ").unwrap_or((u, ""));
                let sha = target.rsplit_once('@').map_or("", |(_, r)| r);
                assert!(
                    sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                    "{where_}: `{u}` is not pinned to a full commit SHA"
                );
                assert!(
                    comment.trim().starts_with('v'),
                    "{where_}: `{u}` lacks a `# vX.Y.Z` comment"
                );
            }
        }
        let doc = yaml(&file);
        let mut steps: Vec<&Value> = Vec::new();
        if let Some(s) = doc["runs"]["steps"].as_array() {
            steps.extend(s);
        }
        if let Some(jobs) = doc["jobs"].as_object() {
            for job in jobs.values() {
                assert!(
                    job.get("permissions").is_some(),
                    "{}: every job declares its permissions",
                    file.display()
                );
                steps.extend(job["steps"].as_array().expect("steps"));
            }
            assert!(
                doc.get("permissions").is_some(),
                "{}: workflow-level permissions",
                file.display()
            );
        }
        for s in steps {
            if let Some(run) = s["run"].as_str() {
                assert!(
                    !run.contains("${{"),
                    "{}: expressions go through env, not into `run`:\n{run}",
                    file.display()
                );
            }
        }
    }
}

/// The Dockerfile is multi-stage, ends unprivileged, and its build context keeps every input of
/// the binary: the manifests, the crates and each directory the code embeds with `include_dir!`.
#[test]
fn docker_build_context_keeps_the_binary_inputs() {
    let text = fs::read_to_string(repo().join("Dockerfile")).expect("Dockerfile");
    let ignore = fs::read_to_string(repo().join(".dockerignore")).expect(".dockerignore");
    let ignored: Vec<&str> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_start_matches('/'))
        .collect();
    assert!(ignored.contains(&".git") && ignored.contains(&"**/target"));

    let mut needed = vec![
        "Cargo.toml".to_string(),
        "Cargo.lock".to_string(),
        "build.rs".to_string(),
        "engine".to_string(),
    ];
    let mut sources = vec![repo().join("engine")];
    while let Some(dir) = sources.pop() {
        for entry in fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.ends_with("target") {
                sources.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let code = fs::read_to_string(&path).expect("read");
                let marker = "include_dir!(\"$CARGO_MANIFEST_DIR/";
                for (at, _) in code.match_indices(marker) {
                    let rest = &code[at + marker.len()..];
                    let dir = rest.split(['/', '"']).next().unwrap_or_default();
                    needed.push(dir.to_string());
                }
            }
        }
    }
    assert!(needed.iter().any(|d| d == "policies"), "{needed:?}");
    // A crate under engine/ embedding its own directory is covered by `engine`.
    for n in needed.iter().filter(|n| repo().join(n).exists()) {
        assert!(
            !ignored.iter().any(|i| i == n),
            ".dockerignore excludes {n}, which the build needs"
        );
    }

    let stages = text.lines().filter(|l| l.starts_with("FROM ")).count();
    assert!(stages >= 2, "multi-stage build");
    assert!(
        text.contains("COPY . ."),
        "the build stage copies the context"
    );
    let last_user = text
        .lines()
        .filter_map(|l| l.strip_prefix("USER "))
        .last()
        .expect("USER");
    assert!(
        !matches!(last_user.trim(), "root" | "0" | "0:0"),
        "final image runs as {last_user}"
    );
}

/// comply's own pipelines pass comply: no finding (supply chain or any other) in `.github/` and
/// `action.yml`, and no error. Today comply reads them as non-Kubernetes YAML; once the pipeline
/// loaders and policies land, this is the real dogfood gate (CI runs the same through the action).
#[test]
fn comply_passes_its_own_pipelines() {
    let o = comply()
        .current_dir(repo())
        .args([
            "scan",
            ".github",
            "action.yml",
            "--format",
            "json",
            "--fail-on",
            "low",
            "--no-progress",
        ])
        .output()
        .expect("comply runs");
    let (code, out, err) = parts(&o);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    let findings: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["suppression"].is_null())
        .map(|f| {
            format!(
                "{}:{} {} {} ({}): {}",
                f["file"].as_str().unwrap_or(""),
                f["line"],
                f["rule_id"].as_str().unwrap_or(""),
                f["rule_name"].as_str().unwrap_or(""),
                f["category"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        findings.is_empty(),
        "comply's own pipelines have findings:\n{}",
        findings.join("\n")
    );
    assert_eq!(v["summary"]["errors"], 0, "{out}");
    assert_eq!(code, 0, "{err}");
}
