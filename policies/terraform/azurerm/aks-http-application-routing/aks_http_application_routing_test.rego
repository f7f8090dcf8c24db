package comply.terraform.azurerm.aks_http_application_routing_test

import data.comply.terraform.azurerm.aks_http_application_routing as policy

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

test_deny_enabled if {
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"http_application_routing_enabled": true})
	[f.path | some f in findings] == [["values", "http_application_routing_enabled"]]
}

test_deny_legacy_addon_profile if {
	count(policy.deny) == 1 with input as _doc("azurerm_kubernetes_cluster", {"addon_profile": [{"http_application_routing": [{"enabled": true}]}]})
}

test_allow_default_and_false if {
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {})
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {"http_application_routing_enabled": false})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_kubernetes_cluster", {}, {"http_application_routing_enabled": true})
}
