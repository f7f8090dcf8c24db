# METADATA
# title: DynamoDB Accelerator cluster is not encrypted at rest
# description: |
#   DynamoDB tables are always encrypted at rest, but a DAX cluster caching them is not unless
#   server_side_encryption is enabled; cached items then sit unencrypted on the nodes' disks.
# custom:
#   id: TF-0112
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Add server_side_encryption { enabled = true }.
#   inputs: [{kind: terraform, resources: [aws_dax_cluster]}]
package comply.terraform.aws.dax_cluster_not_encrypted

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["server_side_encryption", 0, "enabled"]]

deny contains finding if {
	terraform.type in {"aws_dax_cluster"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s stores cached data unencrypted", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_dax_cluster"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s stores cached data unencrypted", [terraform.address]), terraform.at(_paths[0]))
}
