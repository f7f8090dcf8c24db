package comply.terraform.azurerm.key_vault_soft_delete_short_test

import data.comply.terraform.azurerm.key_vault_soft_delete_short as policy

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

test_deny if {
	count(policy.deny) == 1 with input as _doc("azurerm_key_vault", {"soft_delete_enabled": false})
	count(policy.deny) == 1 with input as _doc("azurerm_key_vault", {"soft_delete_retention_days": 7}) with data.comply.params as {"backup_retention_days": 30}
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("azurerm_key_vault", {})
	count(policy.deny) == 0 with input as _doc("azurerm_key_vault", {"soft_delete_retention_days": 7})
}
