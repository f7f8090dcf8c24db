//! Loading a chart the way Helm's loader does: from a directory or a `.tgz`, honouring
//! `.helmignore`; `Chart.yaml` (apiVersion v1 and v2, with `requirements.yaml` for v1),
//! `values.yaml`, `values.schema.json`, `templates/`, `crds/`, other files for `.Files`, and
//! subcharts from `charts/<name>/` directories and `charts/*.tgz` archives, recursively.

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use crate::error::HelmError;

/// One dependency entry of `Chart.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Dependency {
    /// Chart name.
    pub name: String,
    /// Version constraint.
    pub version: String,
    /// Repository URL.
    pub repository: String,
    /// Comma-separated values paths that enable it.
    pub condition: String,
    /// Tags that enable it.
    pub tags: Vec<String>,
    /// Name to use instead of `name`.
    pub alias: String,
    /// import-values entries (strings or {child, parent} maps).
    pub import_values: Vec<serde_json::Value>,
}

/// A loaded chart (not yet rendered).
#[derive(Debug, Clone, Default)]
pub struct Chart {
    /// `Chart.yaml` as parsed.
    pub metadata: serde_json::Value,
    /// Chart name (after aliasing).
    pub name: String,
    /// Chart version.
    pub version: String,
    /// `application` or `library`.
    pub chart_type: String,
    /// Declared dependencies.
    pub dependencies: Vec<Dependency>,
    /// values.yaml parsed (a map; empty when absent).
    pub values: serde_json::Value,
    /// values.yaml text, for positions.
    pub values_text: Option<String>,
    /// values.schema.json parsed.
    pub schema: Option<serde_json::Value>,
    /// (path relative to the chart, text) of files under templates/.
    pub templates: Vec<(String, Arc<str>)>,
    /// (path relative to the chart, text) of files under crds/.
    pub crds: Vec<(String, Arc<str>)>,
    /// Every other file, for `.Files`, sorted by path.
    pub files: Vec<(String, Arc<[u8]>)>,
    /// Loaded subcharts, in load order (sorted by path).
    pub subcharts: Vec<Chart>,
    /// Where it was loaded from, for messages.
    pub origin: String,
}

const MAX_ARCHIVE_BYTES: u64 = 256 << 20;
const MAX_FILE_BYTES: u64 = 64 << 20;

/// Loads a chart from a directory or a `.tgz` file.
pub fn load(path: &Path) -> Result<Chart, HelmError> {
    let origin = path.display().to_string();
    if path.is_dir() {
        let mut files = Vec::new();
        walk(path, path, &mut files, 0).map_err(|e| HelmError::Load {
            chart: origin.clone(),
            message: e,
        })?;
        let mut chart = from_files(files, &origin)?;
        resolve_local_dependencies(&mut chart, path, 0);
        Ok(chart)
    } else {
        let data = std::fs::read(path).map_err(|e| HelmError::Load {
            chart: origin.clone(),
            message: e.to_string(),
        })?;
        from_archive(&data, &origin)
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, Vec<u8>)>,
    depth: usize,
) -> Result<(), String> {
    if depth > 32 {
        return Err(format!("{}: directories nested too deeply", dir.display()));
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(root, &p, out, depth + 1)?;
        } else if ft.is_file() {
            let rel = p
                .strip_prefix(root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            if len > MAX_FILE_BYTES {
                return Err(format!(
                    "{}: file larger than {MAX_FILE_BYTES} bytes",
                    p.display()
                ));
            }
            let data = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            out.push((rel, data));
        }
    }
    Ok(())
}

/// Dependencies declared in `Chart.yaml` but absent from `charts/` are looked up on disk, as
/// `helm dependency build` would fetch them: a `file://` repository path, else a sibling chart
/// directory of the same name (a monorepo of charts). Ones found nowhere stay missing, and the
/// chart renders without them.
fn resolve_local_dependencies(chart: &mut Chart, dir: &Path, depth: usize) {
    if depth > 8 {
        return;
    }
    let missing: Vec<Dependency> = chart
        .dependencies
        .iter()
        .filter(|d| !chart.subcharts.iter().any(|c| c.name == d.name))
        .cloned()
        .collect();
    for d in missing {
        let candidate = match d.repository.strip_prefix("file://") {
            Some(rel) => dir.join(rel),
            None => match dir.parent() {
                Some(p) => p.join(&d.name),
                None => continue,
            },
        };
        if !candidate.join("Chart.yaml").is_file() {
            continue;
        }
        let Ok(canon) = candidate.canonicalize() else {
            continue;
        };
        if dir.canonicalize().is_ok_and(|c| c == canon) {
            continue;
        }
        let mut files = Vec::new();
        if walk(&candidate, &candidate, &mut files, 0).is_err() {
            continue;
        }
        let origin = candidate.display().to_string();
        if let Ok(mut sub) = from_files(files, &origin) {
            if sub.name == d.name {
                resolve_local_dependencies(&mut sub, &candidate, depth + 1);
                chart.subcharts.push(sub);
            }
        }
    }
}

