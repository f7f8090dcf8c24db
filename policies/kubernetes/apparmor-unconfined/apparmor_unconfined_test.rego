package comply.kubernetes.apparmor_unconfined_test

import data.comply.kubernetes.apparmor_unconfined as policy

_pod(annotations, pod_sc, container_sc) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p", "annotations": annotations},
	"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": container_sc}]},
}}

test_deny_pod_profile_unconfined if {
	findings := policy.deny with input as _pod({}, {"appArmorProfile": {"type": "Unconfined"}}, {})
	{f.path | some f in findings} == {["spec", "securityContext", "appArmorProfile", "type"]}
	some f in findings
	f.msg == `Pod "p" sets AppArmor profile type Unconfined`
}

test_deny_container_profile_unconfined if {
	findings := policy.deny with input as _pod({}, {}, {"appArmorProfile": {"type": "Unconfined"}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "appArmorProfile", "type"]}
}

test_deny_annotation_unconfined if {
	findings := policy.deny with input as _pod({"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}, {}, {})
	{f.path | some f in findings} == {["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"]}
	some f in findings
	f.msg == `Pod "p" sets AppArmor profile unconfined for container "app"`
}

test_deny_annotation_in_cronjob_template if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "CronJob",
		"metadata": {"name": "c"},
		"spec": {"jobTemplate": {"spec": {"template": {
			"metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/job": "unconfined"}},
			"spec": {"containers": [{"name": "job"}]},
		}}}},
	}}
	{f.path | some f in findings} == {["spec", "jobTemplate", "spec", "template", "metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/job"]}
}

test_allow_runtime_default_and_localhost if {
	count(policy.deny) == 0 with input as _pod(
		{
			"container.apparmor.security.beta.kubernetes.io/app": "runtime/default",
			"container.apparmor.security.beta.kubernetes.io/side": "localhost/my-profile",
			"seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
		},
		{"appArmorProfile": {"type": "RuntimeDefault"}},
		{"appArmorProfile": {"type": "Localhost", "localhostProfile": "my-profile"}},
	)
}

test_allow_absent if {
	count(policy.deny) == 0 with input as _pod({}, {}, {})
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
}

test_allow_null_annotations_and_contexts if {
	count(policy.deny) == 0 with input as _pod(null, null, null)
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {
		"kind": "Deployment",
		"metadata": {"name": "d"},
		"spec": {"template": {"metadata": null, "spec": {"containers": [{"name": "a"}]}}},
	}}
}

test_deny_non_string_annotation if {
	count(policy.deny) == 1 with input as _pod({"container.apparmor.security.beta.kubernetes.io/app": 5}, {}, {})
}
