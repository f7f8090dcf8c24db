//! Helm chart units, rendered natively by `comply-helm` (no helm binary).
//!
//! A chart is rendered once per environment: `default` (values.yaml alone), then once per
//! overlay found beside it (`values-<env>.yaml`, `values.<env>.yaml`) and per `--values FILE`
//! given to the scan. Every rendered document becomes a Kubernetes document whose spans point at
//! the template line that produced each node (through `include` into `_helpers.tpl`); when the
//! node printed a value, the values file and line it came from is attached as a related
//! location. Documents carry `environment` (the list of environments that render them: a
//! document identical in several renders is kept, and evaluated, once) so that
//! [`merge_environments`] can report a finding once with the environments it holds in. A chart that fails to render (syntax error,
//! `required`, `fail`) gives one error diagnostic naming the template and line; other units go on.

use super::{LoadContext, Loaded, Unit};
use comply_helm::{Origin as HelmOrigin, ValuesSeg};
use comply_model::{
    Diagnostic, DocKind, Document, Finding, Origin, PathSeg, Pos, Span, SpanEntry, SpanNode,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// One render: its environment name and the values files applied over values.yaml.
struct Env {
    name: String,
    files: Vec<(Arc<str>, String)>,
}

/// A parsed values file: its display path and positions.
struct ValuesIndex {
    file: Arc<str>,
    spans: Option<SpanNode>,
}

impl ValuesIndex {
    fn new(file: Arc<str>, text: &str) -> Self {
        let opts = comply_yaml::Options::default();
        let spans = comply_yaml::parse_stream(text, &opts)
            .into_iter()
            .next()
            .and_then(Result::ok)
            .map(|d| d.spans);
        Self { file, spans }
    }

    /// The span of `path` when this file sets it.
    fn find(&self, path: &[PathSeg]) -> Option<Span> {
        let spans = self.spans.as_ref()?;
        let (span, matched) = spans.locate(path);
        (matched == path.len()).then(|| Span {
            file: Some(Arc::clone(&self.file)),
            ..span.clone()
        })
    }
}

fn env_name(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_suffix(".yaml")
        .or_else(|| file_name.strip_suffix(".yml"))?;
    let env = stem
        .strip_prefix("values-")
        .or_else(|| stem.strip_prefix("values."))?;
    (!env.is_empty()).then(|| env.to_string())
}

fn join(rel: &str, name: &str) -> Arc<str> {
    if rel == "." || rel.is_empty() {
        Arc::from(name)
    } else {
        Arc::from(format!("{rel}/{name}"))
    }
}

/// Renders the chart in every environment.
pub(crate) fn load(unit: &Unit, ctx: &LoadContext<'_>) -> Loaded {
    let mut out = Loaded::default();
    let chart = match comply_helm::load(&unit.abs) {
        Ok(c) => c,
        Err(e) => {
            out.diagnostics.push(Diagnostic::error(
                "helm-load",
                Some(join(&unit.rel, "Chart.yaml")),
                None,
                e.to_string(),
            ));
            return out;
        }
    };
    if chart.chart_type == "library" {
        out.diagnostics.push(Diagnostic::new(
            comply_model::DiagnosticLevel::Note,
            "skipped-unit",
            Some(join(&unit.rel, "Chart.yaml")),
            None,
            format!(
                "Helm library chart {}: not installable on its own; its templates are scanned \
                 through the charts that depend on it",
                unit.rel
            ),
        ));
        return out;
    }
    // Environments: values.yaml alone, then each overlay beside it, then --values files.
    let mut envs = vec![Env {
        name: "default".into(),
        files: Vec::new(),
    }];
    let mut overlays: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&unit.abs)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    env_name(&n).map(|_| (n, e.path()))
                })
                .collect()
        })
        .unwrap_or_default();
    overlays.sort();
    let extra: Vec<(String, std::path::PathBuf)> = ctx
        .args
        .helm_values
        .iter()
        .map(|p| (p.display().to_string(), p.clone()))
        .collect();
    for (i, (name, path)) in overlays.iter().chain(extra.iter()).enumerate() {
        let display: Arc<str> = if i < overlays.len() {
            join(&unit.rel, name)
        } else {
            Arc::from(name.as_str())
        };
        match crate::read::read_text(path, ctx.max_bytes) {
            Ok(text) => {
                let env = if i < overlays.len() {
                    env_name(name).unwrap_or_else(|| name.clone())
                } else {
                    Path::new(name)
                        .file_stem()
                        .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned())
                };
                out.texts
                    .push((Arc::clone(&display), Arc::from(text.as_str())));
                envs.push(Env {
                    name: env,
                    files: vec![(display, text)],
                });
            }
            Err(e) => out.diagnostics.push(Diagnostic::error(
                "unreadable",
                Some(display),
                e.line(),
                e.to_string(),
            )),
        }
    }
    let multi = envs.len() > 1;
    let values_yaml = join(&unit.rel, "values.yaml");
    let base_index = chart
        .values_text
        .as_deref()
        .map(|t| ValuesIndex::new(Arc::clone(&values_yaml), t));
    if let Some(t) = &chart.values_text {
        out.texts
            .push((Arc::clone(&values_yaml), Arc::from(t.as_str())));
    }
    // Template texts by display path, for code frames and inline ignores.
    let mut texts: BTreeMap<Arc<str>, Arc<str>> = BTreeMap::new();
    collect_texts(&chart, &unit.rel, &mut texts);

    // Documents of this chart by (template, first line), to find one rendered identically in
    // an earlier environment.
    let mut by_place: HashMap<(Arc<str>, u32), Vec<usize>> = HashMap::new();
    for env in &envs {
        let opts = comply_helm::RenderOptions {
            release_name: chart.name.clone(),
            value_files: env
                .files
                .iter()
                .map(|(n, t)| (n.to_string(), t.clone()))
                .collect(),
            ..comply_helm::RenderOptions::default()
        };
        let rendered = match comply_helm::render(&chart, &opts) {
            Ok(r) => r,
            Err(e) => {
                let (file, line) = match e.location() {
                    Some((t, l)) => (Some(template_path(&unit.rel, t)), Some(l)),
                    None => (Some(join(&unit.rel, "Chart.yaml")), None),
                };
                let env_note = if multi {
                    format!(" (environment {})", env.name)
                } else {
                    String::new()
                };
                out.diagnostics.push(Diagnostic::error(
                    "helm-render",
                    file,
                    line,
                    format!("Helm chart {}{env_note}: {e}", unit.rel),
                ));
                continue;
            }
        };
        let overlay_index: Vec<ValuesIndex> = env
            .files
            .iter()
            .map(|(n, t)| ValuesIndex::new(Arc::clone(n), t))
            .collect();
        let mut values_files: Vec<&ValuesIndex> = overlay_index.iter().rev().collect();
        if let Some(b) = &base_index {
            values_files.push(b);
        }
        let mut cache: HashMap<Arc<str>, Option<Span>> = HashMap::new();
        for (index, mut m) in rendered.manifests.into_iter().enumerate() {
            // The render parsed each document already (to read its kind); CRD files are not.
            let mut docs = match m.doc.take() {
                Some(d) => vec![Ok(d)],
                None => comply_yaml::parse_stream(&m.content, &comply_yaml::Options::default()),
            };
            let Some(first) = docs.first_mut() else {
                continue;
            };
            let doc = match first {
                Ok(d) => d,
                Err(e) => {
                    let origin = m
                        .origins
                        .get(e.line.saturating_sub(1) as usize)
                        .cloned()
                        .flatten();
                    out.diagnostics.push(Diagnostic::error(
                        "helm-yaml",
                        origin
                            .as_ref()
                            .map(|o| template_path(&unit.rel, &o.template)),
                        origin.as_ref().map(|o| o.line),
                        format!("{}: rendered output is not valid YAML: {e}", m.source),
                    ));
                    continue;
                }
            };
            if !doc.value.is_object() {
                continue;
            }
            let mut map_span = |span: &Span| -> Span {
                remap(span, &m.origins, &unit.rel, &mut |vp| {
                    cache
                        .entry(Arc::clone(vp))
                        .or_insert_with(|| {
                            let segs = values_segments(vp);
                            values_files.iter().find_map(|f| f.find(&segs))
                        })
                        .clone()
                })
            };
            let spans = map_tree(&doc.spans, &mut map_span);
            let file = template_path(&unit.rel, &m.source);
            let start = spans.span().start.line;
            let mut d = Document::new(
                DocKind::Kubernetes,
                Arc::clone(&file),
                index,
                std::mem::take(&mut doc.value),
            );
            d.spans = Some(Arc::new(spans));
            d.start_line = start;
            d.extra.insert("source".into(), "helm".into());
            d.extra.insert("chart".into(), unit.rel.to_string().into());
            if multi {
                // A document rendered identically (same text and same origins) in an earlier
                // environment is not evaluated again: that one lists this environment too.
                let place = (Arc::clone(&file), start);
                let same = by_place.get(&place).and_then(|ix| {
                    ix.iter().copied().find(|&i| {
                        let o = &out.documents[i];
                        o.resource == d.resource && o.spans == d.spans
                    })
                });
                if let Some(i) = same {
                    if let Some(serde_json::Value::Array(envs)) =
                        out.documents[i].extra.get_mut("environment")
                    {
                        envs.push(env.name.clone().into());
                    }
                    continue;
                }
                d.extra.insert(
                    "environment".into(),
                    serde_json::Value::Array(vec![env.name.clone().into()]),
                );
                by_place.entry(place).or_default().push(out.documents.len());
            }
            out.documents.push(d);
        }
    }
    out.texts.extend(texts);
    out
}

