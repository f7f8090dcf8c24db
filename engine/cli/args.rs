//! The command line, declared with clap. The shapes here are the public CLI contract of
//! DESIGN §3: extend, never break.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// comply: policy-as-code compliance scanner for Kubernetes, Terraform, Helm and CI pipelines.
#[derive(Debug, Parser)]
#[command(name = "comply", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Scan files and directories against the policies.
    Scan(ScanArgs),
    /// List the rules (built-in and from --policies).
    Policies(PoliciesArgs),
    /// Show a rule's documentation.
    Explain(ExplainArgs),
    /// List compliance frameworks, their controls and the rules that cover them.
    Frameworks(FrameworksArgs),
    /// Run Rego unit tests (`*_test.rego`) with regorus.
    Test(TestArgs),
    /// Serve the policies as a Kubernetes validating admission webhook (HTTPS).
    Webhook(WebhookArgs),
    /// Render a Helm chart as `helm template` would (no helm binary needed).
    Template(TemplateArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// Files or directories to scan.
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format; repeatable, paired in order with --output.
    #[arg(
        long = "format",
        short = 'f',
        value_name = "human|json|sarif|junit|markdown|html"
    )]
    pub(crate) formats: Vec<String>,
    /// Where to write the output of the matching --format ('-' or absent: stdout).
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub(crate) outputs: Vec<String>,
    /// Configuration file (default: .comply.yaml in the first PATH, if present).
    #[arg(long)]
    pub(crate) config: Option<PathBuf>,
    /// Extra policy directories, added to the built-in policies.
    #[arg(long = "policies", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
    /// Override a params entry (min_tls_version, backup_retention_days, required_tags, allowed_registries).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub(crate) params: Vec<String>,
    /// Evaluate only these rules (id or name; repeatable). Default: every enabled rule.
    #[arg(long = "rule", value_name = "ID")]
    pub(crate) rules: Vec<String>,
    /// Evaluate only the rules mapped to this compliance framework and report per control
    /// (see `comply frameworks`).
    #[arg(long, value_name = "ID")]
    pub(crate) framework: Option<String>,
    /// Fail (exit 1) on findings at or above this severity.
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,
    /// Mark findings recorded in this baseline file as suppressed.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record the current findings as a baseline file.
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Worker threads (default: number of CPUs).
    #[arg(long, short = 'j')]
    pub(crate) jobs: Option<usize>,
    /// Print only findings and errors (no summary) in human output; no progress.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Never show progress.
    #[arg(long)]
    pub(crate) no_progress: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) color: ColorChoice,
    /// Policy evaluation engine: the regorus interpreter (default) or its RVM (experimental:
    /// faster, but regorus 0.14.1's RVM mis-evaluates some constructs).
    #[arg(long, value_enum, default_value = "interpreter", hide = true)]
    pub(crate) engine: EngineChoice,
    /// Largest file to read, in MiB; larger files are reported and skipped.
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    pub(crate) max_file_size: u64,
    /// Terraform variable definitions file for root modules (repeatable; later files win).
    #[arg(long = "var-file", value_name = "FILE")]
    pub(crate) var_files: Vec<PathBuf>,
    /// Extra Helm values file (repeatable): every chart is also rendered with it, as one more
    /// environment named after the file, besides values.yaml and its values-<env>.yaml overlays.
    #[arg(long = "values", value_name = "FILE")]
    pub(crate) helm_values: Vec<PathBuf>,
    /// Set a Terraform root module variable (repeatable; wins over --var-file).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub(crate) vars: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EngineChoice {
    Interpreter,
    Rvm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RulesFormatArg {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct PoliciesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub(crate) format: RulesFormatArg,
    /// Extra policy directories.
    #[arg(long = "policies", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct FrameworksArgs {
    /// Show the controls of this framework (default: list the frameworks).
    pub(crate) framework: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub(crate) format: RulesFormatArg,
    /// Extra policy directories (their mappings count too).
    #[arg(long = "policies", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct TemplateArgs {
    /// Chart directories or packaged charts (.tgz); several are rendered one after the other.
    #[arg(required = true, value_name = "CHART")]
    pub(crate) charts: Vec<PathBuf>,
    /// Values file (repeatable; later files win).
    #[arg(long = "values", short = 'f', value_name = "FILE")]
    pub(crate) values: Vec<PathBuf>,
    /// Set a value (repeatable): a.b=c,d[0]=e.
    #[arg(long = "set", value_name = "K=V")]
    pub(crate) set: Vec<String>,
    /// Set a string value (repeatable).
    #[arg(long = "set-string", value_name = "K=V")]
    pub(crate) set_string: Vec<String>,
    /// Release name (default: the chart's name).
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Release namespace.
    #[arg(long, short = 'n', default_value = "default")]
    pub(crate) namespace: String,
    /// Print the chart's crds/ files first.
    #[arg(long)]
    pub(crate) include_crds: bool,
    /// Kubernetes version reported by .Capabilities.
    #[arg(long, default_value = "v1.35.0", value_name = "VERSION")]
    pub(crate) kube_version: String,
    /// Extra API versions for .Capabilities.APIVersions (repeatable).
    #[arg(long = "api-versions", short = 'a', value_name = "VERSION")]
    pub(crate) api_versions: Vec<String>,
    /// Seed for randAlphaNum, uuidv4 and generated keys (deterministic output).
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Rule id (K8S-0001) or name (privileged-container).
    pub(crate) rule: String,
    /// Extra policy directories.
    #[arg(long = "policies", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum WebhookMode {
    /// Deny requests with findings at or above fail_on; warn about the rest.
    Enforce,
    /// Never deny: every finding becomes a warning.
    Warn,
    /// Never deny or warn: log and count only.
    Audit,
}

