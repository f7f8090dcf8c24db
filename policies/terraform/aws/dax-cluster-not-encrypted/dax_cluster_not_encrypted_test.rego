package comply.terraform.aws.dax_cluster_not_encrypted_test

import data.comply.terraform.aws.dax_cluster_not_encrypted as policy

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
	findings := policy.deny with input as _doc("aws_dax_cluster", {"server_side_encryption": [{"enabled": false}]})
	[f.path | some f in findings] == [["values", "server_side_encryption", 0, "enabled"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_dax_cluster", {"server_side_encryption": [{"enabled": true}]})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_dax_cluster", {}, {"server_side_encryption": [{"enabled": true}]})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_dax_cluster", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}
