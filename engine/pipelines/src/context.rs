//! Reading the other files a pipeline draws from (Azure DevOps templates, local composite
//! actions, local reusable workflows): path resolution, display paths relative to the scan root,
//! an inclusion stack for cycle detection, and the diagnostics those reads produce.

use comply_model::{Diagnostic, DiagnosticLevel};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::script::{FileText, Texts};
use crate::tree::Y;

/// Largest included file read, in bytes.
const MAX_INCLUDE_BYTES: u64 = 16 << 20;
/// Most included files read for one document (Azure DevOps allows 100).
const MAX_INCLUDES: usize = 200;
/// Deepest inclusion chain (Azure DevOps allows 100 nested templates; 20 levels in practice).
const MAX_DEPTH: usize = 50;

/// Loader state for one root file.
pub(crate) struct Ctx {
    pub(crate) root_rel: Arc<str>,
    root_abs: PathBuf,
    pub(crate) texts: Texts,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Display paths of every other file read.
    pub(crate) included: BTreeSet<Arc<str>>,
    /// (display path, text) of every other file read.
    pub(crate) read: Vec<(Arc<str>, Arc<str>)>,
    /// Absolute paths being expanded, outermost first, for cycle detection.
    pub(crate) stack: Vec<PathBuf>,
    /// Files already read and parsed: read once however often they are included.
    cache: std::collections::HashMap<PathBuf, Option<(Y, Arc<str>)>>,
}

/// Lexical normalisation: `a/./b/../c` → `a/c`.
pub(crate) fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

impl Ctx {
    pub(crate) fn new(root_rel: &Arc<str>, root_abs: &Path, text: &str) -> Self {
        let mut texts = Texts::default();
        texts.files.insert(None, FileText::new(text.into()));
        Self {
            root_rel: Arc::clone(root_rel),
            root_abs: normalise(root_abs),
            texts,
            diagnostics: Vec::new(),
            included: BTreeSet::new(),
            read: Vec::new(),
            stack: vec![normalise(root_abs)],
            cache: std::collections::HashMap::new(),
        }
    }

    /// The absolute path of the file a span lies in.
    pub(crate) fn abs_of(&self, file: Option<&Arc<str>>) -> PathBuf {
        match file {
            None => self.root_abs.clone(),
            Some(rel) => {
                let root_dir_rel = Path::new(&*self.root_rel).parent().unwrap_or(Path::new(""));
                let root_dir_abs = self.root_abs.parent().unwrap_or(Path::new("/"));
                let r = Path::new(&**rel);
                if r.is_absolute() {
                    return r.to_path_buf();
                }
                // rel = root_dir_rel/<tail>; rebuild from the absolute directory.
                let back = root_dir_rel.components().count();
                let mut base = root_dir_abs.to_path_buf();
                for _ in 0..back {
                    base.pop();
                }
                normalise(&base.join(r))
            }
        }
    }

    /// The display path of `abs`, in the same frame as the root file's display path.
    pub(crate) fn rel_of(&self, abs: &Path) -> Arc<str> {
        let root_dir_rel = Path::new(&*self.root_rel).parent().unwrap_or(Path::new(""));
        let root_dir_abs = self.root_abs.parent().unwrap_or(Path::new("/"));
        let mut base_abs = root_dir_abs.to_path_buf();
        let mut base_rel = root_dir_rel.to_path_buf();
        loop {
            if let Ok(tail) = abs.strip_prefix(&base_abs) {
                let p = normalise(&base_rel.join(tail));
                return p.to_string_lossy().replace('\\', "/").into();
            }
            if !base_abs.pop() {
                break;
            }
            if base_rel.as_os_str().is_empty() || base_rel.ends_with("..") {
                base_rel.push("..");
            } else {
                base_rel.pop();
            }
        }
        abs.to_string_lossy().replace('\\', "/").into()
    }

    /// The repository root for paths written as `/x/y.yml` (Azure DevOps) or `./x` (GitHub):
    /// the closest ancestor holding `.git` or `.github`, else the parent of `.github` or
    /// `.azure-pipelines` when the root file lies inside one, else the root file's directory.
    pub(crate) fn repo_root(&self) -> PathBuf {
        let dir = self.root_abs.parent().unwrap_or(Path::new("/"));
        for a in dir.ancestors() {
            if a.join(".git").exists() || a.join(".github").is_dir() {
                return a.to_path_buf();
            }
        }
        for a in dir.ancestors() {
            if a.file_name()
                .is_some_and(|n| n == ".github" || n == ".azure-pipelines")
            {
                if let Some(p) = a.parent() {
                    return p.to_path_buf();
                }
            }
        }
        dir.to_path_buf()
    }

