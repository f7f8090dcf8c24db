//! Rendering a loaded chart as `helm template` does: values (files, `--set`, dependencies,
//! coalescing, schema), one template set over the chart and its enabled subcharts (defines of
//! the parent win over subcharts', as Helm's parse order makes them), execution of every
//! non-partial template with its chart-scoped `.Values`, then splitting the output into
//! manifests and sorting them in Helm's install order. Each manifest line keeps the template
//! file and line that produced it, and the values path when it printed a value.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Map, Value as J};

use crate::chart::Chart;
use crate::error::HelmError;
use crate::exec::{Budget, Exec, Out, TPL_FILE};
use crate::objects::{Capabilities, Files, Object};
use crate::value::Value;

/// How to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Release name (`helm template NAME`).
    pub release_name: String,
    /// Release namespace.
    pub namespace: String,
    /// User values files in order: (display name, text).
    pub value_files: Vec<(String, String)>,
    /// `--set` arguments.
    pub set: Vec<String>,
    /// `--set-string` arguments.
    pub set_string: Vec<String>,
    /// Kubernetes version the capabilities report.
    pub kube_version: String,
    /// Extra API versions for `.Capabilities.APIVersions`.
    pub api_versions: Vec<String>,
    /// Print `crds/` files first.
    pub include_crds: bool,
    /// Seed of the random functions.
    pub seed: u64,
    /// Limits.
    pub budget: Budget,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            release_name: "release-name".into(),
            namespace: "default".into(),
            value_files: Vec::new(),
            set: Vec::new(),
            set_string: Vec::new(),
            kube_version: "v1.35.0".into(),
            api_versions: Vec::new(),
            include_crds: false,
            seed: 1,
            budget: Budget::default(),
        }
    }
}

/// Where a line of a manifest came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Template path as Helm names it (`chart/templates/x.yaml`, `chart/templates/_helpers.tpl`).
    pub template: Arc<str>,
    /// 1-based line in that template.
    pub line: u32,
    /// Values path (encoded, see [`crate::exec::values_path`]) when the line printed a value
    /// read from `.Values`; relative to the root chart's values.
    pub values: Option<Arc<str>>,
}

/// One rendered document.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Template that produced it (`chart/templates/x.yaml`).
    pub source: String,
    /// The document text (trimmed, as Helm prints it).
    pub content: String,
    /// `kind` of the document.
    pub kind: String,
    /// A Helm hook (printed after the other manifests).
    pub hook: bool,
    /// A file from `crds/`.
    pub crd: bool,
    /// Origin of each line of `content`.
    pub origins: Vec<Option<Origin>>,
    /// `content` parsed (positions relative to `content`), as the split parsed it to read the
    /// kind; `None` for `crds/` files and empty documents. Scanners take it instead of parsing
    /// the text again.
    pub doc: Option<comply_yaml::YamlDoc>,
}

/// The result of a render.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Manifests in `helm template` order.
    pub manifests: Vec<Manifest>,
    /// The final values of the root chart.
    pub values: J,
    /// Chart name of the root.
    pub chart: String,
}

impl Rendered {
    /// The output `helm template` would print.
    pub fn to_helm_output(&self) -> String {
        let mut s = String::new();
        for m in &self.manifests {
            s.push_str("---\n# Source: ");
            s.push_str(&m.source);
            s.push('\n');
            s.push_str(&m.content);
            s.push('\n');
        }
        s
    }
}

