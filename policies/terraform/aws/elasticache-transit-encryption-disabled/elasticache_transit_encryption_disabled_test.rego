package comply.terraform.aws.elasticache_transit_encryption_disabled_test

import data.comply.terraform.aws.elasticache_transit_encryption_disabled as policy

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
	findings := policy.deny with input as _doc("aws_elasticache_replication_group", {"transit_encryption_enabled": false})
	[f.path | some f in findings] == [["values", "transit_encryption_enabled"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_elasticache_replication_group", {"transit_encryption_enabled": true})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_elasticache_replication_group", {}, {"transit_encryption_enabled": true})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_elasticache_replication_group", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_preferred_mode_accepts_plain_connections if {
	findings := policy.deny with input as _doc("aws_elasticache_replication_group", {"transit_encryption_enabled": true, "transit_encryption_mode": "preferred"})
	[f.path | some f in findings] == [["values", "transit_encryption_mode"]]
	count(policy.deny) == 0 with input as _doc("aws_elasticache_replication_group", {"transit_encryption_enabled": true, "transit_encryption_mode": "required"})
	count(policy.deny) == 0 with input as _doc("aws_elasticache_replication_group", {"transit_encryption_enabled": true})
}
