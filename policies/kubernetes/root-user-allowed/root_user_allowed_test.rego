package comply.kubernetes.root_user_allowed_test

import data.comply.kubernetes.root_user_allowed as policy

_pod(pod_sc, container) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {"securityContext": pod_sc, "containers": [container]},
}}

test_deny_unset_everywhere if {
	findings := policy.deny with input as _pod({}, {"name": "app"})
	{f.path | some f in findings} == {["spec", "containers", 0]}
	some f in findings
	f.msg == `Container "app" of Pod "p" does not set runAsNonRoot`
}

test_deny_unset_points_at_container_security_context if {
	findings := policy.deny with input as _pod({"runAsUser": 1000}, {"name": "app", "securityContext": {"readOnlyRootFilesystem": true}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext"]}
}

test_deny_container_overrides_pod_with_false if {
	findings := policy.deny with input as _pod({"runAsNonRoot": true}, {"name": "app", "securityContext": {"runAsNonRoot": false}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "runAsNonRoot"]}
	some f in findings
	f.msg == `Container "app" of Pod "p" sets runAsNonRoot to false`
}

test_deny_pod_false_inherited if {
	findings := policy.deny with input as _pod({"runAsNonRoot": false}, {"name": "app"})
	{f.path | some f in findings} == {["spec", "securityContext", "runAsNonRoot"]}
}

test_deny_ephemeral_container_in_cronjob if {
	findings := policy.deny with input as {"kind": "kubernetes", "resource": {
		"kind": "CronJob",
		"metadata": {"name": "c"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"containers": [{"name": "a", "securityContext": {"runAsNonRoot": true}}],
			"ephemeralContainers": [{"name": "dbg"}],
		}}}}},
	}}
	{f.path | some f in findings} == {["spec", "jobTemplate", "spec", "template", "spec", "ephemeralContainers", 0]}
}

test_allow_pod_level_true if {
	count(policy.deny) == 0 with input as _pod({"runAsNonRoot": true}, {"name": "app"})
}

test_allow_container_level_true if {
	count(policy.deny) == 0 with input as _pod({"runAsNonRoot": false}, {"name": "app", "securityContext": {"runAsNonRoot": true}})
}

test_deny_null_contexts if {
	findings := policy.deny with input as _pod(null, {"name": "app", "securityContext": null})
	{f.path | some f in findings} == {["spec", "containers", 0]}
}
