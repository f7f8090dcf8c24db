package comply.kubernetes.host_path_volume_test

import data.comply.kubernetes.host_path_volume as policy

_pod(volumes) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"containers": [{"name": "a"}], "volumes": volumes},
}}

test_deny_host_path if {
	findings := policy.deny with input as _pod([{"name": "cfg", "configMap": {"name": "c"}}, {"name": "root", "hostPath": {"path": "/"}}])
	{f.path | some f in findings} == {["spec", "volumes", 1, "hostPath"]}
	some f in findings
	f.msg == `Pod "p" mounts host path "/" through volume "root"`
}

test_deny_host_path_in_cronjob if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "CronJob",
		"metadata": {"name": "c"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"containers": [{"name": "a"}],
			"volumes": [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}}],
		}}}}},
	}}
	{f.path | some f in findings} == {["spec", "jobTemplate", "spec", "template", "spec", "volumes", 0, "hostPath"]}
}

test_allow_other_volumes if {
	count(policy.deny) == 0 with input as _pod([{"name": "tmp", "emptyDir": {}}, {"name": "data", "persistentVolumeClaim": {"claimName": "d"}}])
}

test_allow_no_volumes if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}

test_allow_null_volumes if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}], "volumes": null}}}
	count(policy.deny) == 0 with input as _pod([{"name": "v", "hostPath": null}, "not-a-volume"])
}
