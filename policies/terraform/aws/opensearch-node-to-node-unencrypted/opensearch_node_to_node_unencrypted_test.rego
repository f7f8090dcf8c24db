package comply.terraform.aws.opensearch_node_to_node_unencrypted_test

import data.comply.terraform.aws.opensearch_node_to_node_unencrypted as policy

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
	findings := policy.deny with input as _doc("aws_opensearch_domain", {"node_to_node_encryption": [{"enabled": false}]})
	[f.path | some f in findings] == [["values", "node_to_node_encryption", 0, "enabled"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_opensearch_domain", {"node_to_node_encryption": [{"enabled": true}]})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_opensearch_domain", {}, {"node_to_node_encryption": [{"enabled": true}]})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_opensearch_domain", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_aws_elasticsearch_domain if {
	count(policy.deny) == 1 with input as _doc("aws_elasticsearch_domain", {"node_to_node_encryption": [{"enabled": false}]})
}
