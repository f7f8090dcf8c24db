# METADATA
# title: Azure database server backups are not geo-redundant
# description: |
#   PostgreSQL and MySQL servers keep their backups in the server's region unless
#   geo_redundant_backup_enabled is true (it is off by default and can only be set at creation); a
#   regional outage then takes the backups with the server. Read replicas (create_mode = "Replica")
#   rely on their source server's backups and are not judged.
# related_resources:
#   - https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore
# custom:
#   id: TF-0006
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13", "8.14"]}
#   remediation: Set geo_redundant_backup_enabled = true when creating the server.
#   inputs: [{kind: terraform, resources: [azurerm_postgresql_flexible_server, azurerm_postgresql_server, azurerm_mysql_flexible_server, azurerm_mysql_server, azurerm_mariadb_server]}]
package comply.terraform.azurerm.database_geo_backup_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["geo_redundant_backup_enabled"]]

deny contains finding if {
	not terraform.replica
	terraform.type in {"azurerm_postgresql_flexible_server", "azurerm_postgresql_server", "azurerm_mysql_flexible_server", "azurerm_mysql_server", "azurerm_mariadb_server"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s does not keep geo-redundant backups", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	not terraform.replica
	terraform.type in {"azurerm_postgresql_flexible_server", "azurerm_postgresql_server", "azurerm_mysql_flexible_server", "azurerm_mysql_server", "azurerm_mariadb_server"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s does not keep geo-redundant backups", [terraform.address]), terraform.at(_paths[0]))
}
