# METADATA
# title: Key vault has purge protection disabled
# description: |
#   Without purge protection a deleted vault or key can be purged immediately, by mistake or by an
#   attacker, and everything encrypted with its keys becomes unrecoverable.
# custom:
#   id: TF-0012
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"], cis-azure: ["8.5"]}
#   remediation: Set purge_protection_enabled = true.
#   inputs: [{kind: terraform, resources: [azurerm_key_vault]}]
package comply.terraform.azurerm.key_vault_purge_protection_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["purge_protection_enabled"]]

deny contains finding if {
	terraform.type in {"azurerm_key_vault"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s can be purged before its soft-delete retention ends", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"azurerm_key_vault"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s can be purged before its soft-delete retention ends", [terraform.address]), terraform.at(_paths[0]))
}
