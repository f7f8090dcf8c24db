package comply.terraform.tagging.missing_required_tags_test

import data.comply.terraform.tagging.missing_required_tags as policy

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

test_deny_missing_keys if {
	findings := policy.deny with input as _doc("aws_s3_bucket", {"tags": {"Name": "b"}}) with data.comply.params as {"required_tags": ["Owner", "Name"]}
	[f.path | some f in findings] == [["values", "tags"]]
	[f.msg | some f in findings] == ["aws_s3_bucket.this lacks required tags: Owner"]
	count(policy.deny) == 1 with input as _doc("azurerm_storage_account", {}) with data.comply.params as {"required_tags": ["owner"]}
}

test_allow_default_tags if {
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {"type": "aws_instance", "address": "aws_instance.x", "values": {"tags": {"Name": "x"}}, "unknown": {}, "default_tags": {"Owner": "team"}}}
		with data.comply.params as {"required_tags": ["Owner", "Name"]}
}

test_allow_untaggable_unknown_or_no_requirement if {
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket_versioning", {}) with data.comply.params as {"required_tags": ["Owner"]}
	count(policy.deny) == 0 with input as _unknown_doc("aws_s3_bucket", {}, {"tags": true}) with data.comply.params as {"required_tags": ["Owner"]}
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket", {})
}
