# METADATA
# title: Namespace without a ResourceQuota
# description: |
#   Without a ResourceQuota nothing caps the total CPU, memory and object count a namespace can
#   claim, so one team or a runaway autoscaler can exhaust the cluster. A namespace counts when it
#   is declared in the scan unit or holds one of its workloads, and it is satisfied by a
#   ResourceQuota with at least one `spec.hard` entry in the same scan unit (a quota applied to
#   the cluster by other means is not visible). Each namespace is reported once: on its Namespace
#   object when declared, otherwise on its first workload. Needs the scan inventory, so it is
#   skipped at admission time. Option `exempt_namespaces` (rule option of
#   `namespace-without-resource-quota`) lists namespaces never reported, default
#   `["kube-system", "kube-public", "kube-node-lease"]`.
# related_resources:
#   - https://kubernetes.io/docs/concepts/policy/resource-quotas/
# custom:
#   id: K8S-0052
#   severity: low
#   category: resource-quotas
#   frameworks:
#     nsa-kubernetes: ["resource-policies"]
#     soc2: ["A1.1"]
#     iso27001: ["8.6"]
#   remediation: Add a ResourceQuota with hard limits on requests.cpu, requests.memory, limits.cpu and limits.memory to the namespace.
#   inventory: [ResourceQuota]
#   inputs: [{kind: kubernetes, resources: [Namespace, Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.namespace_without_resource_quota

import data.comply.lib.kubernetes
import data.comply.lib.result

default _exempt := ["kube-system", "kube-public", "kube-node-lease"]

_exempt := e if {
	e := data.comply.rule_options["namespace-without-resource-quota"].exempt_namespaces
	is_array(e)
}

deny contains finding if {
	some subject in _subject
	not subject.namespace in _exempt
	not _has_quota(subject.namespace)
	finding := result.fail(sprintf("%s has no ResourceQuota", [subject.label]), subject.path)
}

_has_quota(ns) if {
	some quota in data.comply.inventory.by_kind.ResourceQuota
	object.get(quota.resource, ["metadata", "namespace"], "default") == ns
	hard := object.get(quota.resource, ["spec", "hard"], {})
	is_object(hard)
	count(hard) > 0
}

# The namespace a document reports for (at most one). A declared Namespace reports for itself...
_subject contains {"namespace": ns, "path": ["metadata", "name"], "label": sprintf("Namespace %q", [ns])} if {
	kubernetes.kind == "Namespace"
	is_object(data.comply.inventory)
	ns := input.resource.metadata.name
}

# ...an undeclared one through its first workload, so it is reported once.
_subject contains {"namespace": ns, "path": _namespace_path, "label": label} if {
	kubernetes.kind != "Namespace"
	ns := kubernetes.namespace
	entry := data.comply.inventory.namespaces[ns]
	entry.first_workload == input.id
	not entry.declared == true
	label := sprintf("Namespace %q of %s %q", [ns, kubernetes.kind, kubernetes.name])
}

_namespace_path := ["metadata", "namespace"] if {
	is_string(input.resource.metadata.namespace)
} else := ["metadata"]
