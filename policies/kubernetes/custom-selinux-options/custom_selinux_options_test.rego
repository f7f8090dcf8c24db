package comply.kubernetes.custom_selinux_options_test

import data.comply.kubernetes.custom_selinux_options as policy

_pod(pod_sc, container_sc) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": container_sc}]},
}}

test_deny_custom_type_at_pod_level if {
	findings := policy.deny with input as _pod({"seLinuxOptions": {"type": "spc_t"}}, {})
	{f.path | some f in findings} == {["spec", "securityContext", "seLinuxOptions", "type"]}
	some f in findings
	f.msg == `Pod "p" sets SELinux type spc_t`
}

test_deny_user_and_role_at_container_level if {
	findings := policy.deny with input as _pod({}, {"seLinuxOptions": {"user": "system_u", "role": "system_r"}})
	{f.path | some f in findings} == {
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "user"],
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "role"],
	}
}

test_deny_ephemeral_container if {
	count(policy.deny) == 1 with input as {"kind": "kubernetes", "resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"containers": [{"name": "a"}], "ephemeralContainers": [{"name": "d", "securityContext": {"seLinuxOptions": {"type": "unconfined_t"}}}]},
	}}
}

test_allow_allowed_types_and_level if {
	count(policy.deny) == 0 with input as _pod(
		{"seLinuxOptions": {"level": "s0:c1,c2", "type": ""}},
		{"seLinuxOptions": {"type": "container_init_t", "user": "", "role": ""}},
	)
	count(policy.deny) == 0 with input as _pod({"seLinuxOptions": {"type": "container_kvm_t"}}, {"seLinuxOptions": {"type": "container_engine_t"}})
}

test_allow_absent if {
	count(policy.deny) == 0 with input as _pod({}, {})
}
