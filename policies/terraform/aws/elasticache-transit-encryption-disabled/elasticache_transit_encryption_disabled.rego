# METADATA
# title: ElastiCache replication group does not encrypt traffic
# description: |
#   Without transit_encryption_enabled clients and replicas talk to the cache in clear text, and
#   AUTH tokens cannot be used.
# custom:
#   id: TF-0106
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Set transit_encryption_enabled = true.
#   inputs: [{kind: terraform, resources: [aws_elasticache_replication_group]}]
package comply.terraform.aws.elasticache_transit_encryption_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["transit_encryption_enabled"]]

deny contains finding if {
	terraform.type in {"aws_elasticache_replication_group"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s accepts unencrypted connections", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_elasticache_replication_group"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s accepts unencrypted connections", [terraform.address]), terraform.at(_paths[0]))
}

# transit_encryption_mode = "preferred" (the step used to migrate a group to TLS) still accepts
# clients that connect without it.
deny contains finding if {
	terraform.type in {"aws_elasticache_replication_group"}
	terraform.enabled(["transit_encryption_enabled"])
	lower(terraform.string_value(["transit_encryption_mode"])) == "preferred"
	finding := result.fail(
		sprintf("%s accepts unencrypted connections (transit_encryption_mode = \"preferred\")", [terraform.address]),
		["values", "transit_encryption_mode"],
	)
}
