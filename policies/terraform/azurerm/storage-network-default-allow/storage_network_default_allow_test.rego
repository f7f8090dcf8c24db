package comply.terraform.azurerm.storage_network_default_allow_test

import data.comply.terraform.azurerm.storage_network_default_allow as policy

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

test_deny_no_rules if {
	findings := policy.deny with input as _doc("azurerm_storage_account", {"account_tier": "Standard"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_allow if {
	findings := policy.deny with input as _doc("azurerm_storage_account", {"network_rules": [{"default_action": "Allow"}]})
	[f.path | some f in findings] == [["values", "network_rules", 0, "default_action"]]
	count(policy.deny) == 1 with input as _doc("azurerm_storage_account_network_rules", {"default_action": "Allow"})
}

test_allow_deny_inline_related_or_private if {
	count(policy.deny) == 0 with input as _doc("azurerm_storage_account", {"network_rules": [{"default_action": "Deny"}]})
	count(policy.deny) == 0 with input as _doc("azurerm_storage_account", {"public_network_access_enabled": false})
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {
		"type": "azurerm_storage_account", "values": {}, "unknown": {},
		"related": {"azurerm_storage_account_network_rules": [{"type": "azurerm_storage_account_network_rules", "values": {"default_action": "Deny"}, "unknown": {}}]},
	}}
}

test_related_allow_reported_once if {
	account := {"kind": "terraform", "resource": {
		"type": "azurerm_storage_account", "address": "azurerm_storage_account.this", "values": {}, "unknown": {},
		"related": {"azurerm_storage_account_network_rules": [{"type": "azurerm_storage_account_network_rules", "values": {"default_action": "Allow"}, "unknown": {}}]},
	}}
	count(policy.deny) == 0 with input as account
	rules := {"kind": "terraform", "resource": {"type": "azurerm_storage_account_network_rules", "address": "azurerm_storage_account_network_rules.this", "values": {"default_action": "Allow"}, "unknown": {}}}
	count(policy.deny) == 1 with input as rules
}
