# METADATA
# title: Azure database server accepts connections without TLS
# description: |
#   With ssl_enforcement_enabled = false a PostgreSQL, MySQL or MariaDB single server accepts plain-
#   text connections, exposing credentials and data on the network. Flexible servers are judged by
#   their require_secure_transport configuration (azure-database-insecure-configuration).
# custom:
#   id: TF-0007
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["4.3.1", "4.4.1"]}
#   remediation: Set ssl_enforcement_enabled = true.
#   inputs: [{kind: terraform, resources: [azurerm_postgresql_server, azurerm_mysql_server, azurerm_mariadb_server]}]
package comply.terraform.azurerm.database_ssl_not_enforced

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["ssl_enforcement_enabled"]]

deny contains finding if {
	terraform.type in {"azurerm_postgresql_server", "azurerm_mysql_server", "azurerm_mariadb_server"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s accepts connections without TLS", [terraform.address]), terraform.at(p))
}
