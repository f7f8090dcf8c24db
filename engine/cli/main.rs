//! comply: policy-as-code compliance scanner. This is the binary's edge: parse the command line,
//! run a command, and map errors to exit code 2 (DESIGN §3); a closed pipe is not an error.

mod args;
mod baseline;
mod commands;
mod config;
mod discover;
mod frameworks;
mod inventory;
mod kubernetes;
mod policies;
mod progress;
mod read;
mod ruleset;
mod sources;
mod suppress;

use clap::Parser;

/// regorus's interpreter allocates heavily; mimalloc measured markedly faster than the system
/// allocator on policy evaluation (bench/bench.py).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    // With RUST_BACKTRACE set, anyhow captures a backtrace for every error, and regorus's parser
    // raises and discards thousands while reading the policies (about 25 ms a run). Panics still
    // honour RUST_BACKTRACE; RUST_LIB_BACKTRACE=1 brings error backtraces back.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    let cli = args::Cli::parse();
    let result = match &cli.command {
        args::Command::Scan(a) => commands::scan::run(a),
        args::Command::Policies(a) => commands::policies::run(a),
        args::Command::Explain(a) => commands::explain::run(a),
        args::Command::Frameworks(a) => commands::frameworks::run(a),
        args::Command::Test(a) => commands::test::run(a),
        args::Command::Webhook(a) => commands::webhook::run(a),
        args::Command::Template(a) => commands::template::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(2)),
        Err(e) => {
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
