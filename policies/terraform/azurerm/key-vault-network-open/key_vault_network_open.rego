# METADATA
# title: Key vault accepts traffic from every network
# description: |
#   A key vault without network_acls (or with default_action = "Allow") answers requests from any
#   network; its secrets are then one stolen token away from the internet. Disabling public network
#   access also closes it.
# custom:
#   id: TF-0028
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-azure: ["8.7"]}
#   remediation: Add network_acls { default_action = "Deny", bypass = "AzureServices" } with the allowed networks, or set public_network_access_enabled = false.
#   inputs: [{kind: terraform, resources: [azurerm_key_vault]}]
package comply.terraform.azurerm.key_vault_network_open

import data.comply.lib.result
import data.comply.lib.terraform

_path := ["network_acls", 0, "default_action"]

_restricted if terraform.disabled(["public_network_access_enabled"])

_restricted if terraform.is_unknown(["public_network_access_enabled"])

_restricted if terraform.is_unknown(_path)

_restricted if lower(terraform.string_value(_path)) == "deny"

deny contains finding if {
	terraform.type == "azurerm_key_vault"
	not _restricted
	finding := result.fail(sprintf("%s accepts traffic from all networks", [terraform.address]), terraform.at(_path))
}
