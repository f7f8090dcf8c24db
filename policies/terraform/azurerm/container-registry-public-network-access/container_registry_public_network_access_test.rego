package comply.terraform.azurerm.container_registry_public_network_access_test

import data.comply.terraform.azurerm.container_registry_public_network_access as policy

_doc(values, unknown) := {"kind": "terraform", "resource": {
	"address": "azurerm_container_registry.this",
	"type": "azurerm_container_registry",
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny_default if {
	findings := policy.deny with input as _doc({"sku": "Basic"}, {})
	[f.path | some f in findings] == [["values"]]
}

test_deny_allow_rule if {
	findings := policy.deny with input as _doc({"sku": "Premium", "network_rule_set": [{"default_action": "Allow"}]}, {})
	[f.path | some f in findings] == [["values", "network_rule_set", 0, "default_action"]]
	count(policy.deny) == 1 with input as _doc({"public_network_access_enabled": true}, {})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc({"public_network_access_enabled": false}, {})
	count(policy.deny) == 0 with input as _doc({"sku": "Premium", "network_rule_set": [{"default_action": "Deny"}]}, {})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _doc({}, {"public_network_access_enabled": true})
	count(policy.deny) == 0 with input as _doc({}, {"network_rule_set": true})
}
