package comply.terraform.azurerm.database_backup_retention_short_test

import data.comply.terraform.azurerm.database_backup_retention_short as policy

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

test_deny_short if {
	findings := policy.deny with input as _doc("azurerm_postgresql_flexible_server", {"backup_retention_days": 3})
	[f.path | some f in findings] == [["values", "backup_retention_days"]]
	count(policy.deny) == 1 with input as _doc("azurerm_mssql_database", {"short_term_retention_policy": [{"retention_days": 1}]})
}

test_default_judged_against_param if {
	count(policy.deny) == 0 with input as _doc("azurerm_mysql_flexible_server", {})
	findings := policy.deny with input as _doc("azurerm_mssql_database", {}) with data.comply.params as {"backup_retention_days": 14}
	[f.path | some f in findings] == [["values"]]
}

test_allow_long_or_unknown if {
	count(policy.deny) == 0 with input as _doc("azurerm_postgresql_server", {"backup_retention_days": 35})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_postgresql_server", {}, {"backup_retention_days": true})
}

test_replicas_and_geo_secondaries_not_judged if {
	count(policy.deny) == 0 with input as _doc("azurerm_postgresql_flexible_server", {"create_mode": "Replica"}) with data.comply.params as {"backup_retention_days": 14}
	count(policy.deny) == 0 with input as _doc("azurerm_mssql_database", {"create_mode": "Secondary"}) with data.comply.params as {"backup_retention_days": 14}
	count(policy.deny) == 0 with input as _doc("azurerm_mssql_database", {"create_mode": "OnlineSecondary", "short_term_retention_policy": [{"retention_days": 1}]})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_mssql_database", {}, {"create_mode": true}) with data.comply.params as {"backup_retention_days": 14}
	count(policy.deny) == 1 with input as _doc("azurerm_mssql_database", {"create_mode": "PointInTimeRestore"}) with data.comply.params as {"backup_retention_days": 14}
}