/// Loads a chart from `.tgz` bytes (one top-level directory, as `helm package` writes).
pub fn from_archive(data: &[u8], origin: &str) -> Result<Chart, HelmError> {
    let err = |m: String| HelmError::Load {
        chart: origin.to_string(),
        message: m,
    };
    let gz = flate2::read::GzDecoder::new(data);
    let mut ar = tar::Archive::new(gz.take(MAX_ARCHIVE_BYTES));
    let mut files = Vec::new();
    let entries = ar
        .entries()
        .map_err(|e| err(format!("not a chart archive: {e}")))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| err(format!("corrupt chart archive: {e}")))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry
            .path()
            .map_err(|e| err(e.to_string()))?
            .to_string_lossy()
            .replace('\\', "/");
        // Strip the top-level directory.
        let Some((_, rel)) = path.trim_start_matches("./").split_once('/') else {
            continue;
        };
        if rel.split('/').any(|c| c == "..") {
            return Err(err(format!("archive entry escapes the chart: {path}")));
        }
        let mut buf = Vec::new();
        entry
            .read_to_end(&mut buf)
            .map_err(|e| err(format!("corrupt chart archive: {e}")))?;
        files.push((rel.to_string(), buf));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    from_files(files, origin)
}

/// `.helmignore` rules.
struct Ignore {
    rules: Vec<(bool, bool, globset::GlobMatcher, bool)>,
}

impl Ignore {
    fn parse(text: &str) -> Ignore {
        let mut rules = Vec::new();
        for line in text.lines() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let (neg, l) = match l.strip_prefix('!') {
                Some(r) => (true, r),
                None => (false, l),
            };
            let dir_only = l.ends_with('/');
            let pat = l.trim_end_matches('/').trim_start_matches("./");
            let with_slash = pat.contains('/');
            if let Ok(g) = globset::GlobBuilder::new(pat)
                .literal_separator(true)
                .build()
            {
                rules.push((neg, dir_only, g.compile_matcher(), with_slash));
            }
        }
        Ignore { rules }
    }

    fn ignored(&self, rel: &str) -> bool {
        let mut ignored = false;
        let comps: Vec<&str> = rel.split('/').collect();
        for (neg, dir_only, g, with_slash) in &self.rules {
            let hit = if *with_slash {
                // Match the path or any parent directory path.
                (1..=comps.len()).any(|n| {
                    let is_dir = n < comps.len();
                    (is_dir || !dir_only) && g.is_match(comps[..n].join("/"))
                })
            } else {
                comps.iter().enumerate().any(|(i, c)| {
                    let is_dir = i + 1 < comps.len();
                    (is_dir || !dir_only) && g.is_match(c)
                })
            };
            if hit {
                ignored = !neg;
            }
        }
        ignored
    }
}

fn parse_yaml(text: &str, what: &str, origin: &str) -> Result<serde_json::Value, HelmError> {
    let opts = comply_yaml::Options::default();
    let mut docs = comply_yaml::parse_stream(text, &opts);
    match docs.first_mut() {
        None => Ok(serde_json::Value::Object(serde_json::Map::new())),
        Some(Ok(d)) => Ok(std::mem::take(&mut d.value)),
        Some(Err(e)) => Err(HelmError::Load {
            chart: origin.to_string(),
            message: format!("{what}: {e}"),
        }),
    }
}

