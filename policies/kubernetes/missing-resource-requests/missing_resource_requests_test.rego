package comply.kubernetes.missing_resource_requests_test

import data.comply.kubernetes.missing_resource_requests as policy

_deployment(containers) := {"kind": "kubernetes", "resource": {
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": {"containers": containers}}},
}}

test_deny_container_without_resources if {
	findings := policy.deny with input as _deployment([{"name": "app", "image": "nginx:1.27.1"}])
	findings == {
		{"msg": "Container \"app\" of Deployment \"web\" has no CPU request", "path": ["spec", "template", "spec", "containers", 0]},
		{"msg": "Container \"app\" of Deployment \"web\" has no memory request", "path": ["spec", "template", "spec", "containers", 0]},
	}
}

test_deny_resources_without_requests if {
	findings := policy.deny with input as _deployment([{"name": "app", "resources": {}}])
	{f.path | some f in findings} == {["spec", "template", "spec", "containers", 0, "resources"]}
	count(findings) == 2
}

test_deny_requests_without_memory if {
	findings := policy.deny with input as _deployment([{"name": "app", "resources": {"requests": {"cpu": "100m"}}}])
	findings == {{
		"msg": "Container \"app\" of Deployment \"web\" has no memory request",
		"path": ["spec", "template", "spec", "containers", 0, "resources", "requests"],
	}}
}

test_deny_null_and_empty_values if {
	findings := policy.deny with input as _deployment([{"name": "app", "resources": {"requests": {"cpu": null, "memory": ""}}}])
	count(findings) == 2
}

test_deny_init_container if {
	findings := policy.deny with input as {"resource": {
		"kind": "CronJob",
		"metadata": {"name": "report"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"initContainers": [{"name": "fetch"}],
			"containers": [{"name": "run", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}],
		}}}}},
	}}
	{f.path | some f in findings} == {["spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0]}
}

test_allow_requests_set if {
	count(policy.deny) == 0 with input as _deployment([{"name": "app", "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}])
}

test_allow_limits_imply_requests if {
	count(policy.deny) == 0 with input as _deployment([{"name": "app", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}])
}

test_allow_pod_level_resources if {
	count(policy.deny) == 0 with input as {"resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"resources": {"requests": {"cpu": "1", "memory": "1Gi"}}, "containers": [{"name": "a"}, {"name": "b"}]},
	}}
}

test_allow_ephemeral_containers_are_skipped if {
	count(policy.deny) == 0 with input as {"resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {
			"containers": [{"name": "a", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}],
			"ephemeralContainers": [{"name": "debugger", "image": "busybox:1.36"}],
		},
	}}
}

test_allow_resources_option if {
	count(policy.deny) == 0 with input as _deployment([{"name": "app", "resources": {"requests": {"memory": "128Mi"}}}])
		with data.comply.rule_options as {"missing-resource-requests": {"resources": ["memory"]}}
}

test_allow_non_workload if {
	count(policy.deny) == 0 with input as {"resource": {"kind": "Service", "metadata": {"name": "web"}, "spec": {}}}
}

test_deny_malformed_option_falls_back_to_default if {
	count(policy.deny) == 2 with input as _deployment([{"name": "app"}])
		with data.comply.rule_options as {"missing-resource-requests": {"resources": "memory"}}
}
