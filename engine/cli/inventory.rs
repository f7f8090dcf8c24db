//! `data.comply.inventory`: the other Kubernetes objects of a scan unit, indexed so that
//! cross-resource rules (a namespace without a NetworkPolicy) stay linear in the number of
//! objects: objects grouped by kind, and a per-namespace summary.

use comply_model::Document;
use serde_json::{json, Map, Value};

/// Kinds that live outside any namespace.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
    "RuntimeClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "APIService",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "PodSecurityPolicy",
    "ClusterIssuer",
];

/// Workload kinds (they hold pods).
pub(crate) const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "ReplicationController",
];

/// Builds the inventory of one unit from its Kubernetes documents (in file order).
pub(crate) fn build<'a>(docs: impl Iterator<Item = &'a Document>) -> Value {
    let mut by_kind: Map<String, Value> = Map::new();
    let mut namespaces: Map<String, Value> = Map::new();
    for d in docs {
        let Some(kind) = d.resource.get("kind").and_then(Value::as_str) else {
            continue;
        };
        let entry = json!({"id": d.id(), "file": &*d.file, "resource": d.resource});
        if let Value::Array(list) = by_kind
            .entry(kind.to_string())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(entry);
        }
        let meta = d.resource.get("metadata");
        if kind == "Namespace" {
            if let Some(name) = meta.and_then(|m| m.get("name")).and_then(Value::as_str) {
                let ns = namespace_entry(&mut namespaces, name);
                ns.insert("declared".into(), Value::Bool(true));
            }
            continue;
        }
        if CLUSTER_SCOPED.contains(&kind) || !WORKLOAD_KINDS.contains(&kind) {
            continue;
        }
        let name = meta
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("default");
        let ns = namespace_entry(&mut namespaces, name);
        let n = ns.get("workloads").and_then(Value::as_u64).unwrap_or(0);
        ns.insert("workloads".into(), json!(n + 1));
        if ns.get("first_workload").is_none_or(Value::is_null) {
            ns.insert("first_workload".into(), Value::String(d.id()));
        }
    }
    json!({"by_kind": by_kind, "namespaces": namespaces})
}

fn namespace_entry<'m>(
    namespaces: &'m mut Map<String, Value>,
    name: &str,
) -> &'m mut Map<String, Value> {
    let v = namespaces
        .entry(name.to_string())
        .or_insert_with(|| json!({"declared": false, "workloads": 0, "first_workload": null}));
    if !v.is_object() {
        *v = json!({});
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comply_model::DocKind;

    #[test]
    fn indexes_by_kind_and_namespace() {
        let docs = vec![
            Document::new(
                DocKind::Kubernetes,
                "a.yaml",
                0,
                json!({"kind": "Namespace", "metadata": {"name": "prod"}}),
            ),
            Document::new(
                DocKind::Kubernetes,
                "a.yaml",
                1,
                json!({"kind": "Deployment", "metadata": {"name": "w", "namespace": "prod"}}),
            ),
            Document::new(
                DocKind::Kubernetes,
                "b.yaml",
                0,
                json!({"kind": "Pod", "metadata": {"name": "p"}}),
            ),
            Document::new(
                DocKind::Kubernetes,
                "b.yaml",
                1,
                json!({"kind": "ConfigMap", "metadata": {"name": "c", "namespace": "other"}}),
            ),
        ];
        let inv = build(docs.iter());
        assert_eq!(inv["by_kind"]["Deployment"][0]["id"], "a.yaml#1");
        assert_eq!(
            inv["namespaces"]["prod"],
            json!({"declared": true, "workloads": 1, "first_workload": "a.yaml#1"})
        );
        assert_eq!(inv["namespaces"]["default"]["first_workload"], "b.yaml#0");
        assert!(inv["namespaces"].get("other").is_none());
    }
}
