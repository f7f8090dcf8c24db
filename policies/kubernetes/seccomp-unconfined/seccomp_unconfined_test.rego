package comply.kubernetes.seccomp_unconfined_test

import data.comply.kubernetes.seccomp_unconfined as policy

_pod(pod_sc, container_sc) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": container_sc}]},
}}

test_deny_pod_level_unconfined if {
	findings := policy.deny with input as _pod({"seccompProfile": {"type": "Unconfined"}}, {})
	{f.path | some f in findings} == {["spec", "securityContext", "seccompProfile", "type"]}
	some f in findings
	f.msg == `Pod "p" sets seccomp profile type Unconfined`
}

test_deny_container_level_unconfined if {
	findings := policy.deny with input as _pod({"seccompProfile": {"type": "RuntimeDefault"}}, {"seccompProfile": {"type": "Unconfined"}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "seccompProfile", "type"]}
}

test_allow_runtime_default_and_localhost if {
	count(policy.deny) == 0 with input as _pod({"seccompProfile": {"type": "RuntimeDefault"}}, {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}})
}

test_allow_absent if {
	count(policy.deny) == 0 with input as _pod({}, {})
}
