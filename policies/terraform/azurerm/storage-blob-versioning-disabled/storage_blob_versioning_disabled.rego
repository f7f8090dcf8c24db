# METADATA
# title: Storage account does not version blobs
# description: |
#   Blob versioning keeps every previous version of a blob, so an overwrite, a ransomware encryption
#   or an application bug can be rolled back. It is off unless blob_properties.versioning_enabled is
#   true.
# custom:
#   id: TF-0027
#   severity: low
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Set blob_properties { versioning_enabled = true }.
#   inputs: [{kind: terraform, resources: [azurerm_storage_account]}]
package comply.terraform.azurerm.storage_blob_versioning_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_path := ["blob_properties", 0, "versioning_enabled"]

deny contains finding if {
	terraform.type == "azurerm_storage_account"
	not terraform.string_value(["account_kind"]) == "FileStorage"
	terraform.off(_path)
	finding := result.fail(sprintf("%s does not version blobs", [terraform.address]), terraform.at(_path))
}
