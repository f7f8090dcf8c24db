# METADATA
# title: Storage account accepts plain HTTP
# description: |
#   With secure transfer disabled the storage account accepts requests over HTTP, so shared keys,
#   SAS tokens and data cross the network unencrypted. It is required by default.
# custom:
#   id: TF-0010
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["3.1"]}
#   remediation: Remove https_traffic_only_enabled = false (enable_https_traffic_only in azurerm v3); the default is true.
#   inputs: [{kind: terraform, resources: [azurerm_storage_account]}]
package comply.terraform.azurerm.storage_https_not_enforced

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["https_traffic_only_enabled"], ["enable_https_traffic_only"]]

deny contains finding if {
	terraform.type in {"azurerm_storage_account"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s accepts plain HTTP requests", [terraform.address]), terraform.at(p))
}
