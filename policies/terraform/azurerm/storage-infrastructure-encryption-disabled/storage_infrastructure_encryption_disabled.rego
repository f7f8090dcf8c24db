# METADATA
# title: Storage account has no infrastructure encryption
# description: |
#   Infrastructure encryption adds a second layer of AES-256 encryption with a separate key at the
#   infrastructure level, so one compromised key or algorithm does not expose the data. It can only
#   be enabled when the account is created.
# custom:
#   id: TF-0011
#   severity: low
#   category: encryption
#   frameworks: {cis-azure: ["3.2"], soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Set infrastructure_encryption_enabled = true when creating the account.
#   inputs: [{kind: terraform, resources: [azurerm_storage_account]}]
package comply.terraform.azurerm.storage_infrastructure_encryption_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["infrastructure_encryption_enabled"]]

deny contains finding if {
	terraform.type in {"azurerm_storage_account"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s has no infrastructure (double) encryption", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"azurerm_storage_account"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s has no infrastructure (double) encryption", [terraform.address]), terraform.at(_paths[0]))
}
