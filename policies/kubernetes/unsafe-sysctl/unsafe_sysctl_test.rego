package comply.kubernetes.unsafe_sysctl_test

import data.comply.kubernetes.unsafe_sysctl as policy

_pod(sysctls) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"securityContext": {"sysctls": sysctls}, "containers": [{"name": "app"}]},
}}

test_deny_unsafe_sysctl if {
	findings := policy.deny with input as _pod([
		{"name": "kernel.shm_rmid_forced", "value": "1"},
		{"name": "net.core.somaxconn", "value": "1024"},
	])
	{f.path | some f in findings} == {["spec", "securityContext", "sysctls", 1, "name"]}
	some f in findings
	f.msg == `Pod "p" sets unsafe sysctl net.core.somaxconn`
}

test_deny_in_replication_controller if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "ReplicationController",
		"metadata": {"name": "rc"},
		"spec": {"template": {"spec": {
			"securityContext": {"sysctls": [{"name": "kernel.sem", "value": "250 32000 100 128"}]},
			"containers": [{"name": "a"}],
		}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "securityContext", "sysctls", 0, "name"]}
}

test_allow_safe_sysctls if {
	count(policy.deny) == 0 with input as _pod([
		{"name": "kernel.shm_rmid_forced", "value": "0"},
		{"name": "net.ipv4.ip_local_port_range", "value": "1024 65000"},
		{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"},
		{"name": "net.ipv4.tcp_syncookies", "value": "1"},
		{"name": "net.ipv4.ping_group_range", "value": "0 2147483647"},
		{"name": "net.ipv4.ip_local_reserved_ports", "value": "8080"},
		{"name": "net.ipv4.tcp_keepalive_time", "value": "600"},
		{"name": "net.ipv4.tcp_fin_timeout", "value": "30"},
		{"name": "net.ipv4.tcp_keepalive_intvl", "value": "60"},
		{"name": "net.ipv4.tcp_keepalive_probes", "value": "5"},
	])
}

test_allow_absent if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}

test_allow_null_sysctls if {
	count(policy.deny) == 0 with input as _pod(null)
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": null, "containers": [{"name": "a"}]}}}
}
