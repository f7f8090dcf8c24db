# METADATA
# title: App Service accepts plain HTTP
# description: |
#   Unless https_only is true, web and function apps answer on HTTP as well, so sessions and
#   credentials can be read or altered on the network. The default is false.
# custom:
#   id: TF-0013
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["9.2"]}
#   remediation: Set https_only = true.
#   inputs: [{kind: terraform, resources: [azurerm_linux_web_app, azurerm_windows_web_app, azurerm_linux_function_app, azurerm_windows_function_app, azurerm_app_service, azurerm_function_app, azurerm_linux_web_app_slot, azurerm_windows_web_app_slot, azurerm_linux_function_app_slot, azurerm_windows_function_app_slot, azurerm_app_service_slot, azurerm_function_app_slot]}]
package comply.terraform.azurerm.app_service_https_not_enforced

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["https_only"]]

deny contains finding if {
	terraform.type in {"azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_function_app", "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot", "azurerm_linux_function_app_slot", "azurerm_windows_function_app_slot", "azurerm_app_service_slot", "azurerm_function_app_slot"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s accepts plain HTTP requests", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_function_app", "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot", "azurerm_linux_function_app_slot", "azurerm_windows_function_app_slot", "azurerm_app_service_slot", "azurerm_function_app_slot"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s accepts plain HTTP requests", [terraform.address]), terraform.at(_paths[0]))
}
