package comply.kubernetes.latest_image_tag_test

import data.comply.kubernetes.latest_image_tag as policy

_deployment(containers) := {"kind": "kubernetes", "resource": {
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": {"containers": containers}}},
}}

test_deny_latest_tag if {
	findings := policy.deny with input as _deployment([{"name": "web", "image": "nginx:latest"}])
	findings == {{
		"msg": "Container \"web\" of Deployment \"web\" uses image \"nginx:latest\" with the latest tag",
		"path": ["spec", "template", "spec", "containers", 0, "image"],
	}}
}

test_deny_no_tag if {
	findings := policy.deny with input as _deployment([{"name": "web", "image": "registry.example.com:5000/shop/web"}])
	findings == {{
		"msg": "Container \"web\" of Deployment \"web\" uses image \"registry.example.com:5000/shop/web\" without a tag",
		"path": ["spec", "template", "spec", "containers", 0, "image"],
	}}
}

test_deny_init_container if {
	findings := policy.deny with input as {"resource": {
		"kind": "CronJob",
		"metadata": {"name": "job"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"initContainers": [{"name": "init", "image": "busybox"}],
			"containers": [{"name": "run", "image": "registry.example.com/job:1.0.0"}],
		}}}}},
	}}
	{f.path | some f in findings} == {["spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0, "image"]}
}

test_allow_version_tag if {
	count(policy.deny) == 0 with input as _deployment([{"name": "web", "image": "nginx:1.27.1"}])
	count(policy.deny) == 0 with input as _deployment([{"name": "web", "image": "localhost:5000/web:2024-10-01"}])
}

test_allow_digest if {
	count(policy.deny) == 0 with input as _deployment([{"name": "web", "image": "nginx@sha256:0123456789abcdef"}])
	count(policy.deny) == 0 with input as _deployment([{"name": "web", "image": "nginx:latest@sha256:0123456789abcdef"}])
}

test_allow_missing_image if {
	count(policy.deny) == 0 with input as _deployment([{"name": "web"}])
}
