package comply.terraform.azurerm.storage_public_blob_access_test

import data.comply.terraform.azurerm.storage_public_blob_access as policy

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

test_deny_account_allows_public if {
	findings := policy.deny with input as _doc("azurerm_storage_account", {"allow_nested_items_to_be_public": true})
	[f.path | some f in findings] == [["values", "allow_nested_items_to_be_public"]]
	count(policy.deny) == 1 with input as _doc("azurerm_storage_account", {"allow_blob_public_access": true})
}

test_deny_public_container if {
	count(policy.deny) == 1 with input as _doc("azurerm_storage_container", {"container_access_type": "blob"})
}

test_allow_container_in_locked_account if {
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {
		"type": "azurerm_storage_container",
		"values": {"container_access_type": "container"},
		"unknown": {},
		"related": {"azurerm_storage_account": [{"type": "azurerm_storage_account", "values": {"allow_nested_items_to_be_public": false}, "unknown": {}}]},
	}}
}

test_allow_private if {
	count(policy.deny) == 0 with input as _doc("azurerm_storage_account", {"allow_nested_items_to_be_public": false})
	count(policy.deny) == 0 with input as _doc("azurerm_storage_container", {"container_access_type": "private"})
	count(policy.deny) == 0 with input as _doc("azurerm_storage_container", {})
}
