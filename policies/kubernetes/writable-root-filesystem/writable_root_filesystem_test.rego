package comply.kubernetes.writable_root_filesystem_test

import data.comply.kubernetes.writable_root_filesystem as policy

_pod(container) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"containers": [container]},
}}

test_deny_explicit_false if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"readOnlyRootFilesystem": false}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"]}
	some f in findings
	f.msg == `Container "app" of Pod "p" has a writable root filesystem`
}

test_deny_missing if {
	findings := policy.deny with input as _pod({"name": "app"})
	{f.path | some f in findings} == {["spec", "containers", 0]}
	some f in findings
	f.msg == `Container "app" of Pod "p" does not set readOnlyRootFilesystem`
}

test_deny_missing_key if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext"]}
}

test_deny_init_container_of_statefulset if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "StatefulSet",
		"metadata": {"name": "s"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "i"}],
			"containers": [{"name": "c", "securityContext": {"readOnlyRootFilesystem": true}}],
		}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 0]}
}

test_allow_read_only if {
	count(policy.deny) == 0 with input as _pod({"name": "app", "securityContext": {"readOnlyRootFilesystem": true}})
}
