package comply.terraform.aws.rds_storage_not_encrypted_test

import data.comply.terraform.aws.rds_storage_not_encrypted as policy

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
	findings := policy.deny with input as _doc("aws_db_instance", {"storage_encrypted": false})
	[f.path | some f in findings] == [["values", "storage_encrypted"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"storage_encrypted": true})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_db_instance", {}, {"storage_encrypted": true})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_db_instance", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_aws_rds_cluster if {
	count(policy.deny) == 1 with input as _doc("aws_rds_cluster", {"storage_encrypted": false})
}

test_deny_aws_docdb_cluster if {
	count(policy.deny) == 1 with input as _doc("aws_docdb_cluster", {"storage_encrypted": false})
}

test_deny_aws_neptune_cluster if {
	count(policy.deny) == 1 with input as _doc("aws_neptune_cluster", {"storage_encrypted": false})
}

test_allow_encryption_decided_elsewhere if {
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k"})
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"replicate_source_db": "primary"})
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"cluster_identifier": "aurora"})
	count(policy.deny) == 0 with input as _doc("aws_rds_cluster", {"engine_mode": "serverless"})
	count(policy.deny) == 1 with input as _doc("aws_rds_cluster", {"engine_mode": "provisioned"})
	count(policy.deny) == 1 with input as _doc("aws_rds_cluster", {"kms_key_id": ""})
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {"type": "aws_db_instance", "values": {}, "unknown": {"snapshot_identifier": true}}}
}

test_cluster_identifier_names_a_cluster_not_a_parent if {
	count(policy.deny) == 1 with input as _doc("aws_rds_cluster", {"cluster_identifier": "payments", "engine": "aurora-postgresql"})
	count(policy.deny) == 0 with input as _doc("aws_db_instance", {"cluster_identifier": "payments", "engine": "aurora-postgresql"})
}
