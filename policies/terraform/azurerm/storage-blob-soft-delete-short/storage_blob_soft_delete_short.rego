# METADATA
# title: Storage account does not keep deleted blobs long enough
# description: |
#   Blob soft delete keeps deleted and overwritten blobs recoverable for
#   blob_properties.delete_retention_policy.days; without the policy a deletion is final. The
#   retention must be at least params.backup_retention_days. File-only accounts (account_kind
#   FileStorage) have no blobs and are not judged.
# custom:
#   id: TF-0026
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"], cis-azure: ["3.11"]}
#   remediation: Add blob_properties { delete_retention_policy { days = N } } with N at least the required number of days.
#   inputs: [{kind: terraform, resources: [azurerm_storage_account]}]
package comply.terraform.azurerm.storage_blob_soft_delete_short

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

_path := ["blob_properties", 0, "delete_retention_policy"]

_blob_account if not terraform.string_value(["account_kind"]) == "FileStorage"

deny contains finding if {
	terraform.type == "azurerm_storage_account"
	_blob_account
	terraform.missing(_path)
	finding := result.fail(sprintf("%s has no blob soft delete", [terraform.address]), terraform.at(_path))
}

deny contains finding if {
	terraform.type == "azurerm_storage_account"
	_blob_account
	days := terraform.number_value(array.concat(_path, [0, "days"]))
	days < params.backup_retention_days
	finding := result.fail(
		sprintf("%s keeps deleted blobs for %s, fewer than %d", [terraform.address, terraform.days(days), params.backup_retention_days]),
		terraform.at(array.concat(_path, [0, "days"])),
	)
}
