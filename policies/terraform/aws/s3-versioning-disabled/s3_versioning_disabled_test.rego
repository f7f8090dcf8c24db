package comply.terraform.aws.s3_versioning_disabled_test

import data.comply.terraform.aws.s3_versioning_disabled as policy

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
	findings := policy.deny with input as _doc("aws_s3_bucket", {"bucket": "b"})
	[f.path | some f in findings] == [["values"]]
	count(policy.deny) == 1 with input as _doc("aws_s3_bucket", {"versioning": [{"enabled": false}]})
	count(policy.deny) == 1 with input as _doc("aws_s3_bucket_versioning", {"versioning_configuration": [{"status": "Suspended"}]})
}

test_suspended_reported_once if {
	bucket := {"kind": "terraform", "resource": {"type": "aws_s3_bucket", "address": "aws_s3_bucket.b", "values": {}, "unknown": {},
		"related": {"aws_s3_bucket_versioning": [{"type": "aws_s3_bucket_versioning", "values": {"versioning_configuration": [{"status": "Suspended"}]}, "unknown": {}}]}}}
	count(policy.deny) == 0 with input as bucket
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket", {"versioning": [{"enabled": true}]})
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {"type": "aws_s3_bucket", "values": {}, "unknown": {},
		"related": {"aws_s3_bucket_versioning": [{"type": "aws_s3_bucket_versioning", "values": {"versioning_configuration": [{"status": "Enabled"}]}, "unknown": {}}]}}}
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket_versioning", {"versioning_configuration": [{"status": "Enabled"}]})
}

test_allow_object_lock if {
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket", {"object_lock_enabled": true})
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket", {"object_lock_configuration": [{"object_lock_enabled": "Enabled"}]})
	count(policy.deny) == 0 with input as _unknown_doc("aws_s3_bucket", {}, {"object_lock_enabled": true})
	count(policy.deny) == 1 with input as _doc("aws_s3_bucket", {"object_lock_enabled": false})
}
