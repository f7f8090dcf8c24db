package comply.kubernetes.dangerous_capability_test

import data.comply.kubernetes.dangerous_capability as policy

_pod(add) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"containers": [{"name": "app", "securityContext": {"capabilities": {"add": add}}}]},
}}

test_deny_sys_admin if {
	findings := policy.deny with input as _pod(["SYS_ADMIN"])
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "capabilities", "add", 0]}
	some f in findings
	f.msg == `Container "app" of Pod "p" adds capability SYS_ADMIN`
}

test_deny_case_and_prefix_insensitive if {
	findings := policy.deny with input as _pod(["CHOWN", "cap_net_admin", "Net_Raw"])
	{f.path[6] | some f in findings} == {1, 2}
}

test_deny_in_init_container_of_job if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "Job",
		"metadata": {"name": "j"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "init", "securityContext": {"capabilities": {"add": ["SYS_PTRACE"]}}}],
			"containers": [{"name": "main"}],
		}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 0, "securityContext", "capabilities", "add", 0]}
}

test_allow_baseline_capabilities if {
	count(policy.deny) == 0 with input as _pod([
		"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
		"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", "CAP_KILL", "chown",
	])
}

test_allow_no_capabilities if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}}
}

test_allow_drop_only if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "securityContext": {"capabilities": {"drop": ["SYS_ADMIN"]}}}]}}}
}
