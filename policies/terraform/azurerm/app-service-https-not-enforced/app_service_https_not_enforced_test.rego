package comply.terraform.azurerm.app_service_https_not_enforced_test

import data.comply.terraform.azurerm.app_service_https_not_enforced as policy

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
	findings := policy.deny with input as _doc("azurerm_linux_web_app", {"https_only": false})
	[f.path | some f in findings] == [["values", "https_only"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("azurerm_linux_web_app", {"https_only": true})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_linux_web_app", {}, {"https_only": true})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("azurerm_linux_web_app", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_deny_azurerm_windows_web_app if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_web_app", {"https_only": false})
}

test_deny_azurerm_linux_function_app if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_function_app", {"https_only": false})
}

test_deny_azurerm_windows_function_app if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_function_app", {"https_only": false})
}

test_deny_azurerm_app_service if {
	count(policy.deny) == 1 with input as _doc("azurerm_app_service", {"https_only": false})
}

test_deny_azurerm_function_app if {
	count(policy.deny) == 1 with input as _doc("azurerm_function_app", {"https_only": false})
}

test_deny_azurerm_linux_web_app_slot if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_web_app_slot", {"https_only": false})
}

test_deny_azurerm_windows_web_app_slot if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_web_app_slot", {"https_only": false})
}

test_deny_azurerm_linux_function_app_slot if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_function_app_slot", {"https_only": false})
}

test_deny_azurerm_windows_function_app_slot if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_function_app_slot", {"https_only": false})
}

test_deny_azurerm_app_service_slot if {
	count(policy.deny) == 1 with input as _doc("azurerm_app_service_slot", {"https_only": false})
}

test_deny_azurerm_function_app_slot if {
	count(policy.deny) == 1 with input as _doc("azurerm_function_app_slot", {"https_only": false})
}
