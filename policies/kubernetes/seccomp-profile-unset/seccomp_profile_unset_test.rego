package comply.kubernetes.seccomp_profile_unset_test

import data.comply.kubernetes.seccomp_profile_unset as policy

_pod(pod_sc, container) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"securityContext": pod_sc, "containers": [container]},
}}

test_deny_unset_everywhere if {
	findings := policy.deny with input as _pod({}, {"name": "app"})
	{f.path | some f in findings} == {["spec", "containers", 0]}
	some f in findings
	f.msg == `Container "app" of Pod "p" has no seccomp profile`
}

test_deny_profile_without_type if {
	findings := policy.deny with input as _pod({}, {"name": "app", "securityContext": {"seccompProfile": {}}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "seccompProfile"]}
}

test_deny_unknown_type if {
	findings := policy.deny with input as _pod({"seccompProfile": {"type": "runtime/default"}}, {"name": "app"})
	{f.path | some f in findings} == {["spec", "securityContext", "seccompProfile", "type"]}
}

test_deny_init_container_in_job if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "Job",
		"metadata": {"name": "j"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "i"}],
			"containers": [{"name": "c", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}],
		}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 0]}
}

test_allow_pod_level_runtime_default if {
	count(policy.deny) == 0 with input as _pod({"seccompProfile": {"type": "RuntimeDefault"}}, {"name": "app"})
}

test_allow_container_level_localhost if {
	count(policy.deny) == 0 with input as _pod({}, {"name": "app", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}})
}

test_allow_unconfined_left_to_seccomp_unconfined if {
	count(policy.deny) == 0 with input as _pod({"seccompProfile": {"type": "Unconfined"}}, {"name": "app"})
}

test_allow_windows_pod if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"os": {"name": "windows"}, "containers": [{"name": "a"}]},
	}}
}
