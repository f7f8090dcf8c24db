package comply.terraform.aws.opensearch_not_encrypted_at_rest_test

import data.comply.terraform.aws.opensearch_not_encrypted_at_rest as policy

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

test_deny_bad_value if {
	findings := policy.deny with input as _doc("aws_opensearch_domain", {"encrypt_at_rest": [{"enabled": false}]})
	[f.path | some f in findings] == [["values", "encrypt_at_rest", 0, "enabled"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_opensearch_domain", {"encrypt_at_rest": [{"enabled": true}]})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_opensearch_domain", {}, {"encrypt_at_rest": [{"enabled": true}]})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_opensearch_domain", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_aws_elasticsearch_domain if {
	count(policy.deny) == 1 with input as _doc("aws_elasticsearch_domain", {"encrypt_at_rest": [{"enabled": false}]})
}
