# METADATA
# title: Azure SQL database has neither long-term retention nor geo-redundant backups
# description: |
#   Short-term backups alone are lost with the region when storage_account_type is Local or Zone,
#   and expire after at most 35 days. A long_term_retention_policy or geo-redundant backup storage
#   (the default, "Geo") keeps a copy that survives both.
# custom:
#   id: TF-0022
#   severity: low
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13", "8.14"]}
#   remediation: Keep storage_account_type = "Geo" (or "GeoZone"), or add a long_term_retention_policy block.
#   inputs: [{kind: terraform, resources: [azurerm_mssql_database]}]
package comply.terraform.azurerm.mssql_database_backups_not_geo_redundant

import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	terraform.type == "azurerm_mssql_database"
	lower(terraform.string_value(["storage_account_type"])) in {"local", "zone"}
	terraform.missing(["long_term_retention_policy"])
	finding := result.fail(
		sprintf("%s keeps %s-redundant backups only and has no long-term retention", [terraform.address, terraform.value(["storage_account_type"])]),
		["values", "storage_account_type"],
	)
}
