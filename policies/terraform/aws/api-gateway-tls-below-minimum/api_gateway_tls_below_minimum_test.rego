package comply.terraform.aws.api_gateway_tls_below_minimum_test

import data.comply.terraform.aws.api_gateway_tls_below_minimum as policy

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
	findings := policy.deny with input as _doc("aws_api_gateway_domain_name", {"security_policy": "TLS_1_0"})
	[f.path | some f in findings] == [["values", "security_policy"]]
	count(policy.deny) == 1 with input as _doc("aws_apigatewayv2_domain_name", {"domain_name_configuration": [{"security_policy": "TLS_1_0"}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_api_gateway_domain_name", {"security_policy": "TLS_1_2"})
	count(policy.deny) == 0 with input as _doc("aws_api_gateway_domain_name", {"security_policy": "SecurityPolicy_TLS13_1_3_2025_09"})
	count(policy.deny) == 0 with input as _unknown_doc("aws_api_gateway_domain_name", {}, {"security_policy": true})
}
