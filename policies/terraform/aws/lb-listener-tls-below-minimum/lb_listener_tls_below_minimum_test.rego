package comply.terraform.aws.lb_listener_tls_below_minimum_test

import data.comply.terraform.aws.lb_listener_tls_below_minimum as policy

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
	count(policy.deny) == 1 with input as _doc("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS-1-1-2017-01"})
	findings := policy.deny with input as _doc("aws_lb_listener", {"protocol": "TLS"})
	[f.path | some f in findings] == [["values"]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})
	count(policy.deny) == 0 with input as _doc("aws_lb_listener", {"protocol": "HTTP"})
	count(policy.deny) == 0 with input as _unknown_doc("aws_lb_listener", {"protocol": "HTTPS"}, {"ssl_policy": true})
	count(policy.deny) == 0 with input as _doc("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS-1-1-2017-01"}) with data.comply.params as {"min_tls_version": "1.1"}
}
