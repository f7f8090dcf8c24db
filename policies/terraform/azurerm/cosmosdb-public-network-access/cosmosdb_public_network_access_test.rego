package comply.terraform.azurerm.cosmosdb_public_network_access_test

import data.comply.terraform.azurerm.cosmosdb_public_network_access as policy

_doc(values, unknown) := {"kind": "terraform", "resource": {
	"address": "azurerm_cosmosdb_account.this",
	"type": "azurerm_cosmosdb_account",
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny_default if {
	findings := policy.deny with input as _doc({"name": "db"}, {})
	[f.path | some f in findings] == [["values"]]
	explicit := policy.deny with input as _doc({"public_network_access_enabled": true}, {})
	[f.path | some f in explicit] == [["values", "public_network_access_enabled"]]
}

test_deny_open_filter if {
	findings := policy.deny with input as _doc({"ip_range_filter": ["10.0.0.0/8", "0.0.0.0/0"]}, {})
	[f.path | some f in findings] == [["values", "ip_range_filter"]]
	count(policy.deny) == 1 with input as _doc({"ip_range_filter": "0.0.0.0/0"}, {})
}

test_allow_restricted if {
	count(policy.deny) == 0 with input as _doc({"public_network_access_enabled": false}, {})
	count(policy.deny) == 0 with input as _doc({"is_virtual_network_filter_enabled": true}, {})
	count(policy.deny) == 0 with input as _doc({"ip_range_filter": "104.42.195.92,40.76.54.131"}, {})
	count(policy.deny) == 0 with input as _doc({"ip_range_filter": ["203.0.113.0/24"]}, {})
	# a private account with an open filter is still private
	count(policy.deny) == 0 with input as _doc({"public_network_access_enabled": false, "ip_range_filter": ["0.0.0.0/0"]}, {})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _doc({}, {"public_network_access_enabled": true})
	count(policy.deny) == 0 with input as _doc({}, {"ip_range_filter": true})
	count(policy.deny) == 0 with input as _doc({"ip_range_filter": [null]}, {"ip_range_filter": [true]})
	count(policy.deny) == 0 with input as _doc({}, {"is_virtual_network_filter_enabled": true})
}
