//! `data.comply.inventory`: the other Kubernetes objects of a scan unit, indexed so that
//! cross-resource rules (a namespace without a NetworkPolicy) stay linear in the number of
//! objects: objects grouped by kind, and a per-namespace summary.

use comply_model::Document;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

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

/// What the inventory says about one namespace.
#[derive(Debug, Default, serde::Serialize)]
struct NamespaceSummary {
    /// A `Namespace` object for it is part of the unit.
    declared: bool,
    /// How many workloads live in it.
    workloads: usize,
    /// The id of the first workload in file order (where namespace-level findings go when the
    /// namespace is not declared).
    first_workload: Option<String>,
}

/// Builds the inventory of one unit from its Kubernetes documents (in file order). `kinds`
/// limits `by_kind` to the kinds the enabled rules read (`None`: every kind); indexing every
/// object of a large unit only to convert it for the engine costs more than the rules themselves.
pub(crate) fn build<'a>(
    docs: impl Iterator<Item = &'a Document>,
    kinds: Option<&BTreeSet<String>>,
) -> Value {
    let mut by_kind: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    let mut namespaces: BTreeMap<&str, NamespaceSummary> = BTreeMap::new();
    for d in docs {
        let Some(kind) = d.resource.get("kind").and_then(Value::as_str) else {
            continue;
        };
        if kinds.is_none_or(|k| k.contains(kind)) {
            by_kind
                .entry(kind)
                .or_default()
                .push(json!({"id": d.id(), "file": &*d.file, "resource": d.resource}));
        }
        let meta = d.resource.get("metadata");
        if kind == "Namespace" {
            if let Some(name) = meta.and_then(|m| m.get("name")).and_then(Value::as_str) {
                namespaces.entry(name).or_default().declared = true;
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
        let ns = namespaces.entry(name).or_default();
        ns.workloads += 1;
        ns.first_workload.get_or_insert_with(|| d.id());
    }
    json!({"by_kind": by_kind, "namespaces": namespaces})
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
        let inv = build(docs.iter(), None);
        assert_eq!(inv["by_kind"]["Deployment"][0]["id"], "a.yaml#1");
        assert_eq!(
            inv["namespaces"]["prod"],
            json!({"declared": true, "workloads": 1, "first_workload": "a.yaml#1"})
        );
        assert_eq!(inv["namespaces"]["default"]["first_workload"], "b.yaml#0");
        assert!(inv["namespaces"].get("other").is_none());
        let only: BTreeSet<String> = ["Pod".to_string()].into();
        let inv = build(docs.iter(), Some(&only));
        assert_eq!(inv["by_kind"].as_object().map(|m| m.len()), Some(1));
        assert_eq!(inv["by_kind"]["Pod"][0]["id"], "b.yaml#0");
        assert_eq!(inv["namespaces"]["prod"]["workloads"], 1);
    }
}
