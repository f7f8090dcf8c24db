package comply.kubernetes.namespace_pss_unenforced_test

import data.comply.kubernetes.namespace_pss_unenforced as policy

_namespace(metadata) := {"kind": "kubernetes", "resource": {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}}

test_deny_no_labels if {
	findings := policy.deny with input as _namespace({"name": "legacy"})
	{f.path | some f in findings} == {["metadata"]}
	some f in findings
	f.msg == `Namespace "legacy" has no pod-security.kubernetes.io/enforce label`
}

test_deny_labels_without_enforce if {
	findings := policy.deny with input as _namespace({"name": "shop", "labels": {"pod-security.kubernetes.io/audit": "restricted"}})
	{f.path | some f in findings} == {["metadata", "labels"]}
}

test_deny_empty_enforce if {
	count(policy.deny) == 1 with input as _namespace({"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": ""}})
}

test_deny_privileged if {
	findings := policy.deny with input as _namespace({"name": "ops", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}})
	{f.path | some f in findings} == {["metadata", "labels", "pod-security.kubernetes.io/enforce"]}
	some f in findings
	f.msg == `Namespace "ops" enforces the privileged Pod Security Standard`
}

test_deny_no_metadata if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {"apiVersion": "v1", "kind": "Namespace"}}
	{f.path | some f in findings} == {[]}
}

test_allow_baseline_and_restricted if {
	count(policy.deny) == 0 with input as _namespace({"name": "a", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}})
	count(policy.deny) == 0 with input as _namespace({"name": "b", "labels": {"pod-security.kubernetes.io/enforce": "restricted"}})
}

test_allow_other_kinds if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "ConfigMap", "metadata": {"name": "c"}}}
}
