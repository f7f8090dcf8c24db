package comply.terraform.aws.cloudfront_tls_below_minimum_test

import data.comply.terraform.aws.cloudfront_tls_below_minimum as policy

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
	count(policy.deny) == 1 with input as _doc("aws_cloudfront_distribution", {"viewer_certificate": [{"acm_certificate_arn": "a", "minimum_protocol_version": "TLSv1.1_2016"}]})
	findings := policy.deny with input as _doc("aws_cloudfront_distribution", {"viewer_certificate": [{"cloudfront_default_certificate": false}]})
	[f.path | some f in findings] == [["values", "viewer_certificate", 0]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_cloudfront_distribution", {"viewer_certificate": [{"acm_certificate_arn": "a", "minimum_protocol_version": "TLSv1.2_2021"}]})
}

test_deny_default_certificate if {
	findings := policy.deny with input as _doc("aws_cloudfront_distribution", {"viewer_certificate": [{"cloudfront_default_certificate": true, "minimum_protocol_version": "TLSv1.2_2021"}]})
	[f.path | some f in findings] == [["values", "viewer_certificate", 0, "cloudfront_default_certificate"]]
	no_block := policy.deny with input as _doc("aws_cloudfront_distribution", {"enabled": true})
	[f.path | some f in no_block] == [["values"]]
}

test_allow_unknown_certificate if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_cloudfront_distribution", {"viewer_certificate": [{}]}, {"viewer_certificate": [{"cloudfront_default_certificate": true, "minimum_protocol_version": true}]})
	count(policy.deny) == 0 with input as _unknown_doc("aws_cloudfront_distribution", {}, {"viewer_certificate": true})
}
