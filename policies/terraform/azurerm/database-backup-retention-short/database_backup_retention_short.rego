# METADATA
# title: Azure database keeps backups for fewer days than required
# description: |
#   Point-in-time restore is possible only within the backup retention window: backup_retention_days
#   on PostgreSQL, MySQL and MariaDB servers, short_term_retention_policy.retention_days on Azure
#   SQL databases (both 7 days by default). The window must be at least
#   params.backup_retention_days. Read replicas and geo-secondary databases (create_mode Replica,
#   Secondary, OnlineSecondary) are restored from their source's backups and are not judged.
# custom:
#   id: TF-0021
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Raise backup_retention_days / short_term_retention_policy.retention_days to at least the required number of days.
#   inputs: [{kind: terraform, resources: [azurerm_postgresql_flexible_server, azurerm_postgresql_server, azurerm_mysql_flexible_server, azurerm_mysql_server, azurerm_mariadb_server, azurerm_mssql_database]}]
package comply.terraform.azurerm.database_backup_retention_short

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

_settings := {
	"azurerm_postgresql_flexible_server": ["backup_retention_days"],
	"azurerm_postgresql_server": ["backup_retention_days"],
	"azurerm_mysql_flexible_server": ["backup_retention_days"],
	"azurerm_mysql_server": ["backup_retention_days"],
	"azurerm_mariadb_server": ["backup_retention_days"],
	"azurerm_mssql_database": ["short_term_retention_policy", 0, "retention_days"],
}

# Provider and service default for every type above.
_default_days := 7

deny contains finding if {
	not terraform.replica
	path := _settings[terraform.type]
	days := terraform.number_value(path)
	days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps backups for %s, fewer than %d", [terraform.address, terraform.days(days), params.backup_retention_days]),
		terraform.at(path),
	)
}

deny contains finding if {
	not terraform.replica
	path := _settings[terraform.type]
	terraform.missing(path)
	_default_days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps backups for the default %s, fewer than %d", [terraform.address, terraform.days(_default_days), params.backup_retention_days]),
		terraform.at(path),
	)
}
