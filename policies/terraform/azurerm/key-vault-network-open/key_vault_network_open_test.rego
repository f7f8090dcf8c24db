package comply.terraform.azurerm.key_vault_network_open_test

import data.comply.terraform.azurerm.key_vault_network_open as policy

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

test_deny_missing_and_allow if {
	findings := policy.deny with input as _doc("azurerm_key_vault", {})
	[f.path | some f in findings] == [["values"]]
	count(policy.deny) == 1 with input as _doc("azurerm_key_vault", {"network_acls": [{"default_action": "Allow", "bypass": "AzureServices"}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("azurerm_key_vault", {"network_acls": [{"default_action": "Deny", "bypass": "AzureServices"}]})
	count(policy.deny) == 0 with input as _doc("azurerm_key_vault", {"public_network_access_enabled": false})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_key_vault", {}, {"network_acls": true})
}
