package comply.pipelines.pipeline_image_latest_tag_test

import data.comply.pipelines.pipeline_image_latest_tag as policy

_doc(imgs) := {"kind": "github-actions", "resource": {"images": imgs}}

test_deny_latest_and_untagged if {
	findings := policy.deny with input as _doc([
		{"image": "node:latest", "where": "container", "job_id": "b"},
		{"image": "redis", "where": "service", "job_id": "b"},
	])
	{f.path | some f in findings} == {["images", 0], ["images", 1]}
}

test_allow_versions_digests_expressions if {
	count(policy.deny) == 0 with input as _doc([
		{"image": "node:20.11", "where": "container", "job_id": "b"},
		{"image": "redis@sha256:0123456789abcdef", "where": "service", "job_id": "b"},
		{"image": "${{ matrix.container }}", "where": "container", "job_id": "b"},
	])
}
