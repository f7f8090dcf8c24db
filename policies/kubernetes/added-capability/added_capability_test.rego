package comply.kubernetes.added_capability_test

import data.comply.kubernetes.added_capability as policy

_pod(add) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"containers": [{"name": "app", "securityContext": {"capabilities": {"drop": ["ALL"], "add": add}}}]},
}}

test_deny_baseline_capability if {
	findings := policy.deny with input as _pod(["NET_BIND_SERVICE", "CHOWN"])
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "capabilities", "add", 1]}
	some f in findings
	f.msg == `Container "app" of Pod "p" adds capability CHOWN`
}

test_deny_prefixed_lower_case if {
	count(policy.deny) == 1 with input as _pod(["cap_setuid"])
}

test_deny_in_init_container_of_daemonset if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "DaemonSet",
		"metadata": {"name": "d"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "i", "securityContext": {"capabilities": {"add": ["DAC_OVERRIDE"]}}}],
			"containers": [{"name": "c"}],
		}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 0, "securityContext", "capabilities", "add", 0]}
}

test_allow_dangerous_left_to_dangerous_capability if {
	count(policy.deny) == 0 with input as _pod(["SYS_ADMIN", "NET_RAW"])
}

test_allow_net_bind_service if {
	count(policy.deny) == 0 with input as _pod(["NET_BIND_SERVICE", "cap_net_bind_service"])
}

test_allow_windows_pod if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"os": {"name": "windows"}, "containers": [{"name": "a", "securityContext": {"capabilities": {"add": ["CHOWN"]}}}]},
	}}
}

test_allow_absent if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}
