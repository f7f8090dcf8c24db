# METADATA
# title: ElastiCache replication group is not encrypted at rest
# description: |
#   Redis/Valkey replication groups write snapshots and swap to disk unencrypted unless
#   at_rest_encryption_enabled is true; the setting can only be chosen at creation.
# custom:
#   id: TF-0105
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Set at_rest_encryption_enabled = true.
#   inputs: [{kind: terraform, resources: [aws_elasticache_replication_group]}]
package comply.terraform.aws.elasticache_at_rest_encryption_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["at_rest_encryption_enabled"]]

deny contains finding if {
	terraform.type in {"aws_elasticache_replication_group"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s stores data unencrypted at rest", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_elasticache_replication_group"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s stores data unencrypted at rest", [terraform.address]), terraform.at(_paths[0]))
}
