# METADATA
# title: AKS cluster enables the HTTP application routing add-on
# description: |
#   The HTTP application routing add-on creates a public DNS zone and an ingress controller that
#   publishes workloads over plain HTTP; Microsoft states it is not for production and has retired
#   it in favour of the application routing (web_app_routing) add-on.
# related_resources:
#   - https://learn.microsoft.com/azure/aks/http-application-routing
# custom:
#   id: TF-0003
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20"], cis-azure: ["6.4"]}
#   remediation: Remove http_application_routing_enabled (or set it to false) and use web_app_routing or your own ingress controller.
#   inputs: [{kind: terraform, resources: [azurerm_kubernetes_cluster]}]
package comply.terraform.azurerm.aks_http_application_routing

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["http_application_routing_enabled"], ["addon_profile", 0, "http_application_routing", 0, "enabled"]]

deny contains finding if {
	terraform.type == "azurerm_kubernetes_cluster"
	some p in _paths
	terraform.enabled(p)
	finding := result.fail(
		sprintf("%s enables the HTTP application routing add-on", [terraform.address]),
		terraform.at(p),
	)
}
