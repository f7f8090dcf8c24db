# METADATA
# title: AKS cluster keeps local accounts
# description: |
#   Local accounts give a static cluster-admin credential (az aks get-credentials --admin) that
#   bypasses Microsoft Entra ID, conditional access and audit by identity, and cannot be revoked
#   short of rotating the cluster certificates. They are enabled unless local_account_disabled is
#   true.
# related_resources:
#   - https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad
# custom:
#   id: TF-0004
#   severity: medium
#   category: network-isolation
#   frameworks: {nsa-kubernetes: ["authentication"], soc2: ["CC6.1"], iso27001: ["8.5"]}
#   remediation: Set local_account_disabled = true and use Entra ID integration (azure_active_directory_role_based_access_control).
#   inputs: [{kind: terraform, resources: [azurerm_kubernetes_cluster]}]
package comply.terraform.azurerm.aks_local_accounts_enabled

import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	terraform.type == "azurerm_kubernetes_cluster"
	terraform.off(["local_account_disabled"])
	finding := result.fail(
		sprintf("%s keeps local cluster-admin accounts", [terraform.address]),
		terraform.at(["local_account_disabled"]),
	)
}