fn collect_texts(chart: &comply_helm::Chart, prefix: &str, out: &mut BTreeMap<Arc<str>, Arc<str>>) {
    for (rel, text) in &chart.templates {
        out.insert(join(prefix, rel), Arc::clone(text));
    }
    for s in &chart.subcharts {
        collect_texts(s, &format!("{prefix}/charts/{}", s.name), out);
    }
}

/// Display path of a template named as Helm names it (`chart/charts/sub/templates/x.yaml`).
fn template_path(rel: &str, template: &str) -> Arc<str> {
    let inner = template.split_once('/').map_or(template, |(_, r)| r);
    join(rel, inner)
}

fn values_segments(p: &str) -> Vec<PathSeg> {
    comply_helm::values_path(p)
        .into_iter()
        .map(|s| match s {
            ValuesSeg::Key(k) => PathSeg::Key(k),
            ValuesSeg::Index(i) => PathSeg::Index(i),
        })
        .collect()
}

/// Moves a span of the rendered manifest to the template line that produced it.
fn remap(
    span: &Span,
    origins: &[Option<HelmOrigin>],
    rel: &str,
    values: &mut dyn FnMut(&Arc<str>) -> Option<Span>,
) -> Span {
    let Some(Some(o)) = origins.get(span.start.line.saturating_sub(1) as usize) else {
        return span.clone();
    };
    let file = template_path(rel, &o.template);
    let origin = o.values.as_ref().and_then(|vp| {
        values(vp).map(|vs| {
            Arc::new(Origin {
                note: format!(
                    "value {} set in {}",
                    comply_helm::values_path_display(vp),
                    vs.file.as_deref().unwrap_or("values")
                ),
                span: vs,
            })
        })
    });
    Span {
        start: Pos::new(o.line, 1),
        end: Pos::new(o.line, 1),
        file: Some(file),
        origin,
    }
}

