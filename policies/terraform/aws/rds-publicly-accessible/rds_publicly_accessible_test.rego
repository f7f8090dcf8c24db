package comply.terraform.aws.rds_publicly_accessible_test

import data.comply.terraform.aws.rds_publicly_accessible as policy

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
	findings := policy.deny with input as _doc("aws_db_instance", {"publicly_accessible": true})
	[f.path | some f in findings] == [["values", "publicly_accessible"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"publicly_accessible": false})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_db_instance", {}, {"publicly_accessible": true})
}

test_allow_missing if {
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"name": "x"})
}

test_deny_aws_rds_cluster_instance if {
	count(policy.deny) == 1 with input as _doc("aws_rds_cluster_instance", {"publicly_accessible": true})
}
