# METADATA
# title: Cosmos DB account accepts traffic from every network
# description: |
#   A Cosmos DB account answers on its public endpoint from any address unless public network
#   access is disabled, the virtual network filter is on, or ip_range_filter lists the allowed
#   addresses. Keys or tokens that leak are then usable from anywhere. An IP filter that contains
#   0.0.0.0/0 allows everyone.
# custom:
#   id: TF-0035
#   severity: high
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-azure: ["4.5.1"]}
#   remediation: Set public_network_access_enabled = false and use private endpoints, or enable is_virtual_network_filter_enabled with virtual_network_rule blocks and list the allowed addresses in ip_range_filter.
#   inputs: [{kind: terraform, resources: [azurerm_cosmosdb_account]}]
package comply.terraform.azurerm.cosmosdb_public_network_access

import data.comply.lib.result
import data.comply.lib.terraform

# ip_range_filter is a comma-separated string (azurerm 3) or a set of strings (azurerm 4).
_ip_entries(v) := [trim_space(e) | some e in split(v, ","); trim_space(e) != ""] if is_string(v)

_ip_entries(v) := [trim_space(e) | some e in v; is_string(e); trim_space(e) != ""] if is_array(v)

_ip_filter := _ip_entries(terraform.value(["ip_range_filter"]))

_open_entry contains e if {
	some e in _ip_filter
	terraform.open_source(e)
}

_restricted if terraform.disabled(["public_network_access_enabled"])

_restricted if terraform.is_unknown(["public_network_access_enabled"])

_restricted if terraform.enabled(["is_virtual_network_filter_enabled"])

_restricted if terraform.is_unknown(["is_virtual_network_filter_enabled"])

_restricted if {
	count(_ip_filter) > 0
	count(_open_entry) == 0
}

_restricted if terraform.partly_unknown(["ip_range_filter"])

deny contains finding if {
	terraform.type == "azurerm_cosmosdb_account"
	not _restricted
	count(_open_entry) == 0
	finding := result.fail(sprintf("%s accepts traffic from all networks", [terraform.address]), terraform.at(["public_network_access_enabled"]))
}

deny contains finding if {
	terraform.type == "azurerm_cosmosdb_account"
	not terraform.disabled(["public_network_access_enabled"])
	not terraform.is_unknown(["public_network_access_enabled"])
	count(_open_entry) > 0
	finding := result.fail(sprintf("%s allows %s in its IP filter", [terraform.address, concat(", ", sort([e | some e in _open_entry]))]), ["values", "ip_range_filter"])
}
