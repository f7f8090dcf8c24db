package comply.kubernetes.run_as_user_root_test

import data.comply.kubernetes.run_as_user_root as policy

_pod(pod_sc, container_sc) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": container_sc}]},
}}

test_deny_pod_level_root if {
	findings := policy.deny with input as _pod({"runAsUser": 0}, {})
	{f.path | some f in findings} == {["spec", "securityContext", "runAsUser"]}
	some f in findings
	f.msg == `Pod "p" runs as UID 0`
}

test_deny_container_level_root if {
	findings := policy.deny with input as _pod({"runAsUser": 1000}, {"runAsUser": 0})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "runAsUser"]}
	some f in findings
	f.msg == `Container "app" of Pod "p" runs as UID 0`
}

test_deny_string_uid if {
	count(policy.deny) == 1 with input as _pod({}, {"runAsUser": "0"})
}

test_allow_non_zero if {
	count(policy.deny) == 0 with input as _pod({"runAsUser": 1000}, {"runAsUser": 2000})
}

test_allow_absent if {
	count(policy.deny) == 0 with input as _pod({}, {})
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}
