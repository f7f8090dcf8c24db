# METADATA
# title: AKS cluster disks are not encrypted with a customer-managed key
# description: |
#   Without disk_encryption_set_id the OS and data disks of the node pools are encrypted with
#   platform-managed keys only; a disk encryption set puts the key (and its revocation and rotation)
#   under the organisation's control in Key Vault.
# related_resources:
#   - https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys
# custom:
#   id: TF-0005
#   severity: low
#   category: encryption
#   frameworks: {cis-azure: ["7.3"], soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Create an azurerm_disk_encryption_set and set disk_encryption_set_id on the cluster.
#   inputs: [{kind: terraform, resources: [azurerm_kubernetes_cluster]}]
package comply.terraform.azurerm.aks_disk_encryption_set_missing

import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	terraform.type == "azurerm_kubernetes_cluster"
	terraform.missing(["disk_encryption_set_id"])
	finding := result.fail(
		sprintf("%s has no disk encryption set", [terraform.address]),
		terraform.at(["disk_encryption_set_id"]),
	)
}
