package comply.terraform.azurerm.key_vault_purge_protection_disabled_test

import data.comply.terraform.azurerm.key_vault_purge_protection_disabled as policy

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
	findings := policy.deny with input as _doc("azurerm_key_vault", {"purge_protection_enabled": false})
	[f.path | some f in findings] == [["values", "purge_protection_enabled"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("azurerm_key_vault", {"purge_protection_enabled": true})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_key_vault", {}, {"purge_protection_enabled": true})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("azurerm_key_vault", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}