fn map_tree(node: &SpanNode, f: &mut dyn FnMut(&Span) -> Span) -> SpanNode {
    match node {
        SpanNode::Map { span, entries } => SpanNode::Map {
            span: f(span),
            entries: entries
                .iter()
                .map(|e| SpanEntry {
                    key: e.key.clone(),
                    key_span: f(&e.key_span),
                    value: map_tree(&e.value, f),
                })
                .collect(),
        },
        SpanNode::Seq { span, items } => SpanNode::Seq {
            span: f(span),
            items: items.iter().map(|i| map_tree(i, f)).collect(),
        },
        SpanNode::Leaf { span } => SpanNode::Leaf { span: f(span) },
    }
}

/// Reports a finding found in several environment renders once, listing the environments.
/// Findings without environments (not from a chart with overlays) are left as they are.
pub(crate) fn merge_environments(findings: &mut Vec<Finding>) {
    if findings.iter().all(|f| f.environments.is_empty()) {
        return;
    }
    let mut seen: HashMap<(String, Arc<str>, u32, u32, String, String, String), usize> =
        HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings.drain(..) {
        if f.environments.is_empty() {
            out.push(f);
            continue;
        }
        let key = (
            f.rule_id.clone(),
            Arc::clone(&f.location.file),
            f.location.span.start.line,
            f.location.span.start.col,
            comply_model::format_path(&f.path),
            f.resource.clone(),
            f.message.clone(),
        );
        match seen.get(&key) {
            Some(&i) => {
                let kept = &mut out[i];
                for e in f.environments {
                    if !kept.environments.contains(&e) {
                        kept.environments.push(e);
                    }
                }
                for r in f.related {
                    if !kept.related.contains(&r) {
                        kept.related.push(r);
                    }
                }
            }
            None => {
                seen.insert(key, out.len());
                out.push(f);
            }
        }
    }
    for f in &mut out {
        f.environments
            .sort_by(|a, b| (a != "default", a).cmp(&(b != "default", b)));
    }
    *findings = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_names() {
        assert_eq!(env_name("values-prod.yaml").as_deref(), Some("prod"));
        assert_eq!(env_name("values.staging.yml").as_deref(), Some("staging"));
        assert_eq!(env_name("values.yaml"), None);
        assert_eq!(env_name("other.yaml"), None);
        assert_eq!(
            &*template_path("charts/web", "web/templates/_helpers.tpl"),
            "charts/web/templates/_helpers.tpl"
        );
    }
}
