# METADATA
# title: Namespace without a NetworkPolicy
# description: |
#   Pods accept traffic from, and send it to, every other pod of the cluster until a
#   NetworkPolicy selects them, so a namespace without one has no network segmentation and a
#   compromised pod anywhere can reach it. A namespace counts when it is declared in the scan unit
#   or holds one of its workloads, and it is satisfied by any NetworkPolicy (or
#   CiliumNetworkPolicy) in the same scan unit; policies applied by other means are not visible.
#   Each namespace is reported once: on its Namespace object when declared, otherwise on its first
#   workload. Needs the scan inventory, so it is skipped at admission time. Option
#   `exempt_namespaces` (rule option of `namespace-without-network-policy`) lists namespaces never
#   reported, default `["kube-system", "kube-public", "kube-node-lease"]`.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/
# custom:
#   id: K8S-0055
#   severity: medium
#   category: network-isolation
#   frameworks:
#     cis-kubernetes: ["5.3.2"]
#     nsa-kubernetes: ["network-policies"]
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["8.20", "8.22"]
#   remediation: Add a NetworkPolicy to the namespace, starting with a default deny of ingress and egress, then allow the flows each workload needs.
#   inventory: [NetworkPolicy, CiliumNetworkPolicy]
#   inputs: [{kind: kubernetes, resources: [Namespace, Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.namespace_without_network_policy

import data.comply.lib.kubernetes
import data.comply.lib.result

default _exempt := ["kube-system", "kube-public", "kube-node-lease"]

_exempt := e if {
	e := data.comply.rule_options["namespace-without-network-policy"].exempt_namespaces
	is_array(e)
}

_policy_kinds := ["NetworkPolicy", "CiliumNetworkPolicy"]

deny contains finding if {
	some subject in _subject
	not subject.namespace in _exempt
	not _has_network_policy(subject.namespace)
	finding := result.fail(sprintf("%s has no NetworkPolicy", [subject.label]), subject.path)
}

_has_network_policy(ns) if {
	some kind in _policy_kinds
	some policy in data.comply.inventory.by_kind[kind]
	object.get(policy.resource, ["metadata", "namespace"], "default") == ns
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
