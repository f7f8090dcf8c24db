package comply.terraform.aws.dynamodb_pitr_disabled_test

import data.comply.terraform.aws.dynamodb_pitr_disabled as policy

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
	findings := policy.deny with input as _doc("aws_dynamodb_table", {"point_in_time_recovery": [{"enabled": false}]})
	[f.path | some f in findings] == [["values", "point_in_time_recovery", 0, "enabled"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_dynamodb_table", {"point_in_time_recovery": [{"enabled": true}]})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_dynamodb_table", {}, {"point_in_time_recovery": [{"enabled": true}]})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_dynamodb_table", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}
