package comply.kubernetes.privilege_escalation_allowed_test

import data.comply.kubernetes.privilege_escalation_allowed as policy

_pod(container) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"containers": [container]},
}}

test_deny_allow_privilege_escalation_true if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"allowPrivilegeEscalation": true}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"]}
	some f in findings
	f.msg == `Container "app" of Pod "p" allows privilege escalation`
}

test_deny_missing_security_context if {
	findings := policy.deny with input as _pod({"name": "app"})
	{f.path | some f in findings} == {["spec", "containers", 0]}
	some f in findings
	f.msg == `Container "app" of Pod "p" does not set allowPrivilegeEscalation`
}

test_deny_missing_key if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"runAsNonRoot": true}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext"]}
}

test_deny_pod_level_is_not_a_field if {
	# allowPrivilegeEscalation exists only on containers; a pod-level key does not count.
	count(policy.deny) == 1 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"securityContext": {"allowPrivilegeEscalation": false}, "containers": [{"name": "a"}]},
	}}
}

test_deny_init_container_of_replicaset if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "ReplicaSet",
		"metadata": {"name": "rs"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "i"}],
			"containers": [{"name": "c", "securityContext": {"allowPrivilegeEscalation": false}}],
		}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 0]}
}

test_allow_false if {
	count(policy.deny) == 0 with input as _pod({"name": "app", "securityContext": {"allowPrivilegeEscalation": false}})
}

test_allow_windows_pod if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"os": {"name": "windows"}, "containers": [{"name": "a"}]},
	}}
}
