# METADATA
# title: Namespace does not enforce a Pod Security Standard
# description: |
#   Pod Security Admission enforces the level named by the pod-security.kubernetes.io/enforce label
#   of a namespace; without it, or with privileged, any pod, including privileged ones, is admitted
#   unless another admission controller blocks it.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-admission/
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0021
#   severity: medium
#   category: pod-security
#   frameworks:
#     cis-kubernetes: ["5.2.1"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.9"]
#   remediation: Label the namespace with pod-security.kubernetes.io/enforce set to baseline or restricted.
#   inputs: [{kind: kubernetes, resources: [Namespace]}]
package comply.kubernetes.namespace_pss_unenforced

import data.comply.lib.kubernetes
import data.comply.lib.result

_label := "pod-security.kubernetes.io/enforce"

_labels := object.get(kubernetes.resource, ["metadata", "labels"], {})

deny contains finding if {
	kubernetes.kind == "Namespace"
	not _enforced_level
	finding := result.fail(
		sprintf("Namespace %q has no %s label", [kubernetes.name, _label]),
		_missing_path,
	)
}

deny contains finding if {
	kubernetes.kind == "Namespace"
	_enforced_level == "privileged"
	finding := result.fail(
		sprintf("Namespace %q enforces the privileged Pod Security Standard", [kubernetes.name]),
		["metadata", "labels", _label],
	)
}

_enforced_level := level if {
	is_object(_labels)
	level := _labels[_label]
	level != null
	level != ""
}

_missing_path := ["metadata", "labels"] if {
	is_object(object.get(kubernetes.resource, ["metadata", "labels"], null))
} else := ["metadata"] if {
	is_object(object.get(kubernetes.resource, "metadata", null))
} else := []
