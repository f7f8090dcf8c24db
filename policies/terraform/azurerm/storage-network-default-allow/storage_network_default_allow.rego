# METADATA
# title: Storage account accepts traffic from every network
# description: |
#   A storage account's firewall allows all networks unless network_rules (inline or an
#   azurerm_storage_account_network_rules resource) set default_action = "Deny", or public network
#   access is disabled. Any leaked key or SAS token is then usable from anywhere. An account with an
#   azurerm_storage_account_network_rules resource is judged through that resource.
# custom:
#   id: TF-0025
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-azure: ["3.7", "3.8"]}
#   remediation: Add network_rules { default_action = "Deny" } with the allowed subnets and IPs, or set public_network_access_enabled = false.
#   inputs: [{kind: terraform, resources: [azurerm_storage_account, azurerm_storage_account_network_rules]}]
package comply.terraform.azurerm.storage_network_default_allow

import data.comply.lib.result
import data.comply.lib.terraform

_restricted_by(r, path) if lower(terraform.string_in(r, path)) == "deny"

_restricted_by(r, path) if terraform.unknown_in(r, path)

_restricted if terraform.disabled(["public_network_access_enabled"])

_restricted if terraform.is_unknown(["public_network_access_enabled"])

_restricted if _restricted_by(input.resource, ["network_rules", 0, "default_action"])

# A related azurerm_storage_account_network_rules decides; when it allows all networks, that
# resource is the one reported (on its default_action line), not the account again.
_restricted if count(terraform.related("azurerm_storage_account_network_rules")) > 0

deny contains finding if {
	terraform.type == "azurerm_storage_account"
	not _restricted
	finding := result.fail(sprintf("%s accepts traffic from all networks", [terraform.address]), terraform.at(["network_rules", 0, "default_action"]))
}

deny contains finding if {
	terraform.type == "azurerm_storage_account_network_rules"
	lower(terraform.string_value(["default_action"])) == "allow"
	finding := result.fail(sprintf("%s allows all networks by default", [terraform.address]), ["values", "default_action"])
}
