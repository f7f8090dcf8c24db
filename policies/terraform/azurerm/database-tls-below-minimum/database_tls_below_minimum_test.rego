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
