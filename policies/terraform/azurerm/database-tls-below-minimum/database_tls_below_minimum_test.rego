package comply.terraform.azurerm.database_tls_below_minimum_test

import data.comply.terraform.azurerm.database_tls_below_minimum as policy

_doc(t, values) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": {},
}}

_unknown_doc(t, values, unknown) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny_old_version if {
	findings := policy.deny with input as _doc("azurerm_mssql_server", {"minimum_tls_version": "TLS1_0"})
	[f.path | some f in findings] == [["values", "minimum_tls_version"]]
}

test_allow_current_version if {
	count(policy.deny) == 0 with input as _doc("azurerm_mssql_server", {"minimum_tls_version": "1.2"})
}

test_stricter_param if {
	count(policy.deny) == 1 with input as _doc("azurerm_mssql_server", {"minimum_tls_version": "1.2"}) with data.comply.params as {"min_tls_version": "1.3"}
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_mssql_server", {}, {"minimum_tls_version": true})
}

test_deny_disabled if {
	count(policy.deny) == 1 with input as _doc("azurerm_mssql_server", {"minimum_tls_version": "Disabled"})
	count(policy.deny) == 1 with input as _doc("azurerm_postgresql_server", {"ssl_minimal_tls_version_enforced": "TLSEnforcementDisabled"})
}

test_deny_azurerm_postgresql_server_ssl_minimal_tls_version_enforced if {
	count(policy.deny) == 1 with input as _doc("azurerm_postgresql_server", {"ssl_minimal_tls_version_enforced": "1.0"})
}

test_deny_azurerm_mysql_server_ssl_minimal_tls_version_enforced if {
	count(policy.deny) == 1 with input as _doc("azurerm_mysql_server", {"ssl_minimal_tls_version_enforced": "1.0"})
}

test_deny_azurerm_mariadb_server_ssl_minimal_tls_version_enforced if {
	count(policy.deny) == 1 with input as _doc("azurerm_mariadb_server", {"ssl_minimal_tls_version_enforced": "1.0"})
}

test_deny_flexible_configuration if {
	pg := policy.deny with input as _doc("azurerm_postgresql_flexible_server_configuration", {"name": "ssl_min_protocol_version", "value": "TLSv1.1"})
	[f.path | some f in pg] == [["values", "value"]]
	my := policy.deny with input as _doc("azurerm_mysql_flexible_server_configuration", {"name": "tls_version", "value": "TLSv1,TLSv1.1,TLSv1.2"})
	[f.msg | some f in my] == ["azurerm_mysql_flexible_server_configuration.this allows TLS 1.0 (tls_version = \"TLSv1,TLSv1.1,TLSv1.2\"), below the minimum TLS 1.2"]
}

test_allow_flexible_configuration if {
	count(policy.deny) == 0 with input as _doc("azurerm_postgresql_flexible_server_configuration", {"name": "ssl_min_protocol_version", "value": "TLSv1.2"})
	count(policy.deny) == 0 with input as _doc("azurerm_mysql_flexible_server_configuration", {"name": "tls_version", "value": "TLSv1.2,TLSv1.3"})
	# a parameter of the other engine, another parameter, an unknown value
	count(policy.deny) == 0 with input as _doc("azurerm_postgresql_flexible_server_configuration", {"name": "tls_version", "value": "TLSv1"})
	count(policy.deny) == 0 with input as _doc("azurerm_mysql_flexible_server_configuration", {"name": "max_connections", "value": "1"})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_mysql_flexible_server_configuration", {"name": "tls_version"}, {"value": true})
}

_server(t, related) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": {"name": "db"},
	"unknown": {},
	"related": related,
}}

_pg_config(values, unknown) := {"azurerm_postgresql_flexible_server_configuration": [{
	"type": "azurerm_postgresql_flexible_server_configuration",
	"values": values,
	"unknown": unknown,
}]}

test_flexible_server_default_judged_with_its_configurations if {
	# the default TLS 1.2 meets the default minimum
	count(policy.deny) == 0 with input as _server("azurerm_postgresql_flexible_server", {})
	# a stricter minimum: the server is reported unless a configuration sets the parameter
	findings := policy.deny with input as _server("azurerm_postgresql_flexible_server", {}) with data.comply.params as {"min_tls_version": "1.3"}
	[f.path | some f in findings] == [["values"]]
	count(policy.deny) == 1 with input as _server("azurerm_mysql_flexible_server", {}) with data.comply.params as {"min_tls_version": "1.3"}
	count(policy.deny) == 1 with input as _server("azurerm_postgresql_flexible_server", _pg_config({"name": "log_connections", "value": "on"}, {})) with data.comply.params as {"min_tls_version": "1.3"}
	count(policy.deny) == 0 with input as _server("azurerm_postgresql_flexible_server", _pg_config({"name": "ssl_min_protocol_version", "value": "TLSv1.3"}, {})) with data.comply.params as {"min_tls_version": "1.3"}
	count(policy.deny) == 0 with input as _server("azurerm_postgresql_flexible_server", _pg_config({}, {"name": true})) with data.comply.params as {"min_tls_version": "1.3"}
}
