# METADATA
# title: Key vault does not keep deleted objects long enough
# description: |
#   Soft delete keeps deleted vaults, keys and secrets recoverable for soft_delete_retention_days
#   (90 by default, 7 to 90). A shorter window than params.backup_retention_days, or soft delete
#   turned off on old provider versions (soft_delete_enabled = false), loses keys that encrypted
#   data still needs.
# custom:
#   id: TF-0029
#   severity: low
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"], cis-azure: ["8.5"]}
#   remediation: Remove soft_delete_enabled = false and set soft_delete_retention_days to at least the required number of days.
#   inputs: [{kind: terraform, resources: [azurerm_key_vault]}]
package comply.terraform.azurerm.key_vault_soft_delete_short

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	terraform.type == "azurerm_key_vault"
	terraform.disabled(["soft_delete_enabled"])
	finding := result.fail(sprintf("%s disables soft delete", [terraform.address]), ["values", "soft_delete_enabled"])
}

deny contains finding if {
	terraform.type == "azurerm_key_vault"
	days := terraform.number_value(["soft_delete_retention_days"])
	days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps deleted objects for %s, fewer than %d", [terraform.address, terraform.days(days), params.backup_retention_days]),
		["values", "soft_delete_retention_days"],
	)
}
