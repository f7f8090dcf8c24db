package comply.terraform.azurerm.database_geo_backup_disabled_test

import data.comply.terraform.azurerm.database_geo_backup_disabled as policy

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

test_deny_bad_value if {
	findings := policy.deny with input as _doc("azurerm_postgresql_flexible_server", {"geo_redundant_backup_enabled": false})
	[f.path | some f in findings] == [["values", "geo_redundant_backup_enabled"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("azurerm_postgresql_flexible_server", {"geo_redundant_backup_enabled": true})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_postgresql_flexible_server", {}, {"geo_redundant_backup_enabled": true})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("azurerm_postgresql_flexible_server", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_azurerm_postgresql_server if {
	count(policy.deny) == 1 with input as _doc("azurerm_postgresql_server", {"geo_redundant_backup_enabled": false})
}

test_deny_azurerm_mysql_flexible_server if {
	count(policy.deny) == 1 with input as _doc("azurerm_mysql_flexible_server", {"geo_redundant_backup_enabled": false})
}

test_deny_azurerm_mysql_server if {
	count(policy.deny) == 1 with input as _doc("azurerm_mysql_server", {"geo_redundant_backup_enabled": false})
}

test_deny_azurerm_mariadb_server if {
	count(policy.deny) == 1 with input as _doc("azurerm_mariadb_server", {"geo_redundant_backup_enabled": false})
}

test_read_replica_not_judged if {
	count(policy.deny) == 0 with input as _doc("azurerm_postgresql_flexible_server", {"create_mode": "Replica"})
	count(policy.deny) == 1 with input as _doc("azurerm_postgresql_flexible_server", {"create_mode": "GeoRestore"})
}
