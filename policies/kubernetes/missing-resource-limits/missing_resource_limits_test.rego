package comply.kubernetes.missing_resource_limits_test

import data.comply.kubernetes.missing_resource_limits as policy

_deployment(containers) := {"kind": "kubernetes", "resource": {
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": {"containers": containers}}},
}}

test_deny_container_without_resources if {
	findings := policy.deny with input as _deployment([{"name": "app", "image": "nginx:1.27.1"}])
	findings == {
		{"msg": "Container \"app\" of Deployment \"web\" has no CPU limit", "path": ["spec", "template", "spec", "containers", 0]},
		{"msg": "Container \"app\" of Deployment \"web\" has no memory limit", "path": ["spec", "template", "spec", "containers", 0]},
	}
}

test_deny_requests_do_not_imply_limits if {
	findings := policy.deny with input as _deployment([{"name": "app", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}])
	{f.path | some f in findings} == {["spec", "template", "spec", "containers", 0, "resources"]}
	count(findings) == 2
}

test_deny_limits_without_cpu if {
	findings := policy.deny with input as _deployment([{"name": "app", "resources": {"limits": {"memory": "1Gi"}}}])
	findings == {{
		"msg": "Container \"app\" of Deployment \"web\" has no CPU limit",
		"path": ["spec", "template", "spec", "containers", 0, "resources", "limits"],
	}}
}

test_deny_init_container_of_job if {
	findings := policy.deny with input as {"resource": {
		"kind": "Job",
		"metadata": {"name": "seed"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "wait", "resources": {"limits": {"cpu": "100m"}}}],
			"containers": [{"name": "run", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}],
		}}},
	}}
	findings == {{
		"msg": "Container \"wait\" of Job \"seed\" has no memory limit",
		"path": ["spec", "template", "spec", "initContainers", 0, "resources", "limits"],
	}}
}

test_allow_limits_set if {
	count(policy.deny) == 0 with input as _deployment([{"name": "app", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}])
}

test_allow_pod_level_limits if {
	count(policy.deny) == 0 with input as {"resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"resources": {"limits": {"cpu": "2", "memory": "2Gi"}}, "containers": [{"name": "a"}]},
	}}
}

test_allow_ephemeral_containers_are_skipped if {
	count(policy.deny) == 0 with input as {"resource": {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {
			"containers": [{"name": "a", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}],
			"ephemeralContainers": [{"name": "debugger", "image": "busybox:1.36"}],
		},
	}}
}

test_allow_memory_only_option if {
	count(policy.deny) == 0 with input as _deployment([{"name": "app", "resources": {"limits": {"memory": "1Gi"}}}])
		with data.comply.rule_options as {"missing-resource-limits": {"resources": ["memory"]}}
}
