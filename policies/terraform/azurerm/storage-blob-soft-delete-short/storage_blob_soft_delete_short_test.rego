package comply.terraform.azurerm.storage_blob_soft_delete_short_test

import data.comply.terraform.azurerm.storage_blob_soft_delete_short as policy

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

test_deny_missing if {
	findings := policy.deny with input as _doc("azurerm_storage_account", {"blob_properties": [{"versioning_enabled": true}]})
	[f.path | some f in findings] == [["values", "blob_properties", 0]]
	count(policy.deny) == 1 with input as _doc("azurerm_storage_account", {})
}

test_deny_short if {
	findings := policy.deny with input as _doc("azurerm_storage_account", {"blob_properties": [{"delete_retention_policy": [{"days": 1}]}]})
	[f.path | some f in findings] == [["values", "blob_properties", 0, "delete_retention_policy", 0, "days"]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("azurerm_storage_account", {"blob_properties": [{"delete_retention_policy": [{"days": 7}]}]})
	count(policy.deny) == 0 with input as _doc("azurerm_storage_account", {"account_kind": "FileStorage"})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_storage_account", {}, {"blob_properties": true})
}
