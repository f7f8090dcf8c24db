package comply.terraform.azurerm.redis_public_network_access_test

import data.comply.terraform.azurerm.redis_public_network_access as policy

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

test_deny_default if {
	findings := policy.deny with input as _doc("azurerm_redis_cache", {"sku_name": "Standard"})
	[f.path | some f in findings] == [["values"]]
}

test_allow_private if {
	count(policy.deny) == 0 with input as _doc("azurerm_redis_cache", {"public_network_access_enabled": false})
	count(policy.deny) == 0 with input as _doc("azurerm_redis_cache", {"subnet_id": "snet"})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_redis_cache", {}, {"public_network_access_enabled": true})
}
