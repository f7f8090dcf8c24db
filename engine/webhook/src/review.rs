//! AdmissionReview in and out. The request envelope is checked with kube's admission types;
//! the object itself is kept as the raw JSON the API server sent (typed metadata would
//! re-serialise it differently), so it becomes exactly the document `comply scan` builds from a
//! manifest: kind Kubernetes, `resource` = the object.

use comply_model::{DocKind, Document};
use k8s_openapi::api::authentication::v1::UserInfo;
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use kube_core::admission::{AdmissionRequest, AdmissionResponse, AdmissionReview, Operation};
use kube_core::{DynamicObject, GroupVersionKind, GroupVersionResource, TypeMeta};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::decision::Decision;

/// The `file` of admission documents (there is no file: this names the source in findings).
pub(crate) const ADMISSION_FILE: &str = "admission";

/// A checked request and its object.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) request: AdmissionRequest<DynamicObject>,
    /// `request.object` as sent (`None` for DELETE and CONNECT).
    pub(crate) object: Option<Value>,
}

/// The review as the API server sends it, read in one pass straight from the body: kube's
/// [`AdmissionRequest`] fields with the same types and defaults, except that the object stays
/// raw JSON (typed metadata would re-serialise it differently) and the old object is skipped
/// unread (UPDATE judges the new object). kube's own `AdmissionReview` flattens its type meta,
/// which makes serde buffer the whole body once more.
#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "apiVersion", default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    request: Option<WireRequest>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRequest {
    uid: String,
    kind: GroupVersionKind,
    resource: GroupVersionResource,
    #[serde(default)]
    sub_resource: Option<String>,
    #[serde(default)]
    request_kind: Option<GroupVersionKind>,
    #[serde(default)]
    request_resource: Option<GroupVersionResource>,
    #[serde(default)]
    request_sub_resource: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: Option<String>,
    operation: Operation,
    user_info: UserInfo,
    #[serde(default)]
    object: Option<Value>,
    #[serde(default, rename = "oldObject")]
    _old_object: IgnoredAny,
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    options: Option<RawExtension>,
}

/// Parses and checks a request body; the error is the reason given with the 400.
///
/// Well-formed reviews take the one-pass path. A body it rejects goes through
/// [`parse_checked`], which checks the envelope step by step to say what is wrong.
pub(crate) fn parse(body: &[u8]) -> Result<Parsed, String> {
    let Ok(wire) = serde_json::from_slice::<Wire>(body) else {
        return parse_checked(body);
    };
    if wire.api_version != "admission.k8s.io/v1" || wire.kind != "AdmissionReview" {
        return parse_checked(body);
    }
    let Some(w) = wire.request else {
        return Err("`request` is missing or not an object".into());
    };
    let request = AdmissionRequest::<DynamicObject> {
        types: TypeMeta {
            api_version: wire.api_version,
            kind: wire.kind,
        },
        uid: w.uid,
        kind: w.kind,
        resource: w.resource,
        sub_resource: w.sub_resource,
        request_kind: w.request_kind,
        request_resource: w.request_resource,
        request_sub_resource: w.request_sub_resource,
        name: w.name,
        namespace: w.namespace,
        operation: w.operation,
        user_info: w.user_info,
        object: None,
        old_object: None,
        dry_run: w.dry_run,
        options: w.options,
    };
    checked(request, w.object)
}

/// The request and object checks both paths share.
fn checked(
    request: AdmissionRequest<DynamicObject>,
    object: Option<Value>,
) -> Result<Parsed, String> {
    if request.uid.is_empty() {
        return Err("request.uid is empty".into());
    }
    let needs_object = matches!(request.operation, Operation::Create | Operation::Update);
    match &object {
        Some(Value::Object(_)) => {}
        Some(_) => return Err("request.object must be a JSON object".into()),
        None if needs_object => {
            return Err(format!(
                "request.object is required for {}",
                operation_str(&request.operation)
            ))
        }
        None => {}
    }
    Ok(Parsed { request, object })
}

/// The step-by-step path: a JSON tree first, then the envelope, then kube's types.
pub(crate) fn parse_checked(body: &[u8]) -> Result<Parsed, String> {
    let mut v: Value = serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let Some(top) = v.as_object_mut() else {
        return Err("the body must be a JSON object (an AdmissionReview)".into());
    };
    let api = top.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = top.get("kind").and_then(Value::as_str).unwrap_or("");
    if api != "admission.k8s.io/v1" || kind != "AdmissionReview" {
        return Err(format!(
            "expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got apiVersion `{api}` and kind `{kind}`"
        ));
    }
    let Some(req) = top.get_mut("request").and_then(Value::as_object_mut) else {
        return Err("`request` is missing or not an object".into());
    };
    // Kept raw; the old object is not judged (UPDATE judges the new one).
    let object = req.remove("object").filter(|o| !o.is_null());
    req.remove("oldObject");
    let review: AdmissionReview<DynamicObject> =
        serde_json::from_value(v).map_err(|e| format!("invalid AdmissionReview: {e}"))?;
    let request: AdmissionRequest<DynamicObject> = review
        .try_into()
        .map_err(|_| "`request` is missing".to_string())?;
    checked(request, object)
}

pub(crate) fn operation_str(op: &Operation) -> &'static str {
    match op {
        Operation::Create => "CREATE",
        Operation::Update => "UPDATE",
        Operation::Delete => "DELETE",
        Operation::Connect => "CONNECT",
    }
}

