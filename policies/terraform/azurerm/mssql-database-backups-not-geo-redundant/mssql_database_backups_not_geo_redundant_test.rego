package comply.terraform.azurerm.mssql_database_backups_not_geo_redundant_test

import data.comply.terraform.azurerm.mssql_database_backups_not_geo_redundant as policy

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

test_deny_local_without_ltr if {
	count(policy.deny) == 1 with input as _doc("azurerm_mssql_database", {"storage_account_type": "Local"})
}

test_allow_geo_or_ltr if {
	count(policy.deny) == 0 with input as _doc("azurerm_mssql_database", {})
	count(policy.deny) == 0 with input as _doc("azurerm_mssql_database", {"storage_account_type": "Local", "long_term_retention_policy": [{"weekly_retention": "P4W"}]})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_mssql_database", {"storage_account_type": "Zone"}, {"long_term_retention_policy": true})
}
