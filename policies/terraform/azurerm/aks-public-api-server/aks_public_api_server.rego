# METADATA
# title: AKS API server is reachable from any address
# description: |
#   An AKS cluster that is neither a private cluster nor restricted to authorized IP ranges exposes
#   its Kubernetes API server to the whole internet, where it is scanned and brute-forced. An
#   authorized range of 0.0.0.0/0 is no restriction.
# related_resources:
#   - https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges
#   - https://learn.microsoft.com/azure/aks/private-clusters
# custom:
#   id: TF-0002
#   severity: high
#   category: network-isolation
#   frameworks: {nsa-kubernetes: ["control-plane-hardening"], soc2: ["CC6.6"], iso27001: ["8.20", "8.22"]}
#   remediation: Set private_cluster_enabled = true, or list the admin networks in api_server_access_profile.authorized_ip_ranges.
#   inputs: [{kind: terraform, resources: [azurerm_kubernetes_cluster]}]
package comply.terraform.azurerm.aks_public_api_server

import data.comply.lib.result
import data.comply.lib.terraform

_ranges_paths := [["api_server_access_profile", 0, "authorized_ip_ranges"], ["api_server_authorized_ip_ranges"]]

_private if terraform.enabled(["private_cluster_enabled"])

_private if terraform.is_unknown(["private_cluster_enabled"])

# Some authorized range is written or unknown.
_restricted if {
	some p in _ranges_paths
	terraform.is_unknown(p)
}

_restricted if {
	some p in _ranges_paths
	ranges := terraform.value(p)
	count(ranges) > 0
	not _open_range(p)
}

_open_range(p) if {
	some r in terraform.value(p)
	terraform.open_source(r)
}

deny contains finding if {
	terraform.type == "azurerm_kubernetes_cluster"
	not _private
	not _restricted
	not _open_range(_ranges_paths[0])
	not _open_range(_ranges_paths[1])
	finding := result.fail(
		sprintf("%s exposes its API server publicly with no authorized IP ranges", [terraform.address]),
		terraform.at(["private_cluster_enabled"]),
	)
}

deny contains finding if {
	terraform.type == "azurerm_kubernetes_cluster"
	not _private
	some p in _ranges_paths
	some i, r in terraform.value(p)
	terraform.open_source(r)
	finding := result.fail(
		sprintf("%s authorizes %s to reach its API server", [terraform.address, r]),
		array.concat(["values"], array.concat(p, [i])),
	)
}