    /// Pushes a diagnostic about `file` (a display path; `None` = the root file) at `line`.
    pub(crate) fn diag(
        &mut self,
        level: DiagnosticLevel,
        code: &str,
        file: Option<&Arc<str>>,
        line: u32,
        msg: String,
    ) {
        let f = file.cloned().unwrap_or_else(|| Arc::clone(&self.root_rel));
        self.diagnostics.push(Diagnostic::new(
            level,
            code,
            Some(f),
            (line > 0).then_some(line),
            msg,
        ));
    }

    /// Reads and parses an included file. `from` is the display path of the including file
    /// (`None` = root) and `line` the line of the reference. Cycles, missing files, depth and
    /// count limits and parse errors become diagnostics naming the including file and line
    /// (or the included file's own line for parse errors); the result is then `None`.
    pub(crate) fn include(
        &mut self,
        abs: &Path,
        what: &str,
        from: Option<&Arc<str>>,
        line: u32,
    ) -> Option<(Y, Arc<str>)> {
        let abs = normalise(abs);
        let rel = self.rel_of(&abs);
        if let Some(pos) = self.stack.iter().position(|p| *p == abs) {
            let mut chain: Vec<String> = self.stack[pos..]
                .iter()
                .map(|p| self.rel_of(p).to_string())
                .collect();
            chain.push(rel.to_string());
            self.diag(
                DiagnosticLevel::Error,
                "template-cycle",
                from,
                line,
                format!("{what} cycle: {} (not expanded again)", chain.join(" -> ")),
            );
            return None;
        }
        if let Some(hit) = self.cache.get(&abs) {
            return hit.clone();
        }
        if self.stack.len() > MAX_DEPTH || self.cache.len() >= MAX_INCLUDES {
            self.diag(
                DiagnosticLevel::Error,
                "template-limit",
                from,
                line,
                format!("{what} {rel} not expanded: more than {MAX_DEPTH} nested or {MAX_INCLUDES} included files"),
            );
            return None;
        }
        let meta = std::fs::metadata(&abs);
        let text = match meta {
            Ok(m) if m.is_file() && m.len() <= MAX_INCLUDE_BYTES => {
                std::fs::read_to_string(&abs).map_err(|e| e.to_string())
            }
            Ok(m) if m.is_file() => Err(format!("larger than {} MiB", MAX_INCLUDE_BYTES >> 20)),
            Ok(_) => Err("not a regular file".into()),
            Err(e) => Err(if e.kind() == std::io::ErrorKind::NotFound {
                "no such file".into()
            } else {
                e.to_string()
            }),
        };
        let loaded = self.read_file(&rel, text, what, from, line);
        // Failures are not cached: every reference to a missing file is reported where it is.
        if loaded.is_some() {
            self.cache.insert(abs, loaded.clone());
        }
        loaded
    }

    fn read_file(
        &mut self,
        rel: &Arc<str>,
        text: Result<String, String>,
        what: &str,
        from: Option<&Arc<str>>,
        line: u32,
    ) -> Option<(Y, Arc<str>)> {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                self.diag(
                    DiagnosticLevel::Error,
                    "template-missing",
                    from,
                    line,
                    format!("{what} {rel} cannot be read: {e}"),
                );
                return None;
            }
        };
        let doc = match crate::parse(&text) {
            Ok(d) => d,
            Err(e) => {
                let mut d = Diagnostic::error(
                    "parse-error",
                    Some(Arc::clone(rel)),
                    Some(e.line),
                    format!(
                        "{} (included from {}:{line})",
                        e.message,
                        from.map_or(&*self.root_rel, |f| &**f)
                    ),
                );
                d.col = Some(e.col);
                self.diagnostics.push(d);
                self.remember(rel, text);
                return None;
            }
        };
        self.remember(rel, text);
        let mut y = Y::from_parts(doc.value, &doc.spans);
        y.set_file(rel);
        Some((y, Arc::clone(rel)))
    }

    fn remember(&mut self, rel: &Arc<str>, text: String) {
        if self.included.insert(Arc::clone(rel)) {
            let t: Arc<str> = text.into();
            self.texts
                .files
                .insert(Some(Arc::clone(rel)), FileText::new(Arc::clone(&t)));
            self.read.push((Arc::clone(rel), t));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_follow_the_root_frame() {
        let c = Ctx::new(
            &"repo/ci/azure-pipelines.yml".into(),
            Path::new("/w/repo/ci/azure-pipelines.yml"),
            "",
        );
        assert_eq!(
            &*c.rel_of(Path::new("/w/repo/ci/t/steps.yml")),
            "repo/ci/t/steps.yml"
        );
        assert_eq!(&*c.rel_of(Path::new("/w/repo/eng/x.yml")), "repo/eng/x.yml");
        assert_eq!(
            c.abs_of(Some(&"repo/eng/x.yml".into())),
            PathBuf::from("/w/repo/eng/x.yml")
        );
        let c = Ctx::new(
            &"azure-pipelines.yml".into(),
            Path::new("/w/repo/azure-pipelines.yml"),
            "",
        );
        assert_eq!(&*c.rel_of(Path::new("/w/other/x.yml")), "../other/x.yml");
    }
}
