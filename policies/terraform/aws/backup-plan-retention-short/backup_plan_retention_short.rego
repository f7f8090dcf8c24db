# METADATA
# title: AWS Backup plan deletes recovery points too early
# description: |
#   Each rule of an aws_backup_plan keeps its recovery points for lifecycle.delete_after days (and
#   copies for copy_action.lifecycle.delete_after); a rule without a lifecycle keeps them
#   indefinitely. Retention below params.backup_retention_days is reported.
# custom:
#   id: TF-0130
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Raise lifecycle.delete_after to at least the required number of days.
#   inputs: [{kind: terraform, resources: [aws_backup_plan]}]
package comply.terraform.aws.backup_plan_retention_short

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

_lifecycles contains l if {
	some r in terraform.blocks(["rule"])
	some l in terraform.blocks(array.concat(r.rel, ["lifecycle"]))
}

_lifecycles contains l if {
	some r in terraform.blocks(["rule"])
	some c in terraform.blocks(array.concat(r.rel, ["copy_action"]))
	some l in terraform.blocks(array.concat(c.rel, ["lifecycle"]))
}

deny contains finding if {
	some l in _lifecycles
	days := terraform.number_value(array.concat(l.rel, ["delete_after"]))
	days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s deletes recovery points after %s, fewer than %d", [terraform.address, terraform.days(days), params.backup_retention_days]),
		array.concat(l.path, ["delete_after"]),
	)
}
