package comply.terraform.azurerm.database_public_network_access_test

import data.comply.terraform.azurerm.database_public_network_access as policy

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

test_deny_default_and_true if {
	findings := policy.deny with input as _doc("azurerm_mssql_server", {"version": "12.0"})
	[f.path | some f in findings] == [["values"]]
	count(policy.deny) == 1 with input as _doc("azurerm_postgresql_flexible_server", {"public_network_access_enabled": true})
}

test_deny_open_firewall_rule if {
	count(policy.deny) == 1 with input as _doc("azurerm_mssql_firewall_rule", {"start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"})
	count(policy.deny) == 0 with input as _doc("azurerm_mssql_firewall_rule", {"start_ip_address": "0.0.0.0", "end_ip_address": "0.0.0.0"})
}

test_allow_private if {
	count(policy.deny) == 0 with input as _doc("azurerm_mssql_server", {"public_network_access_enabled": false})
	count(policy.deny) == 0 with input as _doc("azurerm_postgresql_flexible_server", {"delegated_subnet_id": "subnet"})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_mysql_flexible_server", {}, {"delegated_subnet_id": true})
}
