//! Line coverage of policy files from regorus's coverage report, for `comply test --coverage`.

use std::collections::{HashMap, HashSet};

/// Which lines of one (non-test) policy file the tests evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct FileCoverage {
    /// Display path of the file.
    pub file: String,
    /// Lines evaluated at least once (1-based, ascending).
    pub covered: Vec<u32>,
    /// Lines with evaluable code never evaluated (1-based, ascending).
    pub not_covered: Vec<u32>,
    /// `covered / (covered + not_covered)` in percent; 100 when the file has no evaluable line.
    pub percent: f64,
}

/// Converts regorus's report, keeping only files in `keep` (path → text), sorted by path.
/// regorus leaves out files no test touched; those are listed at 0 % with every code line
/// (not blank, not a comment, not `package`/`import`) as not covered.
pub(crate) fn from_report(
    report: &regorus::coverage::Report,
    keep: &HashMap<&str, &str>,
) -> Vec<FileCoverage> {
    let mut files: Vec<FileCoverage> = report
        .files
        .iter()
        .filter(|f| keep.contains_key(f.path.as_str()))
        .map(|f| {
            let covered: Vec<u32> = f.covered.iter().copied().collect();
            let not_covered: Vec<u32> = f
                .not_covered
                .iter()
                .copied()
                .filter(|l| !f.covered.contains(l))
                .collect();
            let total = covered.len() + not_covered.len();
            let percent = if total == 0 {
                100.0
            } else {
                covered.len() as f64 * 100.0 / total as f64
            };
            FileCoverage {
                file: f.path.clone(),
                covered,
                not_covered,
                percent,
            }
        })
        .collect();
    let seen: HashSet<String> = files.iter().map(|f| f.file.clone()).collect();
    for (path, text) in keep {
        if !seen.contains(*path) {
            files.push(FileCoverage {
                file: (*path).to_string(),
                covered: Vec::new(),
                not_covered: code_lines(text),
                percent: 0.0,
            });
        }
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));
    files
}

fn code_lines(text: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty()
                && !t.starts_with('#')
                && !t.starts_with("package ")
                && !t.starts_with("import ")
        })
        .filter_map(|(i, _)| u32::try_from(i + 1).ok())
        .collect()
}
