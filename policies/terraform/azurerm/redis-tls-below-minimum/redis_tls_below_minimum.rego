# METADATA
# title: Azure Cache for Redis allows TLS versions below the minimum
# description: |
#   minimum_tls_version sets the oldest TLS version the cache accepts on its TLS port. TLS 1.0 and
#   1.1 are deprecated (RFC 8996) and retired by Azure Cache for Redis.
# custom:
#   id: TF-0016
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Set minimum_tls_version = "1.2".
#   inputs: [{kind: terraform, resources: [azurerm_redis_cache]}]
package comply.terraform.azurerm.redis_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

_settings := [
	{"type": "azurerm_redis_cache", "path": ["minimum_tls_version"], "default": null},
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
