# METADATA
# title: Azure Cache for Redis opens its non-TLS port
# description: |
#   The non-SSL port (6379) carries the access key and every command in clear text. It is closed by
#   default.
# custom:
#   id: TF-0009
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Remove non_ssl_port_enabled / enable_non_ssl_port or set it to false; clients connect on 6380 with TLS.
#   inputs: [{kind: terraform, resources: [azurerm_redis_cache]}]
package comply.terraform.azurerm.redis_non_ssl_port_enabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["non_ssl_port_enabled"], ["enable_non_ssl_port"]]

deny contains finding if {
	terraform.type in {"azurerm_redis_cache"}
	some p in _paths
	terraform.enabled(p)
	finding := result.fail(sprintf("%s opens the non-TLS port 6379", [terraform.address]), terraform.at(p))
}
