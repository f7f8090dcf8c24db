# METADATA
# title: Azure database server is reachable from the internet
# description: |
#   Azure SQL, PostgreSQL, MySQL and MariaDB servers accept connections on their public endpoint
#   unless public_network_access_enabled is false (flexible servers injected into a subnet with
#   delegated_subnet_id have no public endpoint). A firewall rule from 0.0.0.0 to 255.255.255.255
#   opens the endpoint to every address.
# custom:
#   id: TF-0020
#   severity: high
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-azure: ["4.1.2"]}
#   remediation: Set public_network_access_enabled = false and connect through private endpoints or VNet integration; remove all-addresses firewall rules.
#   inputs: [{kind: terraform, resources: [azurerm_mssql_server, azurerm_postgresql_server, azurerm_postgresql_flexible_server, azurerm_mysql_flexible_server, azurerm_mysql_server, azurerm_mariadb_server, azurerm_mssql_firewall_rule, azurerm_sql_firewall_rule, azurerm_postgresql_firewall_rule, azurerm_postgresql_flexible_server_firewall_rule, azurerm_mysql_firewall_rule, azurerm_mysql_flexible_server_firewall_rule, azurerm_mariadb_firewall_rule]}]
package comply.terraform.azurerm.database_public_network_access

import data.comply.lib.result
import data.comply.lib.terraform

_servers := {"azurerm_mssql_server", "azurerm_postgresql_server", "azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server", "azurerm_mysql_server", "azurerm_mariadb_server"}

_vnet_injected if terraform.known(["delegated_subnet_id"])

_vnet_injected if terraform.is_unknown(["delegated_subnet_id"])

deny contains finding if {
	terraform.type in _servers
	not _vnet_injected
	not terraform.disabled(["public_network_access_enabled"])
	not terraform.is_unknown(["public_network_access_enabled"])
	finding := result.fail(sprintf("%s allows public network access", [terraform.address]), terraform.at(["public_network_access_enabled"]))
}

deny contains finding if {
	endswith(terraform.type, "_firewall_rule")
	terraform.string_value(["start_ip_address"]) == "0.0.0.0"
	terraform.string_value(["end_ip_address"]) == "255.255.255.255"
	finding := result.fail(sprintf("%s allows every IPv4 address", [terraform.address]), ["values", "end_ip_address"])
}
