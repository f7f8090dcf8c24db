//! Two JSON inputs: Terraform plans (`terraform show -json`), detected by content, whose
//! resources come from `planned_values` (every module, `child_modules` included) with unknowns
//! from `resource_changes[].change.after_unknown`; and the JSON configuration syntax
//! (`.tf.json`), which is rewritten into HCL with a line map so the evaluator handles both alike.

use comply_model::{Diagnostic, DocKind, Document, Span, SpanEntry, SpanNode};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::source::{SourceFile, SyntaxError};
use crate::LoadedUnit;

/// Whether a JSON text is a Terraform plan: `format_version` with `planned_values` or
/// `resource_changes` at the top level.
#[must_use]
pub fn is_plan_json(text: &str) -> bool {
    if !(text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\"")))
    {
        return false;
    }
    serde_json::from_str::<Value>(text).is_ok_and(|v| {
        v.get("format_version").is_some()
            && (v.get("planned_values").is_some() || v.get("resource_changes").is_some())
    })
}

fn json_doc(text: &str) -> Result<(Value, SpanNode), SyntaxError> {
    let opts = comply_yaml::Options {
        schema: comply_yaml::Schema::Core,
        ..comply_yaml::Options::default()
    };
    match comply_yaml::parse_stream(text, &opts).into_iter().next() {
        Some(Ok(d)) => Ok((d.value, d.spans)),
        Some(Err(e)) => Err(SyntaxError {
            line: e.line,
            col: e.col,
            message: format!("invalid JSON: {}", e.message),
        }),
        None => Err(SyntaxError {
            line: 1,
            col: 1,
            message: "empty JSON file".into(),
        }),
    }
}

fn child<'a>(n: &'a SpanNode, key: &str) -> Option<&'a SpanNode> {
    match n {
        SpanNode::Map { entries, .. } => entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value),
        _ => None,
    }
}

fn item(n: &SpanNode, i: usize) -> Option<&SpanNode> {
    match n {
        SpanNode::Seq { items, .. } => items.get(i),
        _ => None,
    }
}

fn with_file(mut n: SpanNode, file: &Arc<str>) -> SpanNode {
    fn fix(n: &mut SpanNode, file: &Arc<str>) {
        match n {
            SpanNode::Map { span, entries } => {
                span.file = Some(Arc::clone(file));
                for e in entries {
                    e.key_span.file = Some(Arc::clone(file));
                    fix(&mut e.value, file);
                }
            }
            SpanNode::Seq { span, items } => {
                span.file = Some(Arc::clone(file));
                items.iter_mut().for_each(|i| fix(i, file));
            }
            SpanNode::Leaf { span } => span.file = Some(Arc::clone(file)),
        }
    }
    fix(&mut n, file);
    n
}

