//! Finding the files to scan: a parallel walk (the `ignore` crate, which honours `.gitignore`),
//! plus `.complyignore` files and the config's `exclude` globs. Helm chart directories are
//! recognised so that their Go templates are never read as raw YAML.

use comply_model::Diagnostic;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A file to load, with the path reports use.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct FileEntry {
    /// Path for reports: relative to the working directory when under it, forward slashes.
    pub(crate) rel: Arc<str>,
    /// Path to open.
    pub(crate) abs: PathBuf,
    /// Index of the scan root (PATH argument) it was found under.
    pub(crate) root: usize,
}

/// The outcome of walking every root.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    pub(crate) files: Vec<FileEntry>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Helm chart directories found, whose templates are not read as raw YAML.
    pub(crate) charts: Vec<FileEntry>,
    /// Terraform files (`.tf`, `.tf.json`, `.tfvars`) found walking directories.
    pub(crate) terraform: Vec<FileEntry>,
    /// `.tf` / `.tf.json` files named as a scan PATH: each is a unit of its own.
    pub(crate) terraform_files: Vec<FileEntry>,
}

/// Whether a file name is Terraform configuration or variables.
pub(crate) fn is_terraform_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".tf")
            || n.ends_with(".tf.json")
            || n.ends_with(".tfvars")
            || n.ends_with(".tfvars.json")
    })
}

/// File name endings comply reads when walking directories.
const SCANNED_EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Compiles `exclude` globs. A pattern without a slash matches at any depth, as in `.gitignore`.
pub(crate) fn build_excludes(patterns: &[String]) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim_start_matches("./");
        b.add(Glob::new(p)?);
        if !p.contains('/') {
            b.add(Glob::new(&format!("**/{p}"))?);
        }
        // `vendor/**` should also prune the directory `vendor` itself.
        if let Some(dir) = p.strip_suffix("/**") {
            b.add(Glob::new(dir)?);
        }
    }
    b.build()
}

