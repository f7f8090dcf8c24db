package comply.terraform.azurerm.app_gateway_waf_disabled_test

import data.comply.terraform.azurerm.app_gateway_waf_disabled as policy

_doc(t, values, unknown) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

_gw(values) := _doc("azurerm_application_gateway", values, {})

test_deny_standard_tier if {
	findings := policy.deny with input as _gw({"sku": [{"name": "Standard_v2", "tier": "Standard_v2"}]})
	[f.path | some f in findings] == [["values", "sku", 0, "tier"]]
}

test_deny_disabled_and_detection if {
	findings := policy.deny with input as _gw({"sku": [{"tier": "WAF_v2"}], "waf_configuration": [{"enabled": false, "firewall_mode": "Prevention"}]})
	[f.path | some f in findings] == [["values", "waf_configuration", 0, "enabled"]]
	detection := policy.deny with input as _gw({"sku": [{"tier": "WAF_v2"}], "waf_configuration": [{"enabled": true, "firewall_mode": "Detection"}]})
	[f.path | some f in detection] == [["values", "waf_configuration", 0, "firewall_mode"]]
}

test_deny_policy_settings if {
	off := policy.deny with input as _doc("azurerm_web_application_firewall_policy", {"policy_settings": [{"enabled": false}]}, {})
	[f.path | some f in off] == [["values", "policy_settings", 0, "enabled"]]
	detection := policy.deny with input as _doc("azurerm_web_application_firewall_policy", {"policy_settings": [{"enabled": true, "mode": "Detection"}]}, {})
	[f.path | some f in detection] == [["values", "policy_settings", 0, "mode"]]
}

test_allow if {
	count(policy.deny) == 0 with input as _gw({"sku": [{"tier": "WAF_v2"}], "firewall_policy_id": "/subscriptions/0/waf"})
	count(policy.deny) == 0 with input as _gw({"sku": [{"tier": "WAF_v2"}], "waf_configuration": [{"enabled": true, "firewall_mode": "Prevention"}]})
	# a firewall policy overrides the legacy waf_configuration
	count(policy.deny) == 0 with input as _gw({"sku": [{"tier": "WAF_v2"}], "firewall_policy_id": "p", "waf_configuration": [{"enabled": false}]})
	count(policy.deny) == 0 with input as _doc("azurerm_web_application_firewall_policy", {"policy_settings": [{"mode": "Prevention"}]}, {})
	count(policy.deny) == 0 with input as _doc("azurerm_web_application_firewall_policy", {}, {})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _doc("azurerm_application_gateway", {"sku": [{"name": "x"}]}, {"sku": [{"tier": true}]})
	count(policy.deny) == 0 with input as _doc("azurerm_application_gateway", {"sku": [{"tier": "WAF_v2"}], "waf_configuration": [{"enabled": false}]}, {"firewall_policy_id": true})
	count(policy.deny) == 0 with input as _doc("azurerm_web_application_firewall_policy", {"policy_settings": [{}]}, {"policy_settings": [{"mode": true}]})
}
