package comply.terraform.azurerm.storage_blob_versioning_disabled_test

import data.comply.terraform.azurerm.storage_blob_versioning_disabled as policy

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

test_deny_missing_and_false if {
	findings := policy.deny with input as _doc("azurerm_storage_account", {})
	[f.path | some f in findings] == [["values"]]
	count(policy.deny) == 1 with input as _doc("azurerm_storage_account", {"blob_properties": [{"versioning_enabled": false}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("azurerm_storage_account", {"blob_properties": [{"versioning_enabled": true}]})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_storage_account", {"blob_properties": [{}]}, {"blob_properties": [{"versioning_enabled": true}]})
}
