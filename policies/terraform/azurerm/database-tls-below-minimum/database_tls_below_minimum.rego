# METADATA
# title: Azure database server allows TLS versions below the minimum
# description: |
#   Azure SQL, PostgreSQL, MySQL and MariaDB servers negotiate any TLS version at or above their
#   configured minimum. TLS 1.0 and 1.1 are deprecated (RFC 8996); a server that allows them, or
#   enforces no minimum at all, lets clients and attackers downgrade connections. Flexible servers
#   set the minimum through server configurations (ssl_min_protocol_version, tls_version).
# custom:
#   id: TF-0015
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["4.4.2"]}
#   remediation: Set minimum_tls_version = "1.2" (SQL) or ssl_minimal_tls_version_enforced = "TLS1_2" (PostgreSQL, MySQL, MariaDB).
#   inputs: [{kind: terraform, resources: [azurerm_mariadb_server, azurerm_mssql_server, azurerm_mysql_server, azurerm_postgresql_server]}]
package comply.terraform.azurerm.database_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

_settings := [
	{"type": "azurerm_mssql_server", "path": ["minimum_tls_version"], "default": null},
	{"type": "azurerm_postgresql_server", "path": ["ssl_minimal_tls_version_enforced"], "default": null},
	{"type": "azurerm_mysql_server", "path": ["ssl_minimal_tls_version_enforced"], "default": null},
	{"type": "azurerm_mariadb_server", "path": ["ssl_minimal_tls_version_enforced"], "default": null},
]

_disabled := {"Disabled", "TLSEnforcementDisabled"}

deny contains finding if {
	some s in _settings
	terraform.type == s.type
	v := terraform.string_value(s.path)
	tls.below_min(v)
	finding := result.fail(
		sprintf("%s allows %s, below the minimum %s", [terraform.address, v, tls.min_version_name]),
		terraform.at(s.path),
	)
}

deny contains finding if {
	some s in _settings
	terraform.type == s.type
	v := terraform.string_value(s.path)
	v in _disabled
	finding := result.fail(
		sprintf("%s allows %s: no minimum TLS version is enforced", [terraform.address, v]),
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
		sprintf("%s allows the provider default %s, below the minimum %s", [terraform.address, s.default, tls.min_version_name]),
		terraform.at(s.path),
	)
}