/// The document policies see. `apiVersion` and `kind` are taken from the request when the
/// object lacks them, and a namespaced object without `metadata.namespace` gets the request's
/// namespace (the API server fills it in after admission), as a manifest would carry it.
pub(crate) fn document(mut object: Value, request: &AdmissionRequest<DynamicObject>) -> Document {
    if let Value::Object(m) = &mut object {
        let gvk = &request.kind;
        if !m.get("kind").is_some_and(Value::is_string) {
            m.insert("kind".into(), Value::String(gvk.kind.clone()));
        }
        if !m.get("apiVersion").is_some_and(Value::is_string) {
            let api = if gvk.group.is_empty() {
                gvk.version.clone()
            } else {
                format!("{}/{}", gvk.group, gvk.version)
            };
            m.insert("apiVersion".into(), Value::String(api));
        }
        let is_namespace = m.get("kind").and_then(Value::as_str) == Some("Namespace");
        if let Some(ns) = request
            .namespace
            .as_deref()
            .filter(|n| !n.is_empty() && !is_namespace)
        {
            let meta = m
                .entry("metadata")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(meta) = meta {
                if !meta.get("namespace").is_some_and(Value::is_string) {
                    meta.insert("namespace".into(), Value::String(ns.to_string()));
                }
            }
        }
    }
    let mut doc = Document::new(DocKind::Kubernetes, ADMISSION_FILE, 0, object);
    doc.extra
        .insert("source".into(), Value::String("admission".into()));
    doc
}

/// The response body for a decision.
pub(crate) fn respond(
    request: &AdmissionRequest<DynamicObject>,
    decision: Option<&Decision>,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut resp = AdmissionResponse::from(request);
    if let Some(d) = decision {
        if let Some(msg) = &d.message {
            resp = resp.deny(msg);
            resp.result.code = 403;
            resp.result.reason = "Forbidden".into();
        }
        if !d.warnings.is_empty() {
            resp.warnings = Some(d.warnings.clone());
        }
    }
    serde_json::to_vec(&resp.into_review())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(op: &str, object: &str) -> String {
        format!(
            r#"{{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{{"uid":"u-1","kind":{{"group":"","version":"v1","kind":"Pod"}},"resource":{{"group":"","version":"v1","resource":"pods"}},"name":"p","namespace":"team-a","operation":"{op}","userInfo":{{"username":"alice"}}{object}}}}}"#
        )
    }

    #[test]
    fn keeps_the_raw_object_and_fills_the_namespace() {
        let b = body(
            "CREATE",
            r#","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":null},"spec":{"containers":[]}}"#,
        );
        let p = parse(b.as_bytes()).expect("valid review");
        let object = p.object.expect("object");
        let doc = document(object, &p.request);
        assert_eq!(doc.resource["metadata"]["namespace"], "team-a");
        assert_eq!(doc.resource["metadata"]["creationTimestamp"], Value::Null);
        assert_eq!(doc.display_name(), "Pod/team-a/p");
        assert_eq!(doc.to_input()["kind"], "kubernetes");
    }

    /// The one-pass path and the step-by-step path read well-formed reviews alike.
    #[test]
    fn both_paths_agree_on_well_formed_reviews() {
        let bodies = [
            body(
                "CREATE",
                r#","dryRun":true,"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}"#,
            ),
            body(
                "UPDATE",
                r#","subResource":"status","object":{"kind":"Pod"},"oldObject":{"kind":"Pod","spec":[1]},"options":{"kind":"UpdateOptions","apiVersion":"meta.k8s.io/v1"}"#,
            ),
            body("DELETE", r#","object":null"#),
        ];
        for b in &bodies {
            let fast = parse(b.as_bytes()).expect(b);
            let slow = parse_checked(b.as_bytes()).expect(b);
            assert_eq!(
                serde_json::to_value(&fast.request).expect("encodes"),
                serde_json::to_value(&slow.request).expect("encodes"),
                "{b}"
            );
            assert_eq!(fast.request.types, slow.request.types);
            assert_eq!(fast.object, slow.object, "{b}");
        }
        let update = parse(bodies[1].as_bytes()).expect("update");
        assert_eq!(update.request.sub_resource.as_deref(), Some("status"));
        assert!(update.request.old_object.is_none());
        assert!(parse(bodies[0].as_bytes()).expect("create").request.dry_run);
        assert!(parse(bodies[2].as_bytes())
            .expect("delete")
            .object
            .is_none());
    }

    #[test]
    fn rejects_malformed_reviews_with_reasons() {
        let cases = [
            ("{", "invalid JSON"),
            ("[]", "must be a JSON object"),
            (
                r#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview"}"#,
                "expected apiVersion",
            ),
            (
                r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#,
                "`request` is missing",
            ),
        ];
        for (b, want) in cases {
            let e = parse(b.as_bytes()).expect_err(b);
            assert!(e.contains(want), "{b}: {e}");
        }
        let e = parse(body("CREATE", "").as_bytes()).expect_err("no object");
        assert_eq!(e, "request.object is required for CREATE");
        let e = parse(body("UPDATE", r#","object":[1]"#).as_bytes()).expect_err("array");
        assert_eq!(e, "request.object must be a JSON object");
        let e = parse(body("SHRED", r#","object":{}"#).as_bytes()).expect_err("operation");
        assert!(
            e.starts_with("invalid AdmissionReview: unknown variant `SHRED`"),
            "{e}"
        );
        assert!(parse(body("DELETE", "").as_bytes()).is_ok());
    }
}
