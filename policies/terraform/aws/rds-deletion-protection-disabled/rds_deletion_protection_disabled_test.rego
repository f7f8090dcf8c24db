package comply.terraform.aws.rds_deletion_protection_disabled_test

import data.comply.terraform.aws.rds_deletion_protection_disabled as policy

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
	findings := policy.deny with input as _doc("aws_db_instance", {"deletion_protection": false})
	[f.path | some f in findings] == [["values", "deletion_protection"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"deletion_protection": true})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_db_instance", {}, {"deletion_protection": true})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_db_instance", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_aws_rds_cluster if {
	count(policy.deny) == 1 with input as _doc("aws_rds_cluster", {"deletion_protection": false})
}
