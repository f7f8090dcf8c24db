package comply.kubernetes.host_port_test

import data.comply.kubernetes.host_port as policy

_pod(field, ports) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {field: [{"name": "app", "ports": ports}]},
}}

test_deny_host_port if {
	findings := policy.deny with input as _pod("containers", [{"containerPort": 80, "hostPort": 80}])
	{f.path | some f in findings} == {["spec", "containers", 0, "ports", 0, "hostPort"]}
	some f in findings
	f.msg == `Container "app" of Pod "p" binds host port 80`
}

test_deny_host_port_string if {
	count(policy.deny) == 1 with input as _pod("containers", [{"containerPort": 443, "hostPort": "443"}])
}

test_deny_host_port_init_and_ephemeral if {
	count(policy.deny) == 1 with input as _pod("initContainers", [{"hostPort": 8080}])
	count(policy.deny) == 1 with input as _pod("ephemeralContainers", [{"hostPort": 8080}])
}

test_allow_zero_host_port if {
	count(policy.deny) == 0 with input as _pod("containers", [{"containerPort": 80, "hostPort": 0}])
	count(policy.deny) == 0 with input as _pod("containers", [{"containerPort": 80, "hostPort": "0"}])
}

test_allow_no_host_port if {
	count(policy.deny) == 0 with input as _pod("containers", [{"containerPort": 80}])
}

test_allow_no_ports if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}

test_allow_null_ports if {
	count(policy.deny) == 0 with input as _pod("containers", null)
	count(policy.deny) == 0 with input as _pod("containers", [null, {"hostPort": null}])
}
