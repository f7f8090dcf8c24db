# METADATA
# title: App Service allows TLS versions below the minimum
# description: |
#   site_config.minimum_tls_version is the oldest TLS version a web or function app accepts (and
#   scm_minimum_tls_version for its deployment endpoint). TLS 1.0 and 1.1 are deprecated (RFC 8996).
# custom:
#   id: TF-0018
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["9.3"]}
#   remediation: Set site_config.minimum_tls_version (and scm_minimum_tls_version) to "1.2" or higher.
#   inputs: [{kind: terraform, resources: [azurerm_app_service, azurerm_app_service_slot, azurerm_function_app, azurerm_function_app_slot, azurerm_linux_function_app, azurerm_linux_function_app_slot, azurerm_linux_web_app, azurerm_linux_web_app_slot, azurerm_windows_function_app, azurerm_windows_function_app_slot, azurerm_windows_web_app, azurerm_windows_web_app_slot]}]
package comply.terraform.azurerm.app_service_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

_settings := [
	{"type": "azurerm_linux_web_app", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_web_app", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_linux_function_app", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_function_app", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_linux_web_app_slot", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_web_app_slot", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_linux_function_app_slot", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_function_app_slot", "path": ["site_config", 0, "minimum_tls_version"], "default": null},
	{"type": "azurerm_linux_web_app", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_web_app", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_linux_function_app", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_function_app", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_linux_web_app_slot", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_web_app_slot", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_linux_function_app_slot", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_windows_function_app_slot", "path": ["site_config", 0, "scm_minimum_tls_version"], "default": null},
	{"type": "azurerm_app_service", "path": ["site_config", 0, "min_tls_version"], "default": null},
	{"type": "azurerm_function_app", "path": ["site_config", 0, "min_tls_version"], "default": null},
	{"type": "azurerm_app_service_slot", "path": ["site_config", 0, "min_tls_version"], "default": null},
	{"type": "azurerm_function_app_slot", "path": ["site_config", 0, "min_tls_version"], "default": null},
	{"type": "azurerm_app_service", "path": ["site_config", 0, "scm_min_tls_version"], "default": null},
	{"type": "azurerm_function_app", "path": ["site_config", 0, "scm_min_tls_version"], "default": null},
	{"type": "azurerm_app_service_slot", "path": ["site_config", 0, "scm_min_tls_version"], "default": null},
	{"type": "azurerm_function_app_slot", "path": ["site_config", 0, "scm_min_tls_version"], "default": null},
]

_disabled := set()

deny contains finding if {
	some s in _settings
	terraform.type == s.type
	v := terraform.string_value(s.path)
	tls.below_min(v)
	finding := result.fail(
		sprintf("%s allows %s (%s = %q), below the minimum %s", [terraform.address, tls.version_name(v), terraform.path_name(s.path), v, tls.min_version_name]),
		terraform.at(s.path),
	)
}

deny contains finding if {
	some s in _settings
	terraform.type == s.type
	v := terraform.string_value(s.path)
	v in _disabled
	finding := result.fail(
		sprintf("%s sets %s = %q: no minimum TLS version is enforced", [terraform.address, terraform.path_name(s.path), v]),
		terraform.at(s.path),
	)
}

deny contains finding if {
	some s in _settings
	terraform.type == s.type
	s.default != null
	terraform.missing(s.path)
	tls.below_min(s.default)
	finding := result.fail(
		sprintf("%s allows the provider default %s of %s, below the minimum %s", [terraform.address, s.default, terraform.path_name(s.path), tls.min_version_name]),
		terraform.at(s.path),
	)
}
