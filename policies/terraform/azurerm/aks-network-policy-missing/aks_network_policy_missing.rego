# METADATA
# title: AKS cluster has no network policy engine
# description: |
#   Without a network policy engine (azure, calico or cilium) in network_profile, Kubernetes
#   NetworkPolicy objects are accepted but never enforced: every pod can reach every other pod. The
#   engine can only be chosen when the cluster is created.
# related_resources:
#   - https://learn.microsoft.com/azure/aks/use-network-policies
# custom:
#   id: TF-0001
#   severity: medium
#   category: network-isolation
#   frameworks: {nsa-kubernetes: ["network-policies"], soc2: ["CC6.6"], iso27001: ["8.22"]}
#   remediation: Set network_profile.network_policy to "azure", "calico" or "cilium".
#   inputs: [{kind: terraform, resources: [azurerm_kubernetes_cluster]}]
package comply.terraform.azurerm.aks_network_policy_missing

import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	terraform.type == "azurerm_kubernetes_cluster"
	terraform.missing(["network_profile", 0, "network_policy"])
	finding := result.fail(
		sprintf("%s has no network policy engine", [terraform.address]),
		terraform.at(["network_profile", 0, "network_policy"]),
	)
}
