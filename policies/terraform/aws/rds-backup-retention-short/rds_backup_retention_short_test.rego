package comply.terraform.aws.rds_backup_retention_short_test

import data.comply.terraform.aws.rds_backup_retention_short as policy

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

test_deny_short_and_default if {
	findings := policy.deny with input as _doc("aws_db_instance", {"backup_retention_period": 0})
	[f.path | some f in findings] == [["values", "backup_retention_period"]]
	count(policy.deny) == 1 with input as _doc("aws_rds_cluster", {"engine": "aurora-postgresql"})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"backup_retention_period": 7})
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"replicate_source_db": "primary"})
	count(policy.deny) == 0 with input as _unknown_doc("aws_db_instance", {}, {"backup_retention_period": true})
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"backup_retention_period": 3}) with data.comply.params as {"backup_retention_days": 3}
}
