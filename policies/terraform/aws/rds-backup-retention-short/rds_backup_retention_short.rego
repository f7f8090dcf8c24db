# METADATA
# title: RDS database keeps backups for fewer days than required
# description: |
#   Automated backups (and point-in-time restore) of RDS instances and Aurora, DocumentDB and
#   Neptune clusters cover backup_retention_period days: 1 by default, 0 disables them. It must be
#   at least params.backup_retention_days. Read replicas (replicate_source_db) are not judged.
# custom:
#   id: TF-0104
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Set backup_retention_period to at least the required number of days.
#   inputs: [{kind: terraform, resources: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster]}]
package comply.terraform.aws.rds_backup_retention_short

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

_default_days := 1

_replica if terraform.known(["replicate_source_db"])

_replica if terraform.is_unknown(["replicate_source_db"])

deny contains finding if {
	not _replica
	days := terraform.number_value(["backup_retention_period"])
	days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps backups for %s, fewer than %d", [terraform.address, terraform.days(days), params.backup_retention_days]),
		["values", "backup_retention_period"],
	)
}

deny contains finding if {
	not _replica
	terraform.missing(["backup_retention_period"])
	_default_days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps backups for the default %d day, fewer than %d", [terraform.address, _default_days, params.backup_retention_days]),
		["values"],
	)
}