/// Loads a plan. With `hcl` (the documents of the configuration beside it), findings map to the
/// `.tf` lines of the resource with the same address.
pub(crate) fn load(rel: &Arc<str>, text: &str, hcl: Option<&[Document]>) -> LoadedUnit {
    let mut out = LoadedUnit {
        root: rel.to_string(),
        ..LoadedUnit::default()
    };
    let (v, spans) = match json_doc(text) {
        Ok(x) => x,
        Err(e) => {
            let mut d = Diagnostic::error(
                "parse-error",
                Some(Arc::clone(rel)),
                Some(e.line),
                e.message,
            );
            d.col = Some(e.col);
            out.diagnostics.push(d);
            return out;
        }
    };
    let by_address: HashMap<&str, &Document> = hcl
        .unwrap_or(&[])
        .iter()
        .filter_map(|d| Some((d.resource.get("address")?.as_str()?, d)))
        .collect();
    let unknowns: HashMap<&str, &Value> = v
        .get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|rc| {
            Some((
                rc.get("address")?.as_str()?,
                rc.get("change")?.get("after_unknown")?,
            ))
        })
        .collect();
    let default_tags = provider_default_tags(&v);
    let refs = config_refs(&v);
    // Every managed resource of every module.
    let mut found: Vec<(Value, Option<SpanNode>)> = Vec::new();
    let mut stack: Vec<(&Value, Option<&SpanNode>)> = Vec::new();
    if let Some(root) = v.get("planned_values").and_then(|p| p.get("root_module")) {
        stack.push((
            root,
            child(&spans, "planned_values").and_then(|p| child(p, "root_module")),
        ));
    }
    while let Some((m, ms)) = stack.pop() {
        let rs = ms.and_then(|s| child(s, "resources"));
        for (i, r) in m
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if r.get("mode").and_then(Value::as_str) != Some("managed") {
                continue;
            }
            found.push((r.clone(), rs.and_then(|s| item(s, i)).cloned()));
        }
        let cs = ms.and_then(|s| child(s, "child_modules"));
        for (i, c) in m
            .get("child_modules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            stack.push((c, cs.and_then(|s| item(s, i))));
        }
    }
    // Summaries for `related`.
    let summary = |r: &Value| -> Value {
        let addr = r.get("address").and_then(Value::as_str).unwrap_or("");
        json!({
            "address": addr,
            "type": r.get("type").cloned().unwrap_or(Value::Null),
            "name": r.get("name").cloned().unwrap_or(Value::Null),
            "values": r.get("values").cloned().unwrap_or_else(|| json!({})),
            "unknown": unknown_of(unknowns.get(addr).copied()),
        })
    };
    let config_addr = |r: &Value| -> String {
        let addr = r.get("address").and_then(Value::as_str).unwrap_or("");
        strip_index(addr)
    };
    let mut by_config: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (r, _) in &found {
        by_config
            .entry(config_addr(r))
            .or_default()
            .push(summary(r));
    }
    let mut counter = 0;
    for (r, rspan) in found {
        let address = r
            .get("address")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let rtype = r
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let module = address
            .rfind(&format!("{rtype}."))
            .map(|p| address[..p].trim_end_matches('.').to_string())
            .unwrap_or_default();
        let provider = r
            .get("provider_name")
            .and_then(Value::as_str)
            .and_then(|p| p.rsplit('/').next())
            .unwrap_or_else(|| rtype.split('_').next().unwrap_or(""))
            .to_string();
        let caddr = config_addr(&r);
        let mut related: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for other in refs.get(&caddr).into_iter().flatten() {
            for s in by_config.get(other).into_iter().flatten() {
                let t = s
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                related.entry(t).or_default().push(s.clone());
            }
        }
        let resource = json!({
            "address": address,
            "type": rtype,
            "name": r.get("name").cloned().unwrap_or(Value::Null),
            "mode": "managed",
            "provider": provider,
            "module": module,
            "index": r.get("index").cloned().unwrap_or(Value::Null),
            "values": r.get("values").cloned().unwrap_or_else(|| json!({})),
            "unknown": unknown_of(unknowns.get(address.as_str()).copied()),
            "default_tags": if provider == "aws" { default_tags.clone() } else { json!({}) },
            "related": related,
        });
        let mut doc = match by_address.get(address.as_str()) {
            Some(h) => {
                let mut d =
                    Document::new(DocKind::Terraform, Arc::clone(&h.file), h.index, resource);
                d.spans.clone_from(&h.spans);
                d.start_line = h.start_line;
                d
            }
            None => {
                let rs = rspan.map(|s| with_file(s, rel));
                let head = rs
                    .as_ref()
                    .map_or_else(|| Span::point(1, 1), |s| s.span().clone());
                let values = rs.as_ref().and_then(|s| child(s, "values")).cloned();
                let mut d = Document::new(DocKind::Terraform, Arc::clone(rel), counter, resource);
                counter += 1;
                d.start_line = head.start.line;
                d.spans = Some(Arc::new(SpanNode::Map {
                    span: head.clone(),
                    entries: vec![SpanEntry {
                        key: "values".into(),
                        key_span: head.clone(),
                        value: values.unwrap_or(SpanNode::Leaf { span: head }),
                    }],
                }));
                d
            }
        };
        doc.extra = crate::extra(&rtype, &address);
        out.documents.push(doc);
    }
    out
}

/// `after_unknown` without its `false` leaves at the top (`{}` when nothing is unknown).
fn unknown_of(v: Option<&Value>) -> Value {
    match v {
        Some(Value::Object(m)) => Value::Object(
            m.iter()
                .filter(|(_, x)| !matches!(x, Value::Bool(false)))
                .map(|(k, x)| (k.clone(), x.clone()))
                .collect(),
        ),
        _ => json!({}),
    }
}