/// Display path for `path`: relative to `base` (the working directory, or the scan root when
/// the root lies outside it) when it is below it.
pub(crate) fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./").to_string();
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    // Normalise `.` and `..` lexically so that display paths stay short.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Walks every root. Unreadable entries, loops and missing roots become error diagnostics.
pub(crate) fn discover(roots: &[PathBuf], excludes: &GlobSet, threads: usize) -> Discovered {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let out = Mutex::new(Discovered::default());
    for (root_index, root) in roots.iter().enumerate() {
        let abs_root = absolute(root, &cwd);
        let meta = match std::fs::metadata(&abs_root) {
            Ok(m) => m,
            Err(e) => {
                lock(&out).diagnostics.push(Diagnostic::error(
                    "unreadable",
                    Some(display_path(&abs_root, &cwd).into()),
                    None,
                    format!("cannot scan {}: {e}", root.display()),
                ));
                continue;
            }
        };
        if meta.is_file() {
            // A file named explicitly is read whatever its extension.
            let base = if abs_root.starts_with(&cwd) {
                cwd.clone()
            } else {
                abs_root
                    .parent()
                    .map_or_else(|| cwd.clone(), Path::to_path_buf)
            };
            let entry = FileEntry {
                rel: display_path(&abs_root, &base).into(),
                abs: abs_root,
                root: root_index,
            };
            if is_terraform_file(&entry.abs) {
                lock(&out).terraform_files.push(entry);
            } else {
                lock(&out).files.push(entry);
            }
            continue;
        }
        // Paths are reported relative to the working directory, or to the root when it lies
        // outside it (SARIF wants URIs relative to the scan root).
        let base = if abs_root.starts_with(&cwd) {
            cwd.clone()
        } else {
            abs_root.clone()
        };
        let walk_root = abs_root.clone();
        let excl = excludes.clone();
        let walker = ignore::WalkBuilder::new(&abs_root)
            .hidden(false)
            .follow_links(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .parents(true)
            .add_custom_ignore_filename(".complyignore")
            .threads(threads.max(1))
            .filter_entry(move |e| {
                // `.terraform` holds downloaded modules: read through modules.json only.
                if e.file_name() == ".git" || e.file_name() == ".terraform" {
                    return false;
                }
                let rel = e.path().strip_prefix(&walk_root).unwrap_or(e.path());
                rel.as_os_str().is_empty() || !excl.is_match(rel)
            })
            .build_parallel();
        let cwd_ref = &base;
        let out_ref = &out;
        walker.run(|| {
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                        if is_dir {
                            if path.join("Chart.yaml").is_file() {
                                lock(out_ref).charts.push(FileEntry {
                                    rel: display_path(path, cwd_ref).into(),
                                    abs: path.to_path_buf(),
                                    root: root_index,
                                });
                                // Templates and vendored subcharts are Go templates, not YAML.
                                return ignore::WalkState::Skip;
                            }
                            return ignore::WalkState::Continue;
                        }
                        if is_terraform_file(path) {
                            lock(out_ref).terraform.push(FileEntry {
                                rel: display_path(path, cwd_ref).into(),
                                abs: path.to_path_buf(),
                                root: root_index,
                            });
                            return ignore::WalkState::Continue;
                        }
                        let ext_ok = path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                            SCANNED_EXTENSIONS.iter().any(|s| x.eq_ignore_ascii_case(s))
                        });
                        if ext_ok {
                            lock(out_ref).files.push(FileEntry {
                                rel: display_path(path, cwd_ref).into(),
                                abs: path.to_path_buf(),
                                root: root_index,
                            });
                        }
                    }
                    Err(err) => {
                        let (file, msg) = describe_walk_error(&err, cwd_ref);
                        lock(out_ref).diagnostics.push(Diagnostic::error(
                            "unreadable",
                            file,
                            None,
                            msg,
                        ));
                    }
                }
                ignore::WalkState::Continue
            })
        });
    }
    let mut d = out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    d.files.sort();
    d.files.dedup_by(|a, b| a.abs == b.abs);
    d.charts.sort();
    d.charts.dedup_by(|a, b| a.abs == b.abs);
    d.terraform.sort();
    d.terraform.dedup_by(|a, b| a.abs == b.abs);
    d.terraform_files.sort();
    d.terraform_files.dedup_by(|a, b| a.abs == b.abs);
    d
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn describe_walk_error(err: &ignore::Error, cwd: &Path) -> (Option<Arc<str>>, String) {
    match err {
        ignore::Error::WithPath { path, err } => {
            let (_, inner) = describe_walk_error(err, cwd);
            (Some(display_path(path, cwd).into()), inner)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err, cwd)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(display_path(child, cwd).into()),
            format!(
                "symbolic link loop: {} points back to {}",
                display_path(child, cwd),
                display_path(ancestor, cwd)
            ),
        ),
        ignore::Error::Io(e) => (None, format!("cannot read: {e}")),
        other => (None, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_match_at_any_depth_and_prune_dirs() {
        let g =
            build_excludes(&["vendor/**".into(), "*.generated.yaml".into()]).expect("valid globs");
        assert!(g.is_match("vendor"));
        assert!(g.is_match("vendor/a/b.yaml"));
        assert!(g.is_match("deploy/x.generated.yaml"));
        assert!(!g.is_match("deploy/x.yaml"));
    }

    #[test]
    fn display_paths_are_relative_with_forward_slashes() {
        assert_eq!(
            display_path(Path::new("/w/repo/a/b.yaml"), Path::new("/w/repo")),
            "a/b.yaml"
        );
        assert_eq!(
            display_path(Path::new("/w/repo"), Path::new("/w/repo")),
            "."
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/x.yaml"), Path::new("/w/repo")),
            "/elsewhere/x.yaml"
        );
    }
}
