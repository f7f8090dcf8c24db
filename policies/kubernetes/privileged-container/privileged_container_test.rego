package comply.kubernetes.privileged_container_test

import data.comply.kubernetes.privileged_container as policy

_pod(container) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "debug"},
	"spec": {"containers": [container]},
}}

test_deny_privileged_container if {
	findings := policy.deny with input as _pod({"name": "app", "securityContext": {"privileged": true}})
	count(findings) == 1
	some f in findings
	f.path == ["spec", "containers", 0, "securityContext", "privileged"]
	f.msg == `Container "app" of Pod "debug" runs in privileged mode`
}

test_deny_privileged_init_container_of_statefulset if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "StatefulSet",
		"metadata": {"name": "db"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "init", "securityContext": {"privileged": true}}],
			"containers": [{"name": "db"}],
		}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 0, "securityContext", "privileged"]}
}

test_deny_privileged_ephemeral_container if {
	count(policy.deny) == 1 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"containers": [{"name": "a"}], "ephemeralContainers": [{"name": "dbg", "securityContext": {"privileged": true}}]},
	}}
}

test_allow_privileged_false if {
	count(policy.deny) == 0 with input as _pod({"name": "app", "securityContext": {"privileged": false}})
}

test_allow_no_security_context if {
	count(policy.deny) == 0 with input as _pod({"name": "app"})
}

test_allow_non_workload if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "ConfigMap", "data": {"privileged": "true"}}}
}

test_allow_null_security_context if {
	count(policy.deny) == 0 with input as _pod({"name": "app", "securityContext": null})
}
