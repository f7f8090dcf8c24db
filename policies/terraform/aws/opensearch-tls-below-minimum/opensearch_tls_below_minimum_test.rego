package comply.terraform.aws.opensearch_tls_below_minimum_test

import data.comply.terraform.aws.opensearch_tls_below_minimum as policy

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
	findings := policy.deny with input as _doc("aws_opensearch_domain", {"domain_endpoint_options": [{"tls_security_policy": "Policy-Min-TLS-1-0-2019-07"}]})
	[f.path | some f in findings] == [["values", "domain_endpoint_options", 0, "tls_security_policy"]]
	findings2 := policy.deny with input as _doc("aws_elasticsearch_domain", {"domain_endpoint_options": [{"enforce_https": true}]})
	[f.path | some f in findings2] == [["values", "domain_endpoint_options", 0]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_opensearch_domain", {"domain_endpoint_options": [{"tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}]})
	count(policy.deny) == 0 with input as _unknown_doc("aws_opensearch_domain", {}, {"domain_endpoint_options": true})
}