fn json_str(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn parse_deps(v: Option<&serde_json::Value>) -> Vec<Dependency> {
    let Some(serde_json::Value::Array(a)) = v else {
        return Vec::new();
    };
    a.iter()
        .filter_map(|d| {
            let o = d.as_object()?;
            let g = |k: &str| o.get(k).map(json_str).unwrap_or_default();
            Some(Dependency {
                name: g("name"),
                version: g("version"),
                repository: g("repository"),
                condition: g("condition"),
                tags: o
                    .get("tags")
                    .and_then(|t| t.as_array())
                    .map(|t| t.iter().map(json_str).collect())
                    .unwrap_or_default(),
                alias: g("alias"),
                import_values: o
                    .get("import-values")
                    .and_then(|t| t.as_array())
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Builds a chart from its files (paths relative to the chart root).
pub fn from_files(files: Vec<(String, Vec<u8>)>, origin: &str) -> Result<Chart, HelmError> {
    let ignore = files
        .iter()
        .find(|(p, _)| p == ".helmignore")
        .map(|(_, d)| Ignore::parse(&String::from_utf8_lossy(d)));
    let text = |d: Vec<u8>, p: &str| -> Result<String, HelmError> {
        String::from_utf8(d).map_err(|_| HelmError::Load {
            chart: origin.to_string(),
            message: format!("{p}: not UTF-8 text"),
        })
    };
    let mut chart = Chart {
        origin: origin.to_string(),
        values: serde_json::Value::Object(serde_json::Map::new()),
        ..Chart::default()
    };
    let mut sub_dirs: std::collections::BTreeMap<String, Vec<(String, Vec<u8>)>> =
        std::collections::BTreeMap::new();
    let mut sub_archives: Vec<(String, Vec<u8>)> = Vec::new();
    let mut have_chart_yaml = false;
    let mut requirements: Option<serde_json::Value> = None;
    for (path, data) in files {
        if path == ".helmignore" {
            continue;
        }
        if let Some(ig) = &ignore {
            if ig.ignored(&path) {
                continue;
            }
        }
        if let Some(rest) = path.strip_prefix("charts/") {
            match rest.split_once('/') {
                Some((dir, inner)) => sub_dirs
                    .entry(dir.to_string())
                    .or_default()
                    .push((inner.to_string(), data)),
                None if rest.ends_with(".tgz") || rest.ends_with(".tar.gz") => {
                    sub_archives.push((path, data));
                }
                None => chart.files.push((path, Arc::from(data))),
            }
            continue;
        }
        match path.as_str() {
            "Chart.yaml" => {
                have_chart_yaml = true;
                chart.metadata = parse_yaml(&text(data, &path)?, "Chart.yaml", origin)?;
            }
            "values.yaml" => {
                let t = text(data, &path)?;
                chart.values = parse_yaml(&t, "values.yaml", origin)?;
                if chart.values.is_null() {
                    chart.values = serde_json::Value::Object(serde_json::Map::new());
                }
                chart.values_text = Some(t);
            }
            "values.schema.json" => {
                let t = text(data, &path)?;
                chart.schema = Some(serde_json::from_str(&t).map_err(|e| HelmError::Load {
                    chart: origin.to_string(),
                    message: format!("values.schema.json: {e}"),
                })?);
            }
            "requirements.yaml" => {
                requirements = Some(parse_yaml(
                    &text(data, &path)?,
                    "requirements.yaml",
                    origin,
                )?);
            }
            "requirements.lock" | "Chart.lock" => {}
            p if p.starts_with("templates/") => {
                let t = text(data, p)?;
                chart.templates.push((path, Arc::from(t)));
            }
            p if p.starts_with("crds/") => {
                // CRD files can be megabytes: one copy serves `crds` and `.Files`.
                match String::from_utf8(data) {
                    Ok(t) => {
                        let t: Arc<str> = Arc::from(t);
                        chart.crds.push((path.clone(), Arc::clone(&t)));
                        chart.files.push((path, Arc::<[u8]>::from(t)));
                    }
                    Err(e) => {
                        let t = String::from_utf8_lossy(e.as_bytes()).into_owned();
                        chart.crds.push((path.clone(), Arc::from(t)));
                        chart.files.push((path, Arc::from(e.into_bytes())));
                    }
                }
            }
            _ => chart.files.push((path, Arc::from(data))),
        }
    }
    if !have_chart_yaml {
        return Err(HelmError::Load {
            chart: origin.to_string(),
            message: "Chart.yaml file is missing".into(),
        });
    }
    let meta = chart.metadata.as_object().cloned().unwrap_or_default();
    let g = |k: &str| meta.get(k).map(json_str).unwrap_or_default();
    chart.name = g("name");
    chart.version = g("version");
    chart.chart_type = g("type");
    if chart.name.is_empty() {
        return Err(HelmError::Load {
            chart: origin.to_string(),
            message: "Chart.yaml: chart name is required".into(),
        });
    }
    chart.dependencies = parse_deps(meta.get("dependencies"));
    if chart.dependencies.is_empty() {
        if let Some(r) = &requirements {
            chart.dependencies = parse_deps(r.get("dependencies"));
        }
    }
    let mut subs: Vec<(String, Chart)> = Vec::new();
    for (dir, files) in sub_dirs {
        if files.iter().any(|(p, _)| p == "Chart.yaml") {
            let o = format!("{origin}/charts/{dir}");
            subs.push((format!("charts/{dir}"), from_files(files, &o)?));
        }
    }
    for (path, data) in sub_archives {
        let o = format!("{origin}/{path}");
        subs.push((path, from_archive(&data, &o)?));
    }
    subs.sort_by(|a, b| a.0.cmp(&b.0));
    chart.subcharts = subs.into_iter().map(|(_, c)| c).collect();
    chart.files.sort_by(|a, b| a.0.cmp(&b.0));
    chart.templates.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helmignore_rules() {
        let ig = Ignore::parse("*.bak\nimg/\n!keep.bak\nci/*.yaml\n");
        assert!(ig.ignored("a/b.bak"));
        assert!(!ig.ignored("keep.bak"));
        assert!(ig.ignored("img/x.png"));
        assert!(ig.ignored("ci/values.yaml"));
        assert!(!ig.ignored("templates/img.yaml"));
    }
}
