package comply.terraform.azurerm.aks_local_accounts_enabled_test

import data.comply.terraform.azurerm.aks_local_accounts_enabled as policy

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
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"name": "aks"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_false if {
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"local_account_disabled": false})
	[f.path | some f in findings] == [["values", "local_account_disabled"]]
}

test_allow_disabled_or_unknown if {
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {"local_account_disabled": true})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_kubernetes_cluster", {}, {"local_account_disabled": true})
}
