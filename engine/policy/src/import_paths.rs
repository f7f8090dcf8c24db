//! Rewrites references through an import alias (`kubernetes.kind` after
//! `import data.comply.lib.kubernetes`) into the full data path (`data.comply.lib.kubernetes.kind`)
//! before a module reaches regorus, and lists the packages a module imports.
//!
//! Why: regorus 0.14.1 resolves `alias.rule` by evaluating the aliased *package* (every rule of
//! it) and then scanning every module of the engine, on each reference; a full path evaluates
//! just that rule, once per query. Measured on the shipped Kubernetes policies
//! (`examples/bench_eval.rs`): a Service 99 → 53 µs, a ConfigMap 59 → 19 µs, identical findings.
//! The two spellings mean the same in Rego, so the rewrite is invisible to policy authors. It
//! only edits inside lines (line numbers, hence coverage and error lines, are unchanged), and it
//! leaves a module alone for an alias that is also used other than as `alias.field` (a local
//! variable or argument with the alias's name, or the package used as a value).

/// `(alias, "data.x.y")` for each `import data.x.y [as alias]` line of `text`.
pub(crate) fn data_imports(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix("import ") else {
            continue;
        };
        let rest = rest.split('#').next().unwrap_or("").trim();
        let mut parts = rest.split_whitespace();
        let Some(path) = parts.next() else { continue };
        let alias = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => path.rsplit('.').next().map(str::to_string),
            (Some("as"), Some(a), None) if is_ident(a) => Some(a.to_string()),
            _ => None,
        };
        let dotted = path
            .strip_prefix("data.")
            .is_some_and(|p| p.split('.').all(is_ident));
        if let (Some(alias), true) = (alias, dotted) {
            out.push((alias, path.to_string()));
        }
    }
    out
}

/// Every `data` reference of `text` outside strings and comments, as the dotted path after
/// `data.` (`comply.lib.kubernetes.kind`), cut where it stops being static (`data.x[k]` gives
/// `x`; a bare `data` gives ""). Run on rewritten text, it covers imports used through aliases.
pub(crate) fn data_references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        for tok in idents(line).into_iter().filter(|t| t.text == "data") {
            let rest = &line[tok.start + tok.text.len()..];
            let mut path = String::new();
            let mut chars = rest;
            while let Some(after) = chars.strip_prefix('.') {
                let len = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                if len == 0 {
                    break;
                }
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&after[..len]);
                chars = &after[len..];
            }
            out.push(path);
        }
    }
    out
}

/// Whether a module with these `data` references may read package `pkg` (a reference into it, or
/// to one of its parents).
pub(crate) fn may_read(references: &[String], pkg: &str) -> bool {
    references.iter().any(|r| {
        r.is_empty()
            || r == pkg
            || (r.starts_with(pkg) && r.as_bytes().get(pkg.len()) == Some(&b'.'))
            || (pkg.starts_with(r.as_str()) && pkg.as_bytes().get(r.len()) == Some(&b'.'))
    })
}

/// `text` with every `alias.field` reference outside strings and comments spelled as the
/// imported path. Returns `text` unchanged when there is nothing safe to rewrite.
pub(crate) fn rewrite(text: &str) -> String {
    let imports: Vec<(String, String)> = data_imports(text)
        .into_iter()
        .filter(|(alias, _)| only_dotted_uses(text, alias))
        .collect();
    if imports.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 256);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with("import ") {
            out.push_str(line);
            continue;
        }
        let mut last = 0;
        for tok in idents(line) {
            let Some((_, path)) = imports.iter().find(|(a, _)| a == tok.text) else {
                continue;
            };
            if !tok.dotted {
                continue;
            }
            out.push_str(&line[last..tok.start]);
            out.push_str(path);
            last = tok.start + tok.text.len();
        }
        out.push_str(&line[last..]);
    }
    out
}

/// Whether every use of `alias` outside its import line, strings and comments is `alias.field`.
fn only_dotted_uses(text: &str, alias: &str) -> bool {
    text.split('\n')
        .filter(|l| !l.trim_start().starts_with("import "))
        .flat_map(idents)
        .filter(|t| t.text == alias)
        .all(|t| t.dotted)
}