/// Helm's install order by kind.
pub const INSTALL_ORDER: [&str; 38] = [
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// API versions `helm template` assumes without a cluster.
const DEFAULT_API_VERSIONS: &str = include_str!("api_versions.txt");

/// Renders a chart.
pub fn render(chart: &Chart, opts: &RenderOptions) -> Result<Rendered, HelmError> {
    if chart.chart_type == "library" {
        return Err(HelmError::Load {
            chart: chart.name.clone(),
            message: "library charts are not installable".into(),
        });
    }
    // User values.
    let mut user = Map::new();
    for (name, text) in &opts.value_files {
        let opts_y = comply_yaml::Options::default();
        let docs = comply_yaml::parse_stream(text, &opts_y);
        match docs.into_iter().next() {
            None => {}
            Some(Ok(d)) => match d.value {
                J::Object(m) => crate::values::merge_maps(&mut user, &m),
                J::Null => {}
                _ => {
                    return Err(HelmError::Values {
                        file: name.clone(),
                        message: "values file must be a mapping".into(),
                    })
                }
            },
            Some(Err(e)) => {
                return Err(HelmError::Values {
                    file: name.clone(),
                    message: e.to_string(),
                })
            }
        }
    }
    for s in &opts.set {
        crate::values::apply_set(&mut user, s, false).map_err(|m| HelmError::Values {
            file: "--set".into(),
            message: m,
        })?;
    }
    for s in &opts.set_string {
        crate::values::apply_set(&mut user, s, true).map_err(|m| HelmError::Values {
            file: "--set-string".into(),
            message: m,
        })?;
    }
    let mut chart = chart.clone();
    crate::values::process_dependencies(&mut chart, &user);
    let mut vals = user;
    crate::values::coalesce(&chart, &mut vals);
    validate_schemas(&chart, &vals)?;
    let vals = J::Object(vals);

    // Collect templates of the chart tree.
    let mut tpls: Vec<TplInfo> = Vec::new();
    collect(&chart, &chart.name, &[], &mut tpls);
    let top_values = Value::from_json(&vals);
    let caps = Rc::new(Object::Capabilities(Capabilities {
        kube_version: opts.kube_version.clone(),
        api_versions: Rc::new(
            DEFAULT_API_VERSIONS
                .split_whitespace()
                .map(str::to_string)
                .chain(opts.api_versions.iter().cloned())
                .collect(),
        ),
    }));
    let release = {
        let mut m = BTreeMap::new();
        m.insert("Name".into(), Value::str(opts.release_name.as_str()));
        m.insert("Namespace".into(), Value::str(opts.namespace.as_str()));
        m.insert("IsInstall".into(), Value::Bool(true));
        m.insert("IsUpgrade".into(), Value::Bool(false));
        m.insert("Revision".into(), Value::Int(1));
        m.insert("Service".into(), Value::str("Helm"));
        Value::map(m)
    };

    // Helm's parse order: deeper paths first, then reverse alphabetical; later defines win.
    let mut order: Vec<usize> = (0..tpls.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&tpls[a].name, &tpls[b].name);
        let (ca, cb) = (pa.matches('/').count(), pb.matches('/').count());
        cb.cmp(&ca).then_with(|| pb.cmp(pa))
    });
    let file_names: Vec<Rc<str>> = tpls.iter().map(|t| Rc::from(t.name.as_str())).collect();
    let mut defines = HashMap::new();
    let mut roots: Vec<Option<Rc<Vec<crate::parse::Node>>>> = vec![None; tpls.len()];
    // The same text (a library chart vendored by several subcharts, the same template in
    // another environment's render or another chart) is parsed once per thread.
    for &i in &order {
        let t = &tpls[i];
        let shared = crate::parse::parse_shared(&t.text).map_err(|e| HelmError::Parse {
            chart: t.chart_name.clone(),
            template: t.name.clone(),
            line: e.line,
            col: e.col,
            message: e.message,
        })?;
        let (root, defs) = (&shared.0, &shared.1);
        let fid = u32::try_from(i).unwrap_or(u32::MAX - 1);
        defines.insert(Rc::clone(&file_names[i]), (fid, Rc::clone(root)));
        for (name, body) in defs {
            defines.insert(Rc::clone(name), (fid, Rc::clone(body)));
        }
        roots[i] = Some(Rc::clone(root));
    }
    let mut ex = Exec::new(defines, &file_names, opts.budget, opts.seed);
    ex.register_values(&top_values, "");

    let mut outputs: Vec<(usize, Out)> = Vec::new();
    let mut chart_maps: HashMap<String, Value> = HashMap::new();
    for &i in &order {
        let t = &tpls[i];
        let base = t.name.rsplit('/').next().unwrap_or("");
        if base.starts_with('_')
            || t.library
            || base == "NOTES.txt"
            || !t.rel.starts_with("templates/")
        {
            continue;
        }
        let Some(root) = roots[i].clone() else {
            continue;
        };
        let scoped = scope(&top_values, &t.value_path);
        let chart_map = chart_maps
            .entry(t.chart_path.clone())
            .or_insert_with(|| chart_value(&t.metadata, &t.chart_name, t.value_path.is_empty()))
            .clone();
        let mut data = BTreeMap::new();
        data.insert("Values".to_string(), scoped);
        data.insert("Release".to_string(), release.clone());
        data.insert("Chart".to_string(), chart_map);
        data.insert("Capabilities".to_string(), Value::Obj(Rc::clone(&caps)));
        data.insert(
            "Files".to_string(),
            Value::Obj(Rc::new(Object::Files(Files {
                entries: Rc::clone(&t.files),
            }))),
        );
        let mut tm = BTreeMap::new();
        tm.insert("Name".to_string(), Value::str(t.name.as_str()));
        tm.insert("BasePath".to_string(), Value::str(t.base_path.as_str()));
        data.insert("Template".to_string(), Value::map(tm));
        data.insert("Subcharts".to_string(), Value::empty_map());
        let dot = Value::map(data);
        let fid = u32::try_from(i).unwrap_or(0);
        let out = ex.run(fid, &root, &dot).map_err(|e| {
            let tname = if e.file == TPL_FILE {
                t.name.clone()
            } else {
                file_names
                    .get(e.file as usize)
                    .map_or_else(|| t.name.clone(), |n| n.to_string())
            };
            HelmError::Exec {
                chart: t.chart_name.clone(),
                template: tname,
                line: e.line,
                col: e.col,
                message: e.message,
                user: e.user,
            }
        })?;
        outputs.push((i, out));
    }

    // Split and sort like releaseutil.SortManifests.
    let file_arcs: Vec<Arc<str>> = file_names.iter().map(|f| Arc::from(&**f)).collect();
    outputs.sort_by(|a, b| tpls[a.0].name.cmp(&tpls[b.0].name));
    let mut manifests = Vec::new();
    let mut hooks = Vec::new();
    for (i, out) in &outputs {
        let name = &tpls[*i].name;
        for m in split_manifests(out, name, &file_arcs)? {
            if m.hook {
                hooks.push(m);
            } else {
                manifests.push(m);
            }
        }
    }
    sort_by_kind(&mut manifests);
    sort_by_kind(&mut hooks);
    let mut all = Vec::new();
    if opts.include_crds {
        collect_crds(&chart, &chart.name, &mut all);
    }
    all.extend(manifests);
    all.extend(hooks);
    Ok(Rendered {
        manifests: all,
        values: vals,
        chart: chart.name.clone(),
    })
}