/// `module.a["k"].aws_x.y[0]` → `module.a.aws_x.y` (configuration address).
fn strip_index(addr: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut in_str = false;
    for c in addr.chars() {
        match c {
            '"' if depth > 0 => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The aws provider's `default_tags` from the plan's configuration (constant values only).
fn provider_default_tags(v: &Value) -> Value {
    v.get("configuration")
        .and_then(|c| c.get("provider_config"))
        .and_then(|p| p.get("aws"))
        .and_then(|a| a.get("expressions"))
        .and_then(|e| e.get("default_tags"))
        .and_then(|d| d.get(0))
        .and_then(|d| d.get("tags"))
        .and_then(|t| t.get("constant_value"))
        .cloned()
        .unwrap_or_else(|| json!({}))
}

/// Configuration address → the resources (configuration addresses) it references, in both
/// directions, from `configuration.root_module` and its module calls.
fn config_refs(v: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack: Vec<(String, &Value)> = Vec::new();
    if let Some(root) = v.get("configuration").and_then(|c| c.get("root_module")) {
        stack.push((String::new(), root));
    }
    while let Some((prefix, m)) = stack.pop() {
        let resources: Vec<&Value> = m
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        let names: BTreeSet<String> = resources
            .iter()
            .filter_map(|r| r.get("address").and_then(Value::as_str).map(str::to_string))
            .collect();
        for r in &resources {
            let Some(addr) = r.get("address").and_then(Value::as_str) else {
                continue;
            };
            let mut refs = BTreeSet::new();
            collect_refs(r.get("expressions").unwrap_or(&Value::Null), &mut refs);
            for target in refs {
                // `aws_s3_bucket.this.id` → the resource `aws_s3_bucket.this`.
                let parts: Vec<&str> = target.split('.').collect();
                if parts.len() < 2 {
                    continue;
                }
                let t = strip_index(&format!("{}.{}", parts[0], parts[1]));
                if names.contains(&t) && t != addr {
                    out.entry(format!("{prefix}{addr}"))
                        .or_default()
                        .insert(format!("{prefix}{t}"));
                    out.entry(format!("{prefix}{t}"))
                        .or_default()
                        .insert(format!("{prefix}{addr}"));
                }
            }
        }
        if let Some(calls) = m.get("module_calls").and_then(Value::as_object) {
            for (name, c) in calls {
                if let Some(module) = c.get("module") {
                    stack.push((format!("{prefix}module.{name}."), module));
                }
            }
        }
    }
    out
}

fn collect_refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(r)) = m.get("references") {
                out.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

// ---- .tf.json ----

/// Argument names whose object value is a map argument, not a nested block.
const MAP_ARGS: &[&str] = &[
    "tags",
    "tags_all",
    "labels",
    "metadata",
    "annotations",
    "variables",
    "environment_variables",
    "triggers",
    "parameters",
    "app_settings",
    "default",
    "value",
    "locals",
    "providers",
    "environment",
    "settings",
];

struct Gen {
    out: String,
    map: Vec<u32>,
}

impl Gen {
    fn line(&mut self, text: &str, orig: u32) {
        self.out.push_str(text);
        self.out.push('\n');
        self.map.push(orig.max(1));
    }
}

fn hcl_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn hcl_expr(v: &Value) -> String {
    match v {
        Value::String(s) => hcl_str(s),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(hcl_expr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{} = {}", hcl_str(k), hcl_expr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

fn key_line(n: &SpanNode, key: &str) -> u32 {
    match n {
        SpanNode::Map { entries, .. } => entries
            .iter()
            .find(|e| e.key == key)
            .map_or(n.span().start.line, |e| e.key_span.start.line),
        _ => n.span().start.line,
    }
}

fn gen_body(g: &mut Gen, v: &Value, n: &SpanNode, blocks_ok: bool, is_variable: bool) {
    let Value::Object(m) = v else {
        return;
    };
    for (k, x) in m {
        let line = key_line(n, k);
        let xn = child(n, k).unwrap_or(n);
        if k == "//" {
            continue;
        }
        if is_variable && k == "type" {
            if let Value::String(t) = x {
                g.line(&format!("type = {t}"), line);
                continue;
            }
        }
        if blocks_ok && k == "dynamic" {
            if let Value::Object(labels) = x {
                for (label, body) in labels {
                    let bl = key_line(xn, label);
                    let bn = child(xn, label).unwrap_or(xn);
                    g.line(&format!("dynamic {} {{", hcl_str(label)), bl);
                    gen_body(g, body, bn, true, false);
                    g.line("}", bl);
                }
                continue;
            }
        }
        let block_like = blocks_ok
            && !MAP_ARGS.contains(&k.as_str())
            && match x {
                Value::Object(o) => !o.is_empty(),
                Value::Array(a) => !a.is_empty() && a.iter().all(Value::is_object),
                _ => false,
            };
        if block_like {
            let items: Vec<(&Value, &SpanNode)> = match x {
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (b, item(xn, i).unwrap_or(xn)))
                    .collect(),
                other => vec![(other, xn)],
            };
            for (b, bn) in items {
                g.line(&format!("{k} {{"), bn.span().start.line);
                gen_body(g, b, bn, true, false);
                g.line("}", bn.span().end.line);
            }
        } else {
            g.line(&format!("{} = {}", k, hcl_expr(x)), line);
        }
    }
}

/// Parses a `.tf.json` file into the same structures as a `.tf` file.
pub(crate) fn parse_tf_json(rel: Arc<str>, text: Arc<str>) -> Result<SourceFile, SyntaxError> {
    let (v, n) = json_doc(&text)?;
    let Value::Object(top) = &v else {
        return Err(SyntaxError {
            line: 1,
            col: 1,
            message: "a .tf.json file must hold an object".into(),
        });
    };
    let mut g = Gen {
        out: String::new(),
        map: Vec::new(),
    };
    for (kind, body) in top {
        let kn = child(&n, kind).unwrap_or(&n);
        let bodies: Vec<(&Value, &SpanNode)> = match body {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, b)| (b, item(kn, i).unwrap_or(kn)))
                .collect(),
            other => vec![(other, kn)],
        };
        for (body, bn) in bodies {
            match kind.as_str() {
                "resource" | "data" => {
                    let Value::Object(types) = body else { continue };
                    for (t, names) in types {
                        let tn = child(bn, t).unwrap_or(bn);
                        let Value::Object(names) = names else {
                            continue;
                        };
                        for (name, rb) in names {
                            let rn = child(tn, name).unwrap_or(tn);
                            let line = key_line(tn, name);
                            g.line(&format!("{kind} {} {} {{", hcl_str(t), hcl_str(name)), line);
                            gen_body(&mut g, rb, rn, true, false);
                            g.line("}", rn.span().end.line);
                        }
                    }
                }
                "module" | "output" | "variable" | "provider" => {
                    let Value::Object(names) = body else { continue };
                    for (name, b) in names {
                        let nn = child(bn, name).unwrap_or(bn);
                        let list: Vec<(&Value, &SpanNode)> = match b {
                            Value::Array(a) => a
                                .iter()
                                .enumerate()
                                .map(|(i, x)| (x, item(nn, i).unwrap_or(nn)))
                                .collect(),
                            other => vec![(other, nn)],
                        };
                        for (b, bnn) in list {
                            g.line(&format!("{kind} {} {{", hcl_str(name)), key_line(bn, name));
                            gen_body(&mut g, b, bnn, kind == "provider", kind == "variable");
                            g.line("}", bnn.span().end.line);
                        }
                    }
                }
                "locals" => {
                    g.line("locals {", bn.span().start.line);
                    gen_body(&mut g, body, bn, false, false);
                    g.line("}", bn.span().end.line);
                }
                _ => {}
            }
        }
    }
    let generated: Arc<str> = g.out.into();
    match hcl_edit::parser::parse_body(&generated) {
        Ok(body) => Ok(SourceFile::mapped(rel, text, body, generated, Some(g.map))),
        Err(e) => {
            let line = g
                .map
                .get(e.location().line().saturating_sub(1))
                .copied()
                .unwrap_or(1);
            Err(SyntaxError {
                line,
                col: 1,
                message: format!("cannot read this JSON configuration: {}", e.message()),
            })
        }
    }
}
