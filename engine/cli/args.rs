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
    /// Run Rego unit tests (`*_test.rego`) with regorus.
    Test(TestArgs),
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
        value_name = "human|json|sarif|junit|markdown"
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
pub(crate) struct ExplainArgs {
    /// Rule id (K8S-0001) or name (privileged-container).
    pub(crate) rule: String,
    /// Extra policy directories.
    #[arg(long = "policies", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
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
