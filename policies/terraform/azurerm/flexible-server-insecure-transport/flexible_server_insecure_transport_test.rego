package comply.terraform.azurerm.flexible_server_insecure_transport_test

import data.comply.terraform.azurerm.flexible_server_insecure_transport as policy

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

test_deny_off if {
	findings := policy.deny with input as _doc("azurerm_postgresql_flexible_server_configuration", {"name": "require_secure_transport", "value": "OFF"})
	[f.path | some f in findings] == [["values", "value"]]
}

test_allow_on_other_or_unknown if {
	count(policy.deny) == 0 with input as _doc("azurerm_mysql_flexible_server_configuration", {"name": "require_secure_transport", "value": "ON"})
	count(policy.deny) == 0 with input as _doc("azurerm_mysql_flexible_server_configuration", {"name": "max_connections", "value": "0"})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_mysql_flexible_server_configuration", {"name": "require_secure_transport"}, {"value": true})
}
