//! Kubernetes manifests: a YAML (or JSON) stream becomes one document per object, `List` kinds
//! are expanded into their items, and anything without `apiVersion` and `kind` is left alone.
//! Classification is by content, so a manifest is found whatever its file is called.

use comply_model::{DocKind, Document, SpanNode};
use serde_json::Value;
use std::sync::Arc;

/// What loading one file produced.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub(crate) documents: Vec<Document>,
    /// Parse errors: (line, column, message).
    pub(crate) errors: Vec<(u32, u32, String)>,
}

/// Streams at least this large are split at document boundaries and parsed in parallel.
const PARALLEL_PARSE_BYTES: usize = 1 << 20;

/// Cheap test before parsing: text that never says `apiVersion` and `kind` holds no manifest.
pub(crate) fn may_contain_manifests(text: &str) -> bool {
    text.contains("apiVersion") && text.contains("kind")
}

/// YAML options for Kubernetes: YAML 1.1 scalars, as the API server's decoder reads them.
pub(crate) fn yaml_options() -> comply_yaml::Options {
    comply_yaml::Options {
        schema: comply_yaml::Schema::Yaml11,
        ..comply_yaml::Options::default()
    }
}

/// Whether a value is a Kubernetes object: a mapping with string `apiVersion` and `kind`.
pub(crate) fn is_object(v: &Value) -> bool {
    v.get("apiVersion").is_some_and(Value::is_string) && v.get("kind").is_some_and(Value::is_string)
}

/// Turns parsed YAML documents into Kubernetes documents of `file`.
pub(crate) fn collect(
    file: &Arc<str>,
    parsed: Vec<Result<comply_yaml::YamlDoc, comply_yaml::YamlError>>,
    out: &mut Loaded,
) {
    for doc in parsed {
        match doc {
            Ok(d) => push_object(file, d.value, d.spans, d.start_line, out),
            Err(e) => out.errors.push((e.line, e.col, e.message)),
        }
    }
}

/// Loads every manifest in `text`. Large streams are split at document boundaries and parsed in
/// parallel; positions stay absolute.
pub(crate) fn load(file: &Arc<str>, text: &str) -> Loaded {
    let mut out = Loaded::default();
    if !may_contain_manifests(text) {
        return out;
    }
    let opts = yaml_options();
    let parsed = if text.len() >= PARALLEL_PARSE_BYTES {
        use rayon::prelude::*;
        let chunks = comply_yaml::split_stream(text);
        let parts = chunks
            .par_iter()
            .map(|c| comply_yaml::parse_chunk(c, &opts))
            .collect();
        comply_yaml::finish_stream(text, &opts, parts)
    } else {
        comply_yaml::parse_stream(text, &opts)
    };
    collect(file, parsed, &mut out);
    out
}

fn push_object(file: &Arc<str>, value: Value, spans: SpanNode, start_line: u32, out: &mut Loaded) {
    if !is_object(&value) {
        return;
    }
    let is_list = value
        .get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && value.get("items").is_some_and(Value::is_array);
    if is_list {
        let items_spans = match &spans {
            SpanNode::Map { entries, .. } => entries
                .iter()
                .rev()
                .find(|e| e.key == "items")
                .map(|e| e.value.clone()),
            _ => None,
        };
        let Value::Object(mut obj) = value else {
            return;
        };
        let Some(Value::Array(items)) = obj.remove("items") else {
            return;
        };
        for (i, item) in items.into_iter().enumerate() {
            let item_spans = match &items_spans {
                Some(SpanNode::Seq { items, .. }) => items.get(i).cloned(),
                _ => None,
            };
            let line = item_spans
                .as_ref()
                .map_or(start_line, |s| s.span().start.line);
            if is_object(&item) {
                push_document(
                    file,
                    item,
                    item_spans.unwrap_or_else(|| spans.clone()),
                    line,
                    out,
                );
            }
        }
        return;
    }
    push_document(file, value, spans, start_line, out);
}

fn push_document(
    file: &Arc<str>,
    value: Value,
    spans: SpanNode,
    start_line: u32,
    out: &mut Loaded,
) {
    let mut doc = Document::new(
        DocKind::Kubernetes,
        Arc::clone(file),
        out.documents.len(),
        value,
    );
    doc.spans = Some(Arc::new(spans));
    doc.start_line = start_line;
    doc.extra
        .insert("source".into(), Value::String("yaml".into()));
    out.documents.push(doc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_multi_document_streams_and_lists() {
        let text = "# a comment\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nnot: kubernetes\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s}\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: d}\n";
        let f: Arc<str> = "m.yaml".into();
        let out = load(&f, text);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let kinds: Vec<_> = out
            .documents
            .iter()
            .map(|d| d.resource["kind"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(kinds, vec!["ConfigMap", "Service", "Deployment"]);
        let lines: Vec<_> = out.documents.iter().map(|d| d.start_line).collect();
        assert_eq!(lines, vec![2, 11, 14]);
        assert_eq!(out.documents[2].index, 2);
    }

    #[test]
    fn parse_errors_keep_other_documents() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: [unclosed\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: c}\n";
        let f: Arc<str> = "m.yaml".into();
        let out = load(&f, text);
        assert_eq!(out.documents.len(), 2);
        assert_eq!(out.errors.len(), 1);
        assert!(out.errors[0].0 >= 7, "error line {:?}", out.errors[0]);
    }
}
