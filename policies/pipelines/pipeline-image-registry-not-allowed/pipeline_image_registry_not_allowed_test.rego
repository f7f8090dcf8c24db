package comply.pipelines.pipeline_image_registry_not_allowed_test

import data.comply.pipelines.pipeline_image_registry_not_allowed as policy

_doc(imgs) := {"kind": "github-actions", "resource": {"images": imgs}}

_params := {"allowed_registries": ["ghcr.io/acme"]}

test_deny_docker_hub_image if {
	findings := policy.deny with input as _doc([{"image": "node:20", "where": "container", "job_id": "build"}]) with data.comply.params as _params
	findings == {{"msg": "The container of job \"build\" uses image \"node:20\", which is not from an allowed registry", "path": ["images", 0]}}
}

test_allow_listed_and_expressions if {
	imgs := [
		{"image": "ghcr.io/acme/builder:1.4", "where": "container", "job_id": "b"},
		{"image": "${{ matrix.image }}", "where": "container", "job_id": "b"},
		{"image": "$(imageName)", "where": "resource", "job_id": null},
	]
	count(policy.deny) == 0 with input as _doc(imgs) with data.comply.params as _params
}

test_allow_when_no_list if {
	count(policy.deny) == 0 with input as _doc([{"image": "node:20", "where": "container", "job_id": "b"}])
}