fn collect_crds(chart: &Chart, prefix: &str, out: &mut Vec<Manifest>) {
    for (rel, text) in &chart.crds {
        if !(rel.ends_with(".yaml") || rel.ends_with(".yml") || rel.ends_with(".json")) {
            continue;
        }
        let lines = text.lines().count();
        let source = format!("{prefix}/{rel}");
        let origins = (0..lines)
            .map(|l| {
                Some(Origin {
                    template: Arc::from(source.as_str()),
                    line: u32::try_from(l + 1).unwrap_or(u32::MAX),
                    values: None,
                })
            })
            .collect();
        out.push(Manifest {
            source: source.clone(),
            content: text.trim_end_matches('\n').to_string(),
            kind: "CustomResourceDefinition".into(),
            hook: false,
            crd: true,
            origins,
            doc: None,
        });
    }
    for s in &chart.subcharts {
        collect_crds(s, &format!("{prefix}/charts/{}", s.name), out);
    }
}

fn kind_rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

fn sort_by_kind(v: &mut [Manifest]) {
    v.sort_by(|a, b| match (kind_rank(&a.kind), kind_rank(&b.kind)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.kind.cmp(&b.kind),
    });
}

struct TplInfo {
    name: String,
    rel: String,
    text: Arc<str>,
    base_path: String,
    chart_name: String,
    chart_path: String,
    value_path: Vec<String>,
    metadata: J,
    files: Rc<Vec<(String, Arc<[u8]>)>>,
    library: bool,
}

fn collect(chart: &Chart, prefix: &str, value_path: &[String], out: &mut Vec<TplInfo>) {
    let files: Rc<Vec<(String, Arc<[u8]>)>> = Rc::new(chart.files.clone());
    let mut meta = chart.metadata.clone();
    if let Some(o) = meta.as_object_mut() {
        o.insert("name".into(), J::String(chart.name.clone()));
    }
    for (rel, text) in &chart.templates {
        out.push(TplInfo {
            name: format!("{prefix}/{rel}"),
            rel: rel.clone(),
            text: Arc::clone(text),
            base_path: format!("{prefix}/templates"),
            chart_name: chart.name.clone(),
            chart_path: prefix.to_string(),
            value_path: value_path.to_vec(),
            metadata: meta.clone(),
            files: Rc::clone(&files),
            library: chart.chart_type == "library",
        });
    }
    for s in &chart.subcharts {
        let mut vp = value_path.to_vec();
        vp.push(s.name.clone());
        collect(s, &format!("{prefix}/charts/{}", s.name), &vp, out);
    }
}

fn scope(top: &Value, path: &[String]) -> Value {
    let mut cur = top.clone();
    for p in path {
        let next = match &cur {
            Value::Map(m) => m.borrow().get(p).cloned(),
            _ => None,
        };
        cur = next.unwrap_or_else(Value::empty_map);
    }
    cur
}

