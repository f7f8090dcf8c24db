package comply.terraform.azurerm.app_gateway_tls_below_minimum_test

import data.comply.terraform.azurerm.app_gateway_tls_below_minimum as policy

_doc(values, unknown) := {"kind": "terraform", "resource": {
	"address": "azurerm_application_gateway.this",
	"type": "azurerm_application_gateway",
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny_predefined if {
	findings := policy.deny with input as _doc({"ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20150501"}]}, {})
	[f.path | some f in findings] == [["values", "ssl_policy", 0, "policy_name"]]
	count(policy.deny) == 1 with input as _doc({"ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20170401"}]}, {})
}

test_deny_custom_and_profile if {
	findings := policy.deny with input as _doc({
		"ssl_policy": [{"policy_type": "CustomV2", "min_protocol_version": "TLSv1_1"}],
		"ssl_profile": [{"name": "p", "ssl_policy": [{"policy_type": "Custom", "min_protocol_version": "TLSv1_0"}]}],
	}, {})
	{f.path | some f in findings} == {["values", "ssl_policy", 0, "min_protocol_version"], ["values", "ssl_profile", 0, "ssl_policy", 0, "min_protocol_version"]}
}

test_deny_disabled_protocols if {
	findings := policy.deny with input as _doc({"ssl_policy": [{"disabled_protocols": ["TLSv1_0"]}]}, {})
	[f.msg | some f in findings] == ["azurerm_application_gateway.this accepts TLS 1.1, below the minimum TLS 1.2"]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc({"ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20220101S"}]}, {})
	count(policy.deny) == 0 with input as _doc({"ssl_policy": [{"policy_type": "CustomV2", "min_protocol_version": "TLSv1_3"}]}, {})
	count(policy.deny) == 0 with input as _doc({"ssl_policy": [{"disabled_protocols": ["TLSv1_0", "TLSv1_1"]}]}, {})
	count(policy.deny) == 0 with input as _doc({}, {})
}

test_stricter_param if {
	count(policy.deny) == 1 with input as _doc({"ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20220101"}]}, {}) with data.comply.params as {"min_tls_version": "1.3"}
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _doc({"ssl_policy": [{"policy_type": "Custom"}]}, {"ssl_policy": [{"min_protocol_version": true}]})
	count(policy.deny) == 0 with input as _doc({"ssl_policy": [{"disabled_protocols": ["TLSv1_0", null]}]}, {"ssl_policy": [{"disabled_protocols": [false, true]}]})
	count(policy.deny) == 0 with input as _doc({}, {"ssl_policy": true})
}
