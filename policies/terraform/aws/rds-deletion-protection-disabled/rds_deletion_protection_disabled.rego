# METADATA
# title: RDS database has no deletion protection
# description: |
#   Without deletion_protection a single API call or terraform destroy deletes the database, and
#   with it the automated backups unless a final snapshot was taken.
# custom:
#   id: TF-0103
#   severity: low
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Set deletion_protection = true.
#   inputs: [{kind: terraform, resources: [aws_db_instance, aws_rds_cluster]}]
package comply.terraform.aws.rds_deletion_protection_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["deletion_protection"]]

deny contains finding if {
	terraform.type in {"aws_db_instance", "aws_rds_cluster"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s can be deleted without disabling deletion protection first", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_db_instance", "aws_rds_cluster"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s can be deleted without disabling deletion protection first", [terraform.address]), terraform.at(_paths[0]))
}
