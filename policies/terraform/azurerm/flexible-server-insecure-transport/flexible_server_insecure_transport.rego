# METADATA
# title: Flexible database server accepts connections without TLS
# description: |
#   PostgreSQL and MySQL flexible servers require TLS through the require_secure_transport server
#   parameter; a configuration resource that sets it to OFF lets clients connect in clear text.
# custom:
#   id: TF-0019
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["4.3.1", "4.4.1"]}
#   remediation: Remove the require_secure_transport configuration or set its value to "ON".
#   inputs: [{kind: terraform, resources: [azurerm_postgresql_flexible_server_configuration, azurerm_mysql_flexible_server_configuration]}]
package comply.terraform.azurerm.flexible_server_insecure_transport

import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	terraform.type in {"azurerm_postgresql_flexible_server_configuration", "azurerm_mysql_flexible_server_configuration"}
	lower(terraform.string_value(["name"])) == "require_secure_transport"
	lower(terraform.string_value(["value"])) in {"off", "0", "false"}
	finding := result.fail(sprintf("%s turns require_secure_transport off", [terraform.address]), ["values", "value"])
}