#[derive(Debug, Args)]
pub(crate) struct WebhookArgs {
    /// Address to listen on (HTTPS only).
    #[arg(long, default_value = "0.0.0.0:8443", value_name = "ADDR")]
    pub(crate) listen: std::net::SocketAddr,
    /// PEM certificate chain; re-read when the file changes.
    #[arg(long, value_name = "FILE")]
    pub(crate) tls_cert: PathBuf,
    /// PEM private key; re-read when the file changes.
    #[arg(long, value_name = "FILE")]
    pub(crate) tls_key: PathBuf,
    /// Configuration file (params, fail_on, rules, webhook section).
    #[arg(long)]
    pub(crate) config: Option<PathBuf>,
    /// Extra policy directories, added to the built-in policies.
    #[arg(long = "policies", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
    /// Override a params entry, as for `comply scan`.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub(crate) params: Vec<String>,
    /// What to do with violations (default: webhook.mode in the config, else enforce).
    #[arg(long, value_enum)]
    pub(crate) mode: Option<WebhookMode>,
    /// Findings at or above this severity are violations (default: fail_on in the config, else high).
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 3 << 20, value_name = "BYTES")]
    pub(crate) max_body_bytes: usize,
    /// Time limit for one review, in milliseconds.
    #[arg(long, default_value_t = 8000, value_name = "MS")]
    pub(crate) request_timeout_ms: u64,
    /// Time limit for one rule on one object, in milliseconds.
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    pub(crate) rule_timeout_ms: u64,
    /// How often to check the certificate files for changes, in milliseconds.
    #[arg(long, default_value_t = 5000, value_name = "MS")]
    pub(crate) cert_reload_ms: u64,
    /// After SIGTERM, keep serving (reporting not ready) this long, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub(crate) shutdown_delay_ms: u64,
    /// Then give in-flight requests this long to finish, in milliseconds.
    #[arg(long, default_value_t = 20000, value_name = "MS")]
    pub(crate) drain_timeout_ms: u64,
    /// Evaluation threads (default: number of CPUs).
    #[arg(long, short = 'j')]
    pub(crate) jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// Directories (or files) with policies and `*_test.rego` files; default: the built-in policies.
    pub(crate) dirs: Vec<PathBuf>,
    /// Report line coverage of the policies.
    #[arg(long)]
    pub(crate) coverage: bool,
    /// Only run tests whose package or name contains this text.
    #[arg(long)]
    pub(crate) run: Option<String>,
    /// Print every test, not only failures.
    #[arg(long, short = 'v')]
    pub(crate) verbose: bool,
}
