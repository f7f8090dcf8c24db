package comply.terraform.aws.s3_bucket_public_acl_test

import data.comply.terraform.aws.s3_bucket_public_acl as policy

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
	count(policy.deny) == 1 with input as _doc("aws_s3_bucket", {"acl": "public-read"})
	count(policy.deny) == 1 with input as _doc("aws_s3_bucket_acl", {"acl": "public-read-write"})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket", {"acl": "private"})
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket_acl", {"acl": "log-delivery-write"})
}
