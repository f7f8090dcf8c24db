# METADATA
# title: ElastiCache keeps automatic snapshots for fewer days than required
# description: |
#   Redis and Valkey caches take automatic snapshots only when snapshot_retention_limit is above 0
#   (the default is 0: no backups). It must be at least params.backup_retention_days. Memcached has
#   no snapshots, nor have cache.t1.micro nodes, and a cluster that belongs to a replication group
#   is judged through the group.
# custom:
#   id: TF-0107
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Set snapshot_retention_limit to at least the required number of days.
#   inputs: [{kind: terraform, resources: [aws_elasticache_replication_group, aws_elasticache_cluster]}]
package comply.terraform.aws.elasticache_snapshot_retention_short

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

_judged if terraform.type == "aws_elasticache_replication_group"

_judged if {
	terraform.type == "aws_elasticache_cluster"
	lower(terraform.string_value(["engine"])) in {"redis", "valkey"}
	terraform.missing(["replication_group_id"])
}

# Node types without snapshot support.
_no_snapshots if lower(terraform.string_value(["node_type"])) == "cache.t1.micro"

deny contains finding if {
	_judged
	not _no_snapshots
	days := terraform.number_value(["snapshot_retention_limit"])
	days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps snapshots for %s, fewer than %d", [terraform.address, terraform.days(days), params.backup_retention_days]),
		["values", "snapshot_retention_limit"],
	)
}

deny contains finding if {
	_judged
	not _no_snapshots
	terraform.missing(["snapshot_retention_limit"])
	finding := result.fail(sprintf("%s takes no automatic snapshots", [terraform.address]), ["values"])
}
