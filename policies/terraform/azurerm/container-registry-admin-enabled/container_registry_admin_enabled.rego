# METADATA
# title: Container registry enables the admin user
# description: |
#   The admin user is a single shared username and password with push and pull rights on the whole
#   registry, usable from any network that reaches it and not tied to an identity.
# custom:
#   id: TF-0014
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.1"], iso27001: ["5.17", "8.5"]}
#   remediation: Set admin_enabled = false and grant AcrPull/AcrPush roles to identities.
#   inputs: [{kind: terraform, resources: [azurerm_container_registry]}]
package comply.terraform.azurerm.container_registry_admin_enabled

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["admin_enabled"]]

deny contains finding if {
	terraform.type in {"azurerm_container_registry"}
	some p in _paths
	terraform.enabled(p)
	finding := result.fail(sprintf("%s enables the shared admin user", [terraform.address]), terraform.at(p))
}
