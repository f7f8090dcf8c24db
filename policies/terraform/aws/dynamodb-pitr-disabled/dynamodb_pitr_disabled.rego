# METADATA
# title: DynamoDB table has no point-in-time recovery
# description: |
#   Point-in-time recovery keeps continuous backups for 35 days so a table can be restored to any
#   second; without it an accidental delete or overwrite can only be undone from on-demand backups.
# custom:
#   id: TF-0111
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Add point_in_time_recovery { enabled = true }.
#   inputs: [{kind: terraform, resources: [aws_dynamodb_table]}]
package comply.terraform.aws.dynamodb_pitr_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["point_in_time_recovery", 0, "enabled"]]

deny contains finding if {
	terraform.type in {"aws_dynamodb_table"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s has no point-in-time recovery", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_dynamodb_table"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s has no point-in-time recovery", [terraform.address]), terraform.at(_paths[0]))
}
