# METADATA
# title: Storage account allows TLS versions below the minimum
# description: |
#   min_tls_version is the oldest TLS version the storage account accepts. TLS 1.0 and 1.1 are
#   deprecated (RFC 8996) and Azure Storage is retiring them; accounts that still allow them let
#   clients downgrade connections.
# custom:
#   id: TF-0017
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["3.15"]}
#   remediation: Set min_tls_version = "TLS1_2".
#   inputs: [{kind: terraform, resources: [azurerm_storage_account]}]
package comply.terraform.azurerm.storage_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

_settings := [
	{"type": "azurerm_storage_account", "path": ["min_tls_version"], "default": null},
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
