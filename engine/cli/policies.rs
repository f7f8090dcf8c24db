//! Where policies come from: the built-in library embedded in the binary (so `comply scan .`
//! works with nothing else installed) and the user's `--policies` directories.

use anyhow::{Context, Result};
use comply_policy::PolicySource;
use include_dir::{include_dir, Dir};
use std::path::Path;

/// The repository's `policies/` directory, embedded at build time.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// Every built-in `.rego` file (policies, libraries and tests), paths prefixed with `policies/`.
pub(crate) fn builtin_sources() -> Vec<PolicySource> {
    let mut out = Vec::new();
    collect_embedded(&BUILTIN, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<PolicySource>) {
    for f in dir.files() {
        if f.path().extension().is_some_and(|x| x == "rego") {
            if let Some(text) = f.contents_utf8() {
                out.push(PolicySource {
                    path: format!("policies/{}", f.path().to_string_lossy().replace('\\', "/")),
                    text: text.to_string(),
                    builtin: true,
                });
            }
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// Every `.rego` file under `path` (a directory or a single file), sorted.
pub(crate) fn user_sources(path: &Path) -> Result<Vec<PolicySource>> {
    let mut out = Vec::new();
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot read policy path {}", path.display()))?;
    if meta.is_file() {
        push_file(path, &mut out)?;
    } else {
        walk(path, &mut out, 0)?;
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PolicySource>, depth: usize) -> Result<()> {
    if depth > 32 {
        anyhow::bail!(
            "{}: policy directories nested too deep (symbolic link loop?)",
            dir.display()
        );
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read policy directory {}", dir.display()))?
        .filter_map(std::result::Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out, depth + 1)?;
        } else if p.extension().is_some_and(|x| x == "rego") {
            push_file(&p, out)?;
        }
    }
    Ok(())
}

fn push_file(p: &Path, out: &mut Vec<PolicySource>) -> Result<()> {
    let text = std::fs::read_to_string(p)
        .with_context(|| format!("cannot read policy {}", p.display()))?;
    out.push(PolicySource {
        path: p.display().to_string().replace('\\', "/"),
        text,
        builtin: false,
    });
    Ok(())
}

/// All sources for a scan: built-ins (without tests) plus user policies (without tests).
pub(crate) fn scan_sources(extra: &[impl AsRef<Path>]) -> Result<Vec<PolicySource>> {
    let mut all: Vec<PolicySource> = builtin_sources();
    for dir in extra {
        all.extend(user_sources(dir.as_ref())?);
    }
    all.retain(|s| !s.path.ends_with("_test.rego"));
    Ok(all)
}

/// The first `fail_` and `pass_` fixture of a rule, for `comply explain`: looked up beside the
/// policy file (embedded for built-ins, on disk for user policies).
pub(crate) fn examples(
    source: &str,
    builtin: bool,
) -> (Option<(String, String)>, Option<(String, String)>) {
    let mut files: Vec<(String, String)> = Vec::new();
    if builtin {
        let rel = source.trim_start_matches("policies/");
        let dir = Path::new(rel).parent().map(|p| p.join("fixtures"));
        if let Some(d) = dir.and_then(|d| BUILTIN.get_dir(d)) {
            for f in d.files() {
                if let (Some(name), Some(text)) = (f.path().file_name(), f.contents_utf8()) {
                    files.push((name.to_string_lossy().into_owned(), text.to_string()));
                }
            }
        }
    } else if let Some(dir) = Path::new(source).parent().map(|p| p.join("fixtures")) {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.filter_map(std::result::Result::ok) {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    files.push((e.file_name().to_string_lossy().into_owned(), text));
                }
            }
        }
    }
    files.sort();
    let pick = |prefix: &str| files.iter().find(|(n, _)| n.starts_with(prefix)).cloned();
    (pick("fail_"), pick("pass_"))
}
