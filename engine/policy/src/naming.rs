//! Rule names: derived from the policy's directory or file stem unless METADATA sets `custom.name`.

/// The kebab-case name of a rule read from `path`: the parent directory when the file stem
/// (snake_case) is that directory in snake_case
/// (`policies/kubernetes/privileged-container/privileged_container.rego` → `privileged-container`),
/// else the file stem with `_` → `-`.
pub(crate) fn derive_name(path: &str) -> String {
    let mut parts = path.rsplit(['/', '\\']);
    let file = parts.next().unwrap_or(path);
    let stem = file.strip_suffix(".rego").unwrap_or(file);
    if let Some(dir) = parts.next() {
        if !dir.is_empty() && dir.replace('-', "_") == stem {
            return dir.to_string();
        }
    }
    stem.replace('_', "-")
}

/// Whether a display path is a Rego unit-test file.
pub(crate) fn is_test_file(path: &str) -> bool {
    path.ends_with("_test.rego")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            derive_name("policies/kubernetes/privileged-container/privileged_container.rego"),
            "privileged-container"
        );
        assert_eq!(derive_name("my/dir/host_network.rego"), "host-network");
        assert_eq!(derive_name("host_network.rego"), "host-network");
        assert_eq!(
            derive_name(r"C:\p\run-as-root\run_as_root.rego"),
            "run-as-root"
        );
        assert_eq!(derive_name("p/same/same.rego"), "same");
        assert!(is_test_file("a/b_test.rego"));
        assert!(!is_test_file("a/b.rego"));
    }
}
