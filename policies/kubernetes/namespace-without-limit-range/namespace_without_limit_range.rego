# METADATA
# title: Namespace without a LimitRange
# description: |
#   A LimitRange gives containers default requests and limits and caps what a single pod may
#   ask for; without one, a container that omits its resources runs unbounded and a ResourceQuota
#   on compute rejects it outright. A namespace counts when it is declared in the scan unit or
#   holds one of its workloads, and it is satisfied by a LimitRange with at least one
#   `spec.limits` entry in the same scan unit (one applied by other means is not visible). Each
#   namespace is reported once: on its Namespace object when declared, otherwise on its first
#   workload. Needs the scan inventory, so it is skipped at admission time. Option
#   `exempt_namespaces` (rule option of `namespace-without-limit-range`) lists namespaces never
#   reported, default `["kube-system", "kube-public", "kube-node-lease"]`.
# related_resources:
#   - https://kubernetes.io/docs/concepts/policy/limit-range/
# custom:
#   id: K8S-0053
#   severity: low
#   category: resource-quotas
#   frameworks:
#     nsa-kubernetes: ["resource-policies"]
#     soc2: ["A1.1"]
#     iso27001: ["8.6"]
#   remediation: Add a LimitRange with default and defaultRequest values for containers to the namespace.
#   inventory: [LimitRange]
#   inputs: [{kind: kubernetes, resources: [Namespace, Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.namespace_without_limit_range

import data.comply.lib.kubernetes
import data.comply.lib.result

default _exempt := ["kube-system", "kube-public", "kube-node-lease"]

_exempt := e if {
	e := data.comply.rule_options["namespace-without-limit-range"].exempt_namespaces
	is_array(e)
}

deny contains finding if {
	some subject in _subject
	not subject.namespace in _exempt
	not _has_limit_range(subject.namespace)
	finding := result.fail(sprintf("%s has no LimitRange", [subject.label]), subject.path)
}

_has_limit_range(ns) if {
	some limit_range in data.comply.inventory.by_kind.LimitRange
	object.get(limit_range.resource, ["metadata", "namespace"], "default") == ns
	limits := object.get(limit_range.resource, ["spec", "limits"], [])
	is_array(limits)
	count(limits) > 0
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