/// `.Chart` as Helm v4 exposes it: a map with Go field names.
fn chart_value(meta: &J, name: &str, is_root: bool) -> Value {
    let o = meta.as_object().cloned().unwrap_or_default();
    let s = |k: &str| -> Value {
        match o.get(k) {
            Some(J::String(x)) => Value::str(x.as_str()),
            Some(J::Number(n)) => Value::str(n.to_string()),
            Some(J::Bool(b)) => Value::str(b.to_string()),
            _ => Value::str(""),
        }
    };
    let list = |k: &str| -> Value {
        match o.get(k) {
            Some(J::Array(a)) => Value::from_json(&J::Array(a.clone())),
            _ => Value::list(Vec::new()),
        }
    };
    let mut m = BTreeMap::new();
    m.insert("Name".into(), Value::str(name));
    m.insert("Version".into(), s("version"));
    m.insert("AppVersion".into(), s("appVersion"));
    m.insert("APIVersion".into(), s("apiVersion"));
    m.insert("Description".into(), s("description"));
    m.insert("Home".into(), s("home"));
    m.insert("Icon".into(), s("icon"));
    m.insert("Condition".into(), s("condition"));
    m.insert("Tags".into(), s("tags"));
    m.insert("Type".into(), s("type"));
    m.insert("KubeVersion".into(), s("kubeVersion"));
    m.insert(
        "Deprecated".into(),
        Value::Bool(o.get("deprecated").and_then(J::as_bool).unwrap_or(false)),
    );
    m.insert("Keywords".into(), list("keywords"));
    m.insert("Sources".into(), list("sources"));
    m.insert("IsRoot".into(), Value::Bool(is_root));
    m.insert(
        "Annotations".into(),
        match o.get("annotations") {
            Some(a @ J::Object(_)) => Value::from_json(a),
            _ => Value::empty_map(),
        },
    );
    let maint = match o.get("maintainers") {
        Some(J::Array(a)) => a
            .iter()
            .map(|x| {
                let mut mm = BTreeMap::new();
                for (k, gk) in [("name", "Name"), ("email", "Email"), ("url", "URL")] {
                    mm.insert(
                        gk.to_string(),
                        Value::str(x.get(k).and_then(J::as_str).unwrap_or_default()),
                    );
                }
                Value::map(mm)
            })
            .collect(),
        _ => Vec::new(),
    };
    m.insert("Maintainers".into(), Value::list(maint));
    let deps = match o.get("dependencies") {
        Some(J::Array(a)) => a
            .iter()
            .map(|x| {
                let mut mm = BTreeMap::new();
                for (k, gk) in [
                    ("name", "Name"),
                    ("version", "Version"),
                    ("repository", "Repository"),
                    ("condition", "Condition"),
                    ("alias", "Alias"),
                ] {
                    mm.insert(
                        gk.to_string(),
                        Value::str(x.get(k).and_then(J::as_str).unwrap_or_default()),
                    );
                }
                mm.insert("Enabled".into(), Value::Bool(true));
                Value::map(mm)
            })
            .collect(),
        _ => Vec::new(),
    };
    m.insert("Dependencies".into(), Value::list(deps));
    Value::map(m)
}

fn validate_schemas(chart: &Chart, vals: &Map<String, J>) -> Result<(), HelmError> {
    let mut errs = Vec::new();
    schema_rec(chart, &J::Object(vals.clone()), &mut errs);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(HelmError::Schema {
            chart: chart.name.clone(),
            message: errs.join("\n"),
        })
    }
}

fn schema_rec(chart: &Chart, vals: &J, errs: &mut Vec<String>) {
    if let Some(s) = &chart.schema {
        for e in crate::schema::validate(s, vals) {
            errs.push(format!("{}:\n{e}", chart.name));
        }
    }
    for sub in &chart.subcharts {
        let empty = J::Object(Map::new());
        let sv = vals.get(&sub.name).unwrap_or(&empty);
        schema_rec(sub, sv, errs);
    }
}

