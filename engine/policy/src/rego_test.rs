//! `comply test`: run the `test_*` rules of `_test.rego` files with regorus, OPA style
//! (`true` passes; `false`, undefined or an error fails), optionally with line coverage.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::bundle::{PolicySet, PolicySource};
use crate::coverage::{self, FileCoverage};
use crate::error::PolicyError;
use crate::extensions;
use crate::naming;

/// The outcome of one test rule.
#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    /// The test module's package, without `data.` (`comply.kubernetes.x_test`).
    pub package: String,
    /// The rule name (`test_deny_privileged`).
    pub name: String,
    /// Display path of the test file.
    pub file: String,
    /// 1-based line of the rule's first definition.
    pub line: u32,
    /// Whether it evaluated to `true`.
    pub passed: bool,
    /// Why it failed: `false`, undefined, or the evaluation error.
    pub message: Option<String>,
    /// Evaluation time.
    pub duration: Duration,
}

/// Everything `comply test` reports.
#[derive(Debug, Clone, Default)]
pub struct TestReport {
    /// One entry per test rule, in file then line order.
    pub results: Vec<TestResult>,
    /// Line coverage of the non-test files, when asked for.
    pub coverage: Option<Vec<FileCoverage>>,
    /// Files that failed to parse, invalid METADATA, duplicate ids...
    pub errors: Vec<PolicyError>,
}

impl TestReport {
    /// Number of passed tests.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed).count()
    }

    /// Number of failed tests.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// Whether every test passed and nothing was wrong with the files.
    pub fn success(&self) -> bool {
        self.failed() == 0 && self.errors.is_empty()
    }
}

/// Runs the tests in `sources` (every `_test.rego` file; the other files are the policies and
/// libraries under test and are validated like a scan would). `filter` keeps tests whose
/// `package.name` contains it. With `coverage`, line coverage of the non-test files is returned.
pub fn run_tests(sources: &[PolicySource], filter: Option<&str>, coverage: bool) -> TestReport {
    let mut report = TestReport::default();
    let non_tests: Vec<PolicySource> = sources
        .iter()
        .filter(|s| !naming::is_test_file(&s.path))
        .cloned()
        .collect();
    if let Err(mut errors) = PolicySet::load(non_tests) {
        report.errors.append(&mut errors);
    }
    let mut engine = extensions::new_engine();
    engine.set_gather_prints(true);
    if coverage {
        engine.set_enable_coverage(true);
    }
    let mut test_modules = Vec::new();
    for src in sources {
        // Policies and libraries as scans evaluate them (see `import_paths`); tests as written.
        let text = if naming::is_test_file(&src.path) {
            src.text.clone()
        } else {
            crate::import_paths::rewrite(&src.text)
        };
        match engine.add_policy(src.path.clone(), text) {
            Ok(pkg) if naming::is_test_file(&src.path) => test_modules.push((src, pkg)),
            Ok(_) => {}
            Err(e) => {
                let err = PolicyError::from_regorus(&src.path, &e);
                if !report.errors.contains(&err) {
                    report.errors.push(err);
                }
            }
        }
    }
    for (src, pkg) in test_modules {
        let package = pkg.strip_prefix("data.").unwrap_or(&pkg).to_string();
        for (name, line) in test_rules(&src.text) {
            if filter.is_some_and(|f| !format!("{package}.{name}").contains(f)) {
                continue;
            }
            let start = Instant::now();
            let outcome = engine.eval_rule(format!("{pkg}.{name}"));
            let duration = start.elapsed();
            let (passed, message) = match outcome {
                Ok(regorus::Value::Bool(true)) => (true, None),
                Ok(regorus::Value::Undefined) => (
                    false,
                    Some("undefined (a condition did not hold)".to_string()),
                ),
                Ok(v) => (
                    false,
                    Some(format!(
                        "evaluated to {}",
                        v.to_json_str().unwrap_or_else(|_| format!("{v:?}"))
                    )),
                ),
                Err(e) => (
                    false,
                    Some(PolicyError::from_regorus(&src.path, &e).to_string()),
                ),
            };
            report.results.push(TestResult {
                package: package.clone(),
                name,
                file: src.path.clone(),
                line,
                passed,
                message,
                duration,
            });
        }
    }
    if coverage {
        let keep: HashMap<&str, &str> = sources
            .iter()
            .filter(|s| !naming::is_test_file(&s.path))
            .map(|s| (s.path.as_str(), s.text.as_str()))
            .collect();
        report.coverage = Some(match engine.get_coverage_report() {
            Ok(r) => coverage::from_report(&r, &keep),
            Err(e) => {
                report.errors.push(PolicyError::at(
                    "<coverage>",
                    None,
                    format!("coverage unavailable: {e:#}"),
                ));
                Vec::new()
            }
        });
    }
    report
        .errors
        .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    report
}

/// The `test_*` rules defined at line starts (`test_x if {`, `test_x if`, `test_x := ...`,
/// `test_x = ...`, `test_x contains`), each once, with the line of its first definition.
fn test_rules(text: &str) -> Vec<(String, u32)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with("test_") {
            continue;
        }
        let end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(line.len());
        let (name, rest) = line.split_at(end);
        let rest = rest.trim_start();
        let is_rule = rest.is_empty()
            || rest.starts_with("if")
            || rest.starts_with(":=")
            || rest.starts_with('=')
            || rest.starts_with('{')
            || rest.starts_with("contains");
        if is_rule && seen.insert(name.to_string()) {
            out.push((name.to_string(), u32::try_from(i + 1).unwrap_or(u32::MAX)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_rules() {
        let text = "package p_test\n\ntest_a if {\n\ttrue\n}\ntest_b if true\ntest_a if {\n\tfalse\n}\ntest_c := true\n  test_indented if true\ntest_fn(x) := x\nnot_test if true\n";
        assert_eq!(
            test_rules(text),
            vec![
                ("test_a".to_string(), 3),
                ("test_b".to_string(), 6),
                ("test_c".to_string(), 10)
            ]
        );
    }
}
