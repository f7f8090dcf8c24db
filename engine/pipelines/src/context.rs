//! Reading the other files a pipeline draws from (Azure DevOps templates, local composite
//! actions, local reusable workflows): path resolution, display paths relative to the scan root,
//! an inclusion stack for cycle detection, and the diagnostics those reads produce.
//! [`SharedFiles`] lets every document of a scan share the files read: a template included by
//! forty pipelines is read and parsed once, not forty times.

use comply_model::{Diagnostic, DiagnosticLevel};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::script::{FileText, Texts};
use crate::tree::Y;

/// Largest included file read, in bytes.
const MAX_INCLUDE_BYTES: u64 = 16 << 20;
/// Most included files read for one document (Azure DevOps allows 100).
const MAX_INCLUDES: usize = 200;
/// Deepest inclusion chain (Azure DevOps allows 100 nested templates; 20 levels in practice).
const MAX_DEPTH: usize = 50;

/// Included files (Azure templates, local actions and reusable workflows) already read and
/// parsed, shared by the documents loaded with the same value: pass one to
/// [`crate::load_shared`] for every file of a scan. Cheap to clone (the clones share the
/// files) and safe to use from several threads. Files that cannot be read are not kept, so
/// each reference to them is reported; parse errors are kept and reported by each includer.
#[derive(Debug, Clone, Default)]
pub struct SharedFiles {
    files: Arc<Mutex<HashMap<PathBuf, Arc<SharedFile>>>>,
}

/// One included file: its text and its parsed tree (spans without a file), or the parse error.
#[derive(Debug)]
struct SharedFile {
    text: Arc<str>,
    tree: Result<Y, comply_yaml::YamlError>,
}

impl SharedFiles {
    fn get(&self, abs: &Path) -> Option<Arc<SharedFile>> {
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(abs)
            .cloned()
    }

    fn insert(&self, abs: PathBuf, file: SharedFile) -> Arc<SharedFile> {
        let file = Arc::new(file);
        // Two threads may parse the same file at once; the results are equal, keep the first.
        Arc::clone(
            self.files
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(abs)
                .or_insert(file),
        )
    }
}

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
    /// Files already read and parsed for this document, spans set to their display path.
    cache: HashMap<PathBuf, (Y, Arc<str>)>,
    /// Files already read and parsed for the whole scan.
    shared: SharedFiles,
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
    pub(crate) fn new(
        root_rel: &Arc<str>,
        root_abs: &Path,
        text: &str,
        shared: &SharedFiles,
    ) -> Self {
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
            cache: HashMap::new(),
            shared: shared.clone(),
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
            return Some(hit.clone());
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
        let file = match self.shared.get(&abs) {
            Some(f) => f,
            None => match read(&abs) {
                Ok(text) => {
                    let tree = crate::parse(&text).map(|d| Y::from_parts(d.value, &d.spans));
                    self.shared.insert(
                        abs.clone(),
                        SharedFile {
                            text: text.into(),
                            tree,
                        },
                    )
                }
                // Not kept: every reference to a missing file is reported where it is.
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
            },
        };
        let loaded = self.read_file(&rel, &file, from, line)?;
        self.cache.insert(abs, loaded.clone());
        Some(loaded)
    }

    fn read_file(
        &mut self,
        rel: &Arc<str>,
        file: &SharedFile,
        from: Option<&Arc<str>>,
        line: u32,
    ) -> Option<(Y, Arc<str>)> {
        let tree = match &file.tree {
            Ok(t) => t,
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
                self.remember(rel, &file.text);
                return None;
            }
        };
        self.remember(rel, &file.text);
        Some((tree.clone_in_file(rel), Arc::clone(rel)))
    }

    fn remember(&mut self, rel: &Arc<str>, text: &Arc<str>) {
        if self.included.insert(Arc::clone(rel)) {
            self.texts
                .files
                .insert(Some(Arc::clone(rel)), FileText::new(Arc::clone(text)));
            self.read.push((Arc::clone(rel), Arc::clone(text)));
        }
    }
}

/// The text of an included file, or why it cannot be read.
fn read(abs: &Path) -> Result<String, String> {
    match std::fs::metadata(abs) {
        Ok(m) if m.is_file() && m.len() <= MAX_INCLUDE_BYTES => {
            std::fs::read_to_string(abs).map_err(|e| e.to_string())
        }
        Ok(m) if m.is_file() => Err(format!("larger than {} MiB", MAX_INCLUDE_BYTES >> 20)),
        Ok(_) => Err("not a regular file".into()),
        Err(e) => Err(if e.kind() == std::io::ErrorKind::NotFound {
            "no such file".into()
        } else {
            e.to_string()
        }),
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
            &SharedFiles::default(),
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
            &SharedFiles::default(),
        );
        assert_eq!(&*c.rel_of(Path::new("/w/other/x.yml")), "../other/x.yml");
    }
}
