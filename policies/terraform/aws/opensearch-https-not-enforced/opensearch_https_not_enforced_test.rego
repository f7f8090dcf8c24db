package comply.terraform.aws.opensearch_https_not_enforced_test

import data.comply.terraform.aws.opensearch_https_not_enforced as policy

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
	findings := policy.deny with input as _doc("aws_opensearch_domain", {"domain_endpoint_options": [{"enforce_https": false}]})
	[f.path | some f in findings] == [["values", "domain_endpoint_options", 0, "enforce_https"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_opensearch_domain", {"domain_endpoint_options": [{"enforce_https": true}]})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_opensearch_domain", {}, {"domain_endpoint_options": [{"enforce_https": true}]})
}

test_allow_missing if {
	count(policy.deny) == 0 with input as _doc("aws_opensearch_domain", {"name": "x"})
}

test_deny_aws_elasticsearch_domain if {
	count(policy.deny) == 1 with input as _doc("aws_elasticsearch_domain", {"domain_endpoint_options": [{"enforce_https": false}]})
}
