package comply.kubernetes.restricted_volume_type_test

import data.comply.kubernetes.restricted_volume_type as policy

_pod(volumes) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"containers": [{"name": "a"}], "volumes": volumes},
}}

test_deny_nfs_volume if {
	findings := policy.deny with input as _pod([{"name": "cfg", "configMap": {"name": "c"}}, {"name": "share", "nfs": {"server": "s", "path": "/"}}])
	{f.path | some f in findings} == {["spec", "volumes", 1, "nfs"]}
	some f in findings
	f.msg == `Pod "p" uses nfs volume "share"`
}

test_deny_in_daemonset if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "DaemonSet",
		"metadata": {"name": "d"},
		"spec": {"template": {"spec": {"containers": [{"name": "a"}], "volumes": [{"name": "ceph", "cephfs": {"monitors": ["10.0.0.1:6789"]}}]}}},
	}}
	{f.path | some f in findings} == {["spec", "template", "spec", "volumes", 0, "cephfs"]}
}

test_allow_host_path_left_to_host_path_volume if {
	count(policy.deny) == 0 with input as _pod([{"name": "root", "hostPath": {"path": "/"}}])
}

test_allow_restricted_types if {
	count(policy.deny) == 0 with input as _pod([
		{"name": "a", "configMap": {"name": "c"}},
		{"name": "b", "csi": {"driver": "d"}},
		{"name": "c", "downwardAPI": {"items": []}},
		{"name": "d", "emptyDir": {}},
		{"name": "e", "ephemeral": {"volumeClaimTemplate": {}}},
		{"name": "f", "persistentVolumeClaim": {"claimName": "x"}},
		{"name": "g", "projected": {"sources": []}},
		{"name": "h", "secret": {"secretName": "s"}},
	])
}

test_allow_no_volumes if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}

test_allow_null_volume_source if {
	count(policy.deny) == 0 with input as _pod([{"name": "v", "nfs": null, "emptyDir": {}}])
	count(policy.deny) == 0 with input as _pod(null)
}
