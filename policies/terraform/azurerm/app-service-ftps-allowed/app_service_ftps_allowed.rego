# METADATA
# title: App Service accepts plain FTP deployments
# description: |
#   site_config.ftps_state = "AllAllowed" lets deployment clients upload code and read files over
#   plain FTP, sending the publishing credentials and content in clear text. The legacy
#   azurerm_app_service and azurerm_function_app resources (and their slots) default to
#   AllAllowed; the linux_/windows_ web and function apps default to Disabled.
# custom:
#   id: TF-0034
#   severity: medium
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["9.9"]}
#   remediation: Set site_config { ftps_state = "Disabled" } (or "FtpsOnly" when FTP deployment is needed).
#   inputs: [{kind: terraform, resources: [azurerm_app_service, azurerm_app_service_slot, azurerm_function_app, azurerm_function_app_slot, azurerm_linux_function_app, azurerm_linux_function_app_slot, azurerm_linux_web_app, azurerm_linux_web_app_slot, azurerm_windows_function_app, azurerm_windows_function_app_slot, azurerm_windows_web_app, azurerm_windows_web_app_slot]}]
package comply.terraform.azurerm.app_service_ftps_allowed

import data.comply.lib.result
import data.comply.lib.terraform

# Provider default of ftps_state per resource type.
_default_all_allowed := {"azurerm_app_service", "azurerm_app_service_slot", "azurerm_function_app", "azurerm_function_app_slot"}

_current := {
	"azurerm_linux_function_app", "azurerm_linux_function_app_slot", "azurerm_linux_web_app", "azurerm_linux_web_app_slot",
	"azurerm_windows_function_app", "azurerm_windows_function_app_slot", "azurerm_windows_web_app", "azurerm_windows_web_app_slot",
}

_path := ["site_config", 0, "ftps_state"]

deny contains finding if {
	terraform.type in (_default_all_allowed | _current)
	lower(terraform.string_value(_path)) == "allallowed"
	finding := result.fail(sprintf("%s accepts plain FTP deployments (ftps_state = AllAllowed)", [terraform.address]), ["values", "site_config", 0, "ftps_state"])
}

deny contains finding if {
	terraform.type in _default_all_allowed
	terraform.missing(_path)
	finding := result.fail(sprintf("%s accepts plain FTP deployments: ftps_state defaults to AllAllowed", [terraform.address]), terraform.at(_path))
}
