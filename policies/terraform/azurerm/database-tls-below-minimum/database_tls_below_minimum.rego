# METADATA
# title: Azure database server allows TLS versions below the minimum
# description: |
#   Azure SQL, PostgreSQL, MySQL and MariaDB servers negotiate any TLS version at or above their
#   configured minimum. TLS 1.0 and 1.1 are deprecated (RFC 8996); a server that allows them, or
#   enforces no minimum at all, lets clients and attackers downgrade connections. PostgreSQL and
#   MySQL flexible servers set the minimum through server configurations
#   (azurerm_postgresql_flexible_server_configuration ssl_min_protocol_version,
#   azurerm_mysql_flexible_server_configuration tls_version, which lists the accepted versions):
#   a configuration allowing an older version is reported on its value, and a server judged with
#   its related configurations is reported when none of them raises its default (TLS 1.2) to a
#   stricter min_tls_version.
# custom:
#   id: TF-0015
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-azure: ["4.4.2"]}
#   remediation: Set minimum_tls_version = "1.2" (SQL), ssl_minimal_tls_version_enforced = "TLS1_2" (PostgreSQL, MySQL, MariaDB single servers), or the ssl_min_protocol_version / tls_version server configuration to "TLSv1.2" or newer (flexible servers).
#   inputs: [{kind: terraform, resources: [azurerm_mariadb_server, azurerm_mssql_server, azurerm_mysql_server, azurerm_postgresql_server, azurerm_postgresql_flexible_server, azurerm_postgresql_flexible_server_configuration, azurerm_mysql_flexible_server, azurerm_mysql_flexible_server_configuration]}]
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

# ---------------------------------------------------------------------------------------------
# Flexible servers: the TLS parameter of each server type, its configuration resource and the
# service default.

_flexible := {
	"azurerm_postgresql_flexible_server": {"configuration": "azurerm_postgresql_flexible_server_configuration", "parameter": "ssl_min_protocol_version", "default": "TLSv1.2"},
	"azurerm_mysql_flexible_server": {"configuration": "azurerm_mysql_flexible_server_configuration", "parameter": "tls_version", "default": "TLSv1.2"},
}

# The oldest version a parameter value accepts ("TLSv1,TLSv1.1,TLSv1.2" -> "TLSv1"); undefined
# when a listed version is not recognised.
_lowest(value) := lowest if {
	versions := [trim_space(v) | some v in split(value, ","); trim_space(v) != ""]
	count(versions) > 0
	ranked := [[tls.version_rank(v), v] | some v in versions]
	count(ranked) == count(versions)
	lowest := sort(ranked)[0][1]
}

# A configuration resource that sets the TLS parameter of its server type.
_tls_configuration(r, server) if {
	lower(terraform.string_in(r, ["name"])) == server.parameter
}

_tls_configuration(r, server) if terraform.unknown_in(r, ["name"])

deny contains finding if {
	some server in _flexible
	terraform.type == server.configuration
	lower(terraform.string_value(["name"])) == server.parameter
	value := terraform.string_value(["value"])
	lowest := _lowest(value)
	tls.below_min(lowest)
	finding := result.fail(
		sprintf("%s allows %s (%s = %q), below the minimum %s", [terraform.address, tls.version_name(lowest), server.parameter, value, tls.min_version_name]),
		["values", "value"],
	)
}

deny contains finding if {
	server := _flexible[terraform.type]
	not _raised(server)
	tls.below_min(server.default)
	finding := result.fail(
		sprintf("%s keeps the default %s minimum %s, below the minimum %s: no %s sets %s", [
			terraform.address, server.parameter, tls.version_name(server.default), tls.min_version_name,
			server.configuration, server.parameter,
		]),
		["values"],
	)
}

# Some related configuration sets (or may set) the parameter: it is judged on its own.
_raised(server) if {
	some r in terraform.related(server.configuration)
	_tls_configuration(r, server)
}