/// Splits one template's output into documents (Helm's `SplitManifests`), with line origins.
fn split_manifests(
    out: &Out,
    name: &str,
    file_names: &[Arc<str>],
) -> Result<Vec<Manifest>, HelmError> {
    static SEP: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    #[allow(clippy::expect_used)]
    let sep = SEP.get_or_init(|| regex::Regex::new(r"(?:^|\s*\n)---\s*").expect("constant regex"));
    let text = &out.buf;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    // Helm trims the whole output first, then splits.
    let lead = text.len() - text.trim_start().len();
    let body = text.trim();
    let mut docs = Vec::new();
    let mut last = 0;
    for m in sep.find_iter(body) {
        docs.push((last, m.start()));
        last = m.end();
    }
    docs.push((last, body.len()));
    let mut out_m = Vec::new();
    for (s, e) in docs {
        let raw = &body[s..e];
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let start = lead + s + (raw.len() - raw.trim_start().len());
        let mut origins = Vec::new();
        let mut off = start;
        for line in t.split('\n') {
            origins.push(out.line_info(off, off + line.len()).and_then(|seg| {
                let f = file_names.get(seg.file as usize)?;
                Some(Origin {
                    template: Arc::clone(f),
                    line: seg.line,
                    values: seg.values.as_deref().map(Arc::from),
                })
            }));
            off += line.len() + 1;
        }
        let (kind, hook, doc) = head(t).map_err(|(line, message)| HelmError::Yaml {
            template: name.to_string(),
            line,
            message,
        })?;
        out_m.push(Manifest {
            source: name.to_string(),
            content: t.to_string(),
            kind,
            hook,
            crd: false,
            origins,
            doc,
        });
    }
    Ok(out_m)
}

/// Kind and hook flag of a document, as Helm's SimpleHead reads them, and the parsed document.
type Head = (String, bool, Option<comply_yaml::YamlDoc>);

fn head(doc: &str) -> Result<Head, (Option<u32>, String)> {
    let opts = comply_yaml::Options::default();
    let parsed = match comply_yaml::parse_stream(doc, &opts).into_iter().next() {
        None => return Ok((String::new(), false, None)),
        Some(Ok(d)) => d,
        Some(Err(e)) => return Err((Some(e.line), e.to_string())),
    };
    let v = &parsed.value;
    let kind = v
        .get("kind")
        .and_then(J::as_str)
        .unwrap_or_default()
        .to_string();
    let hook = v
        .pointer("/metadata/annotations")
        .and_then(J::as_object)
        .is_some_and(|a| a.contains_key("helm.sh/hook"));
    Ok((kind, hook, Some(parsed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(templates: &[(&str, &str)]) -> Chart {
        let mut files = vec![(
            "Chart.yaml".to_string(),
            b"apiVersion: v2\nname: t\nversion: 0.1.0\n".to_vec(),
        )];
        files.push((
            "values.yaml".into(),
            b"image: {tag: \"1.0\"}\nlist: [a]\n".to_vec(),
        ));
        for (n, t) in templates {
            files.push(((*n).to_string(), t.as_bytes().to_vec()));
        }
        crate::chart::from_files(files, "t").expect("chart")
    }

    fn render_with(c: &Chart, budget: Budget) -> Result<Rendered, HelmError> {
        render(
            c,
            &RenderOptions {
                budget,
                ..RenderOptions::default()
            },
        )
    }

    #[test]
    fn recursion_and_runaway_output_are_bounded() {
        let c = chart(&[(
            "templates/a.yaml",
            "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}x: {{ include \"r\" . }}",
        )]);
        let e = render_with(
            &c,
            Budget {
                max_depth: 10,
                ..Budget::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("nested deeper than 10"), "{e}");
        let c = chart(&[(
            "templates/a.yaml",
            "{{ range until 1000 }}{{ repeat 1000 \"x\" }}{{ end }}",
        )]);
        let e = render_with(
            &c,
            Budget {
                max_output: 100_000,
                ..Budget::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("output exceeds"), "{e}");
        let c = chart(&[("templates/a.yaml", "{{ range until 100000 }}{{ end }}")]);
        let e = render_with(
            &c,
            Budget {
                max_steps: 1000,
                ..Budget::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("steps"), "{e}");
    }

    #[test]
    fn provenance_through_include_and_values() {
        let c = chart(&[
            ("templates/_h.tpl", "{{- define \"tag\" -}}\ntag: {{ .Values.image.tag }}\n{{- end -}}"),
            ("templates/d.yaml", "kind: Pod\nspec:\n  x:\n    {{- include \"tag\" . | nindent 4 }}\n  y: {{ index .Values.list 0 }}\n"),
        ]);
        let r = render_with(&c, Budget::default()).expect("renders");
        let m = &r.manifests[0];
        let at = |i: usize| m.origins[i].clone().expect("origin");
        assert_eq!(m.content.lines().nth(3), Some("    tag: 1.0"));
        assert_eq!(&*at(3).template, "t/templates/_h.tpl");
        assert_eq!(at(3).line, 2);
        assert_eq!(
            at(3)
                .values
                .as_deref()
                .map(crate::exec::values_path_display),
            Some("image.tag".into())
        );
        assert_eq!(&*at(4).template, "t/templates/d.yaml");
        assert_eq!(at(4).line, 5);
    }
}
