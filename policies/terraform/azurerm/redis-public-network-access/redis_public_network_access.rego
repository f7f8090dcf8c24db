# METADATA
# title: Azure Cache for Redis is reachable from the internet
# description: |
#   A cache keeps its public endpoint unless public_network_access_enabled is false or it is
#   injected into a virtual network (subnet_id); the access key is then the only barrier between the
#   internet and the data.
# custom:
#   id: TF-0023
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"]}
#   remediation: Set public_network_access_enabled = false and reach the cache through a private endpoint.
#   inputs: [{kind: terraform, resources: [azurerm_redis_cache]}]
package comply.terraform.azurerm.redis_public_network_access

import data.comply.lib.result
import data.comply.lib.terraform

_private if terraform.disabled(["public_network_access_enabled"])

_private if terraform.is_unknown(["public_network_access_enabled"])

_private if terraform.known(["subnet_id"])

_private if terraform.is_unknown(["subnet_id"])

deny contains finding if {
	terraform.type == "azurerm_redis_cache"
	not _private
	finding := result.fail(sprintf("%s allows public network access", [terraform.address]), terraform.at(["public_network_access_enabled"]))
}
