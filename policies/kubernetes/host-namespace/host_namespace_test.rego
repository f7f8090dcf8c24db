package comply.kubernetes.host_namespace_test

import data.comply.kubernetes.host_namespace as policy

_daemonset(spec) := {"kind": "kubernetes", "resource": {
	"kind": "DaemonSet",
	"metadata": {"name": "agent"},
	"spec": {"template": {"spec": object.union({"containers": [{"name": "agent"}]}, spec)}},
}}

test_deny_host_network if {
	findings := policy.deny with input as _daemonset({"hostNetwork": true})
	{f.path | some f in findings} == {["spec", "template", "spec", "hostNetwork"]}
	some f in findings
	f.msg == `DaemonSet "agent" shares the host network namespace (hostNetwork)`
}

test_deny_all_host_namespaces if {
	findings := policy.deny with input as _daemonset({"hostNetwork": true, "hostPID": true, "hostIPC": true})
	{f.path | some f in findings} == {
		["spec", "template", "spec", "hostNetwork"],
		["spec", "template", "spec", "hostPID"],
		["spec", "template", "spec", "hostIPC"],
	}
}

test_deny_host_pid_in_pod if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostPID": true, "containers": [{"name": "a"}]}}}
	{f.path | some f in findings} == {["spec", "hostPID"]}
}

test_allow_false_values if {
	count(policy.deny) == 0 with input as _daemonset({"hostNetwork": false, "hostPID": false, "hostIPC": false})
}

test_allow_absent if {
	count(policy.deny) == 0 with input as _daemonset({})
}
