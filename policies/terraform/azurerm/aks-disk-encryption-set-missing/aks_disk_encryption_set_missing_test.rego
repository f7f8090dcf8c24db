package comply.terraform.azurerm.aks_disk_encryption_set_missing_test

import data.comply.terraform.azurerm.aks_disk_encryption_set_missing as policy

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
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"name": "aks"})
	[f.path | some f in findings] == [["values"]]
}

test_allow_set_or_unknown if {
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {"disk_encryption_set_id": "/subscriptions/x/des"})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_kubernetes_cluster", {}, {"disk_encryption_set_id": true})
}
