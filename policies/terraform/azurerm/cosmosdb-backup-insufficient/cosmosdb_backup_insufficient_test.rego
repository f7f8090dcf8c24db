package comply.terraform.azurerm.cosmosdb_backup_insufficient_test

import data.comply.terraform.azurerm.cosmosdb_backup_insufficient as policy

_doc(values, unknown) := {"kind": "terraform", "resource": {
	"address": "azurerm_cosmosdb_account.this",
	"type": "azurerm_cosmosdb_account",
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny_default_periodic if {
	findings := policy.deny with input as _doc({"name": "db"}, {})
	[f.path | some f in findings] == [["values"]]
	[f.msg | some f in findings] == ["azurerm_cosmosdb_account.this keeps backups for 8 hours (the default periodic backup), fewer than 7 days"]
}

test_deny_short_periodic_and_local if {
	findings := policy.deny with input as _doc({"backup": [{"type": "Periodic", "retention_in_hours": 48, "interval_in_minutes": 60, "storage_redundancy": "Local"}]}, {})
	{f.path | some f in findings} == {["values", "backup", 0, "retention_in_hours"], ["values", "backup", 0, "storage_redundancy"]}
}

test_continuous_tiers if {
	count(policy.deny) == 0 with input as _doc({"backup": [{"type": "Continuous"}]}, {})
	count(policy.deny) == 0 with input as _doc({"backup": [{"type": "Continuous", "tier": "Continuous30Days"}]}, {})
	count(policy.deny) == 1 with input as _doc({"backup": [{"type": "Continuous", "tier": "Continuous7Days"}]}, {}) with data.comply.params as {"backup_retention_days": 14}
}

test_allow_long_periodic if {
	count(policy.deny) == 0 with input as _doc({"backup": [{"type": "Periodic", "retention_in_hours": 168, "storage_redundancy": "Geo"}]}, {})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _doc({"backup": [{"type": "Periodic"}]}, {"backup": [{"retention_in_hours": true, "storage_redundancy": true}]})
	count(policy.deny) == 0 with input as _doc({}, {"backup": true})
	count(policy.deny) == 0 with input as _doc({"backup": [{"retention_in_hours": 1}]}, {"backup": [{"type": true}]})
}
