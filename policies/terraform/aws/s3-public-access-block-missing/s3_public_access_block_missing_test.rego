package comply.terraform.aws.s3_public_access_block_missing_test

import data.comply.terraform.aws.s3_public_access_block_missing as policy

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

test_deny_bucket_without_block if {
	findings := policy.deny with input as _doc("aws_s3_bucket", {"bucket": "b"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_partial_block if {
	findings := policy.deny with input as _doc("aws_s3_bucket_public_access_block", {"block_public_acls": true, "block_public_policy": false, "ignore_public_acls": true})
	{f.path | some f in findings} == {["values", "block_public_policy"], ["values"]}
}

test_allow if {
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {"type": "aws_s3_bucket", "values": {}, "unknown": {},
		"related": {"aws_s3_bucket_public_access_block": [{"type": "aws_s3_bucket_public_access_block", "values": {}, "unknown": {}}]}}}
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket_public_access_block", {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true})
	count(policy.deny) == 0 with input as _unknown_doc("aws_s3_bucket_public_access_block", {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true}, {"restrict_public_buckets": true})
}
