# METADATA
# title: Storage allows anonymous public blob access
# description: |
#   A storage account with allow_nested_items_to_be_public (allow_blob_public_access before azurerm
#   v3) lets containers be made public, and a container whose container_access_type is "blob" or
#   "container" serves its blobs (and, for "container", the listing) to anyone without credentials.
#   A container in an account that forbids public access is not reported.
# custom:
#   id: TF-0024
#   severity: high
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.3", "8.12"], cis-azure: ["3.17"]}
#   remediation: Set allow_nested_items_to_be_public = false on the account and container_access_type = "private" on containers.
#   inputs: [{kind: terraform, resources: [azurerm_storage_account, azurerm_storage_container]}]
package comply.terraform.azurerm.storage_public_blob_access

import data.comply.lib.result
import data.comply.lib.terraform

_account_paths := [["allow_nested_items_to_be_public"], ["allow_blob_public_access"]]

deny contains finding if {
	terraform.type == "azurerm_storage_account"
	some p in _account_paths
	terraform.enabled(p)
	finding := result.fail(sprintf("%s allows containers to be public", [terraform.address]), terraform.at(p))
}

_account_forbids if {
	some a in terraform.related("azurerm_storage_account")
	some p in _account_paths
	terraform.bool_in(a, p) == false
}

deny contains finding if {
	terraform.type == "azurerm_storage_container"
	access := lower(terraform.string_value(["container_access_type"]))
	access in {"blob", "container"}
	not _account_forbids
	finding := result.fail(sprintf("%s allows anonymous %s access", [terraform.address, access]), ["values", "container_access_type"])
}
