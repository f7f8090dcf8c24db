# METADATA
# title: Azure SQL database has transparent data encryption disabled
# description: |
#   Transparent data encryption encrypts the database, its backups and its log files at rest; it is
#   on by default and turning it off leaves them readable to anyone who obtains the files.
# custom:
#   id: TF-0008
#   severity: high
#   category: encryption
#   frameworks: {cis-azure: ["4.1.5"], soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Remove transparent_data_encryption_enabled = false (the default is true).
#   inputs: [{kind: terraform, resources: [azurerm_mssql_database]}]
package comply.terraform.azurerm.mssql_database_tde_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["transparent_data_encryption_enabled"]]

deny contains finding if {
	terraform.type in {"azurerm_mssql_database"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s has transparent data encryption disabled", [terraform.address]), terraform.at(p))
}
