package comply.terraform.azurerm.aks_public_api_server_test

import data.comply.terraform.azurerm.aks_public_api_server as policy

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

test_deny_public_without_ranges if {
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"private_cluster_enabled": false})
	[f.path | some f in findings] == [["values", "private_cluster_enabled"]]
	count(policy.deny) == 1 with input as _doc("azurerm_kubernetes_cluster", {})
}

test_deny_open_range if {
	findings := policy.deny with input as _doc("azurerm_kubernetes_cluster", {"api_server_access_profile": [{"authorized_ip_ranges": ["10.0.0.0/8", "0.0.0.0/0"]}]})
	[f.path | some f in findings] == [["values", "api_server_access_profile", 0, "authorized_ip_ranges", 1]]
}

test_deny_open_legacy_range if {
	count(policy.deny) == 1 with input as _doc("azurerm_kubernetes_cluster", {"api_server_authorized_ip_ranges": ["0.0.0.0/0"]})
}

test_allow_private_or_restricted if {
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {"private_cluster_enabled": true})
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {"api_server_access_profile": [{"authorized_ip_ranges": ["203.0.113.0/24"]}]})
	count(policy.deny) == 0 with input as _doc("azurerm_kubernetes_cluster", {"api_server_authorized_ip_ranges": ["203.0.113.0/24"]})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_kubernetes_cluster", {}, {"private_cluster_enabled": true})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_kubernetes_cluster", {"api_server_access_profile": [{}]}, {"api_server_access_profile": [{"authorized_ip_ranges": true}]})
}
