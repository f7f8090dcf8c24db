# METADATA
# title: Container registry accepts traffic from every network
# description: |
#   A container registry answers pulls and pushes on its public endpoint from any address unless
#   public network access is disabled or (Premium SKU) network_rule_set sets default_action =
#   "Deny". Stolen credentials or tokens are then usable from anywhere, and images can be pulled
#   by anyone holding them.
# custom:
#   id: TF-0037
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"]}
#   remediation: Set public_network_access_enabled = false and use private endpoints, or (Premium) add network_rule_set { default_action = "Deny" } with the allowed addresses.
#   inputs: [{kind: terraform, resources: [azurerm_container_registry]}]
package comply.terraform.azurerm.container_registry_public_network_access

import data.comply.lib.result
import data.comply.lib.terraform

_action_path := ["network_rule_set", 0, "default_action"]

_restricted if terraform.disabled(["public_network_access_enabled"])

_restricted if terraform.is_unknown(["public_network_access_enabled"])

_restricted if lower(terraform.string_value(_action_path)) == "deny"

_restricted if terraform.is_unknown(_action_path)

deny contains finding if {
	terraform.type == "azurerm_container_registry"
	not _restricted
	finding := result.fail(sprintf("%s accepts traffic from all networks", [terraform.address]), _report_path)
}

# Point at an explicit Allow when there is one, else at public_network_access_enabled (or the header).
_report_path := ["values", "network_rule_set", 0, "default_action"] if terraform.known(_action_path)

_report_path := terraform.at(["public_network_access_enabled"]) if not terraform.known(_action_path)
