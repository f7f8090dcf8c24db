package comply.terraform.aws.cloudfront_viewer_plain_http_test

import data.comply.terraform.aws.cloudfront_viewer_plain_http as policy

_doc(t, values) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": {},
}}

_unknown_doc(t, values, unknown) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny if {
	findings := policy.deny with input as _doc("aws_cloudfront_distribution", {"default_cache_behavior": [{"viewer_protocol_policy": "redirect-to-https"}], "ordered_cache_behavior": [{"viewer_protocol_policy": "allow-all"}]})
	[f.path | some f in findings] == [["values", "ordered_cache_behavior", 0, "viewer_protocol_policy"]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_cloudfront_distribution", {"default_cache_behavior": [{"viewer_protocol_policy": "https-only"}]})
}
