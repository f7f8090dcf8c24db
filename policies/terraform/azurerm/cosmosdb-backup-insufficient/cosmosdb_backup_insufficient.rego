# METADATA
# title: Cosmos DB backups are short-lived or kept in one region
# description: |
#   A Cosmos DB account without a backup block takes periodic backups every 4 hours and keeps
#   them for 8 hours only. Restores must be possible for at least params.backup_retention_days:
#   continuous backup keeps 7 (Continuous7Days) or 30 days (Continuous30Days) of point-in-time
#   restore, periodic backup keeps retention_in_hours. Periodic backups stored with Local or Zone
#   redundancy do not survive the loss of the region.
# custom:
#   id: TF-0036
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13", "8.14"]}
#   remediation: Use backup { type = "Continuous", tier = "Continuous30Days" }, or a periodic backup whose retention_in_hours covers the required days with storage_redundancy = "Geo".
#   inputs: [{kind: terraform, resources: [azurerm_cosmosdb_account]}]
package comply.terraform.azurerm.cosmosdb_backup_insufficient

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

_type_path := ["backup", 0, "type"]

_tier_path := ["backup", 0, "tier"]

_hours_path := ["backup", 0, "retention_in_hours"]

_redundancy_path := ["backup", 0, "storage_redundancy"]

# The backup type, with the provider default (Periodic) when it is not written.
_type := lower(terraform.string_value(_type_path))

_type := "periodic" if terraform.missing(_type_path)

_continuous_days := {"continuous7days": 7, "continuous30days": 30}

# retention: [days kept, path to report, what the days come from]
_retention := [_continuous_days[lower(terraform.string_value(_tier_path))], _tier_path, "its continuous backup tier"] if _type == "continuous"

_retention := [7, _tier_path, "continuous backup (Continuous7Days by default)"] if {
	_type == "continuous"
	terraform.missing(_tier_path)
}

_retention := [terraform.number_value(_hours_path) / 24, _hours_path, "retention_in_hours"] if _type == "periodic"

_retention := [8 / 24, _hours_path, "the default periodic backup"] if {
	_type == "periodic"
	terraform.missing(_hours_path)
}

_hours(days) := sprintf("%d hours", [round(days * 24)]) if days < 1

_hours(days) := terraform.days(days) if days >= 1

deny contains finding if {
	terraform.type == "azurerm_cosmosdb_account"
	[days, path, source] := _retention
	days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps backups for %s (%s), fewer than %d days", [terraform.address, _hours(days), source, params.backup_retention_days]),
		terraform.at(path),
	)
}

deny contains finding if {
	terraform.type == "azurerm_cosmosdb_account"
	_type == "periodic"
	redundancy := terraform.string_value(_redundancy_path)
	lower(redundancy) in {"local", "zone"}
	finding := result.fail(
		sprintf("%s stores its backups with %s redundancy, not in a second region", [terraform.address, redundancy]),
		["values", "backup", 0, "storage_redundancy"],
	)
}
