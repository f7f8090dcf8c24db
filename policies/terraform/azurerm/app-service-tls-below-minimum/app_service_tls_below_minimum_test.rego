package comply.terraform.azurerm.app_service_tls_below_minimum_test

import data.comply.terraform.azurerm.app_service_tls_below_minimum as policy

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

test_deny_old_version if {
	findings := policy.deny with input as _doc("azurerm_linux_web_app", {"site_config": [{"minimum_tls_version": "TLS1_0"}]})
	[f.path | some f in findings] == [["values", "site_config", 0, "minimum_tls_version"]]
}

test_allow_current_version if {
	count(policy.deny) == 0 with input as _doc("azurerm_linux_web_app", {"site_config": [{"minimum_tls_version": "1.2"}]})
}

test_stricter_param if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_web_app", {"site_config": [{"minimum_tls_version": "1.2"}]}) with data.comply.params as {"min_tls_version": "1.3"}
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_linux_web_app", {}, {"site_config": [{"minimum_tls_version": true}]})
}

test_deny_azurerm_windows_web_app_site_config_0_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_web_app", {"site_config": [{"minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_linux_function_app_site_config_0_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_function_app", {"site_config": [{"minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_windows_function_app_site_config_0_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_function_app", {"site_config": [{"minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_linux_web_app_slot_site_config_0_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_web_app_slot", {"site_config": [{"minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_windows_web_app_slot_site_config_0_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_web_app_slot", {"site_config": [{"minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_linux_function_app_slot_site_config_0_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_function_app_slot", {"site_config": [{"minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_windows_function_app_slot_site_config_0_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_function_app_slot", {"site_config": [{"minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_linux_web_app_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_web_app", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_windows_web_app_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_web_app", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_linux_function_app_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_function_app", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_windows_function_app_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_function_app", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_linux_web_app_slot_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_web_app_slot", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_windows_web_app_slot_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_web_app_slot", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_linux_function_app_slot_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_linux_function_app_slot", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_windows_function_app_slot_site_config_0_scm_minimum_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_windows_function_app_slot", {"site_config": [{"scm_minimum_tls_version": "1.0"}]})
}

test_deny_azurerm_app_service_site_config_0_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_app_service", {"site_config": [{"min_tls_version": "1.0"}]})
}

test_deny_azurerm_function_app_site_config_0_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_function_app", {"site_config": [{"min_tls_version": "1.0"}]})
}

test_deny_azurerm_app_service_slot_site_config_0_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_app_service_slot", {"site_config": [{"min_tls_version": "1.0"}]})
}

test_deny_azurerm_function_app_slot_site_config_0_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_function_app_slot", {"site_config": [{"min_tls_version": "1.0"}]})
}

test_deny_azurerm_app_service_site_config_0_scm_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_app_service", {"site_config": [{"scm_min_tls_version": "1.0"}]})
}

test_deny_azurerm_function_app_site_config_0_scm_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_function_app", {"site_config": [{"scm_min_tls_version": "1.0"}]})
}

test_deny_azurerm_app_service_slot_site_config_0_scm_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_app_service_slot", {"site_config": [{"scm_min_tls_version": "1.0"}]})
}

test_deny_azurerm_function_app_slot_site_config_0_scm_min_tls_version if {
	count(policy.deny) == 1 with input as _doc("azurerm_function_app_slot", {"site_config": [{"scm_min_tls_version": "1.0"}]})
}

# The message names the version and the argument that allows it (site or deployment endpoint).
test_message_names_the_argument if {
	findings := policy.deny with input as _doc("azurerm_linux_web_app", {"site_config": [{"minimum_tls_version": "1.3", "scm_minimum_tls_version": "1.0"}]})
	[f.msg | some f in findings] == ["azurerm_linux_web_app.this allows TLS 1.0 (site_config.scm_minimum_tls_version = \"1.0\"), below the minimum TLS 1.2"]
}
