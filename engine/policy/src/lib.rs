//! comply's policy layer: load `.rego` sources and validate their `# METADATA`
//! ([`PolicySet::load`]), compile the enabled rules once and evaluate them on documents
//! ([`Evaluator`], [`Worker`]: regorus's RVM as the fast path, its interpreter as the fallback),
//! and run Rego unit tests with coverage ([`run_tests`], for `comply test`).
#![deny(missing_docs)]

mod bundle;
mod coverage;
mod error;
mod eval;
mod extensions;
mod findings;
mod import_paths;
mod interp;
mod metadata;
mod naming;
mod rego_test;
mod rvm;
mod rvm_source;

pub use bundle::{PolicySet, PolicySource};
pub use coverage::FileCoverage;
pub use error::PolicyError;
pub use eval::{EvalLimits, EvalOutput, Evaluator, Inventory, RawFinding, RuleError, Worker};
pub use rego_test::{run_tests, TestReport, TestResult};
