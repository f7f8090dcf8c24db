package comply.kubernetes.capabilities_not_dropped_test

import data.comply.kubernetes.capabilities_not_dropped as policy

_pod(container) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"containers": [container]},
}}

test_deny_no_security_context if {
	findings := policy.deny with input as _pod({"name": "app"})
	{f.path | some f in findings} == {["spec", "containers", 0]}
	some f in findings
	f.msg == `Container "app" of Pod "p" does not drop all capabilities`
}

test_deny_no_capabilities if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"runAsNonRoot": true}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext"]}
}

test_deny_capabilities_without_drop if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE"]}}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "capabilities"]}
}

test_deny_drop_without_all if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"capabilities": {"drop": ["NET_RAW"]}}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "capabilities", "drop"]}
}

test_deny_ephemeral_container if {
	count(policy.deny) == 1 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {
			"containers": [{"name": "a", "securityContext": {"capabilities": {"drop": ["ALL"]}}}],
			"ephemeralContainers": [{"name": "dbg"}],
		},
	}}
}

test_allow_drop_all if {
	count(policy.deny) == 0 with input as _pod({"name": "app", "securityContext": {"capabilities": {"drop": ["ALL"]}}})
	count(policy.deny) == 0 with input as _pod({"name": "app", "securityContext": {"capabilities": {"drop": ["NET_RAW", "all"]}}})
}

test_allow_windows_pod if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"os": {"name": "windows"}, "containers": [{"name": "a"}]},
	}}
}

test_deny_null_drop if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"capabilities": {"drop": null}}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "capabilities"]}
}
