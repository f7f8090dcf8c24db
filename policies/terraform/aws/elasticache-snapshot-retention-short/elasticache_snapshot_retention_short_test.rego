package comply.terraform.aws.elasticache_snapshot_retention_short_test

import data.comply.terraform.aws.elasticache_snapshot_retention_short as policy

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

test_deny if {
	count(policy.deny) == 1 with input as _doc("aws_elasticache_cluster", {"engine": "redis"})
	findings := policy.deny with input as _doc("aws_elasticache_replication_group", {"snapshot_retention_limit": 1})
	[f.path | some f in findings] == [["values", "snapshot_retention_limit"]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_elasticache_cluster", {"engine": "memcached"})
	count(policy.deny) == 0 with input as _doc("aws_elasticache_cluster", {"engine": "redis", "replication_group_id": "rg"})
	count(policy.deny) == 0 with input as _doc("aws_elasticache_replication_group", {"snapshot_retention_limit": 7})
}

test_allow_node_type_without_snapshots if {
	count(policy.deny) == 0 with input as _doc("aws_elasticache_cluster", {"engine": "redis", "node_type": "cache.t1.micro"})
	count(policy.deny) == 1 with input as _doc("aws_elasticache_cluster", {"engine": "redis", "node_type": "cache.t3.micro"})
}
