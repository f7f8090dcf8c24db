package comply.kubernetes.windows_host_process_test

import data.comply.kubernetes.windows_host_process as policy

_pod(pod_sc, container_sc) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": container_sc}]},
}}

test_deny_pod_level_host_process if {
	findings := policy.deny with input as _pod({"windowsOptions": {"hostProcess": true}}, {})
	{f.path | some f in findings} == {["spec", "securityContext", "windowsOptions", "hostProcess"]}
	some f in findings
	f.msg == `Pod "p" runs as a Windows HostProcess`
}

test_deny_container_level_host_process if {
	findings := policy.deny with input as _pod({}, {"windowsOptions": {"hostProcess": true}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "windowsOptions", "hostProcess"]}
	some f in findings
	f.msg == `Container "app" of Pod "p" runs as a Windows HostProcess`
}

test_deny_init_container_in_deployment if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "Deployment",
		"metadata": {"name": "d"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "i", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
			"containers": [{"name": "c"}],
		}}},
	}}
	count(findings) == 1
}

test_allow_host_process_false if {
	count(policy.deny) == 0 with input as _pod({"windowsOptions": {"hostProcess": false}}, {"windowsOptions": {"hostProcess": false}})
}

test_allow_absent if {
	count(policy.deny) == 0 with input as _pod({}, {})
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}
