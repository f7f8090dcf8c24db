//! Line coverage of policy files from regorus's coverage report, for `comply test --coverage`.

use std::collections::HashSet;

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

/// Converts regorus's report, keeping only files in `keep`, sorted by path.
pub(crate) fn from_report(
    report: &regorus::coverage::Report,
    keep: &HashSet<&str>,
) -> Vec<FileCoverage> {
    let mut files: Vec<FileCoverage> = report
        .files
        .iter()
        .filter(|f| keep.contains(f.path.as_str()))
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
    files.sort_by(|a, b| a.file.cmp(&b.file));
    files
}
