package comply.terraform.azurerm.app_service_ftps_allowed_test

import data.comply.terraform.azurerm.app_service_ftps_allowed as policy

_doc(t, values, unknown) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny_all_allowed if {
	findings := policy.deny with input as _doc("azurerm_linux_web_app", {"site_config": [{"ftps_state": "AllAllowed"}]}, {})
	[f.path | some f in findings] == [["values", "site_config", 0, "ftps_state"]]
}

test_deny_legacy_default if {
	findings := policy.deny with input as _doc("azurerm_app_service", {"site_config": [{}]}, {})
	[f.path | some f in findings] == [["values", "site_config", 0]]
	no_block := policy.deny with input as _doc("azurerm_function_app", {}, {})
	[f.path | some f in no_block] == [["values"]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("azurerm_app_service", {"site_config": [{"ftps_state": "FtpsOnly"}]}, {})
	count(policy.deny) == 0 with input as _doc("azurerm_windows_web_app", {"site_config": [{"ftps_state": "Disabled"}]}, {})
	# the current resources default to Disabled
	count(policy.deny) == 0 with input as _doc("azurerm_linux_function_app", {"site_config": [{}]}, {})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _doc("azurerm_app_service", {"site_config": [{}]}, {"site_config": [{"ftps_state": true}]})
	count(policy.deny) == 0 with input as _doc("azurerm_app_service", {}, {"site_config": true})
}
