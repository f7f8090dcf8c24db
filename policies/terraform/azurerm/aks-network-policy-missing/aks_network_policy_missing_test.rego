package comply.terraform.azurerm.aks_network_policy_missing_test

import data.comply.terraform.azurerm.aks_network_policy_missing as policy

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

test_deny_no_network_profile if {
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"name": "aks"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_profile_without_policy if {
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"network_profile": [{"network_plugin": "azure"}]})
	[f.path | some f in findings] == [["values", "network_profile", 0]]
}

test_allow_policy_set if {
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {"network_profile": [{"network_plugin": "azure", "network_policy": "calico"}]})
}

test_allow_unknown_policy if {
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_kubernetes_cluster", {"network_profile": [{}]}, {"network_profile": [{"network_policy": true}]})
}