/// An identifier that starts a reference (not a field after `.`), outside strings and comments.
struct Ident<'a> {
    start: usize,
    text: &'a str,
    /// Followed by `.` and an identifier character.
    dotted: bool,
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The leading identifiers of references in one line. Raw strings (backticks) cannot span lines
/// in the shipped policies' style, but a multi-line one is handled conservatively: a line inside
/// it is read as code, which can only make `only_dotted_uses` stricter or rewrite text that the
/// regorus parser then rejects exactly as it rejected the original (the original is parsed first).
fn idents(line: &str) -> Vec<Ident<'_>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => break,
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let after_dot = start > 0 && bytes[start - 1] == b'.';
                if !after_dot {
                    let dotted = bytes.get(i) == Some(&b'.')
                        && bytes
                            .get(i + 1)
                            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
                    out.push(Ident {
                        start,
                        text: &line[start..i],
                        dotted,
                    });
                }
            }
            c if c.is_ascii_digit() => {
                // A number such as 1.5 or 1e3: skip it whole so `e3` is not an identifier.
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{data_imports, data_references, may_read, rewrite};

    #[test]
    fn aliases_become_full_paths_outside_strings_and_comments() {
        let src = "package p\n\nimport data.comply.lib.kubernetes\nimport data.comply.lib.result as r\nimport rego.v1\n\n# kubernetes.kind in a comment\ndeny contains r.fail(sprintf(\"kubernetes.kind %s\", [kubernetes.kind]), kubernetes.path) if {\n\tkubernetes.is_workload # kubernetes.x\n\tx := `kubernetes.raw`\n\ty := input.kubernetes.kind\n}\n";
        let out = rewrite(src);
        assert_eq!(
            out,
            "package p\n\nimport data.comply.lib.kubernetes\nimport data.comply.lib.result as r\nimport rego.v1\n\n# kubernetes.kind in a comment\ndeny contains data.comply.lib.result.fail(sprintf(\"kubernetes.kind %s\", [data.comply.lib.kubernetes.kind]), data.comply.lib.kubernetes.path) if {\n\tdata.comply.lib.kubernetes.is_workload # kubernetes.x\n\tx := `kubernetes.raw`\n\ty := input.kubernetes.kind\n}\n"
        );
        assert_eq!(out.lines().count(), src.lines().count());
    }

    #[test]
    fn an_alias_used_as_a_variable_leaves_that_alias_alone() {
        let src = "package p\nimport data.lib.result\nimport data.lib.k8s\nf(result) := result.x\ng := k8s.kind\n";
        assert_eq!(
            rewrite(src),
            "package p\nimport data.lib.result\nimport data.lib.k8s\nf(result) := result.x\ng := data.lib.k8s.kind\n"
        );
    }

    #[test]
    fn imports_are_read_with_and_without_alias() {
        let src = "import data.a.b\nimport data.c.d as e # why\nimport input.resource as r\nimport data.x[\"y\"]\nimport future.keywords\n";
        assert_eq!(
            data_imports(src),
            vec![
                ("b".to_string(), "data.a.b".to_string()),
                ("e".to_string(), "data.c.d".to_string())
            ]
        );
    }

    #[test]
    fn data_references_decide_which_packages_a_module_may_read() {
        let src = "x := data.comply.lib.k8s.kind # data.no\ny := data.comply.params[\"a\"]\nz := \"data.no\"\nw := data\n";
        let refs = data_references(src);
        assert_eq!(refs, vec!["comply.lib.k8s.kind", "comply.params", ""]);
        assert!(may_read(&refs[..1], "comply.lib.k8s"));
        assert!(!may_read(&refs[..1], "comply.lib.k8"));
        assert!(!may_read(&refs[..2], "comply.lib.tls"));
        assert!(may_read(&["comply.lib".to_string()], "comply.lib.tls"));
        assert!(may_read(&refs, "anything.at.all"));
    }

    #[test]
    fn numbers_and_fields_are_not_references() {
        let src = "import data.lib.e3\nx := 1.5e3\ny := input.e3.z\nz := e3.w\n";
        assert_eq!(
            rewrite(src),
            "import data.lib.e3\nx := 1.5e3\ny := input.e3.z\nz := data.lib.e3.w\n"
        );
    }
}
