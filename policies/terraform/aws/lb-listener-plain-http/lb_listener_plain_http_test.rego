package comply.terraform.aws.lb_listener_plain_http_test

import data.comply.terraform.aws.lb_listener_plain_http as policy

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
	count(policy.deny) == 1 with input as _doc("aws_lb_listener", {"protocol": "HTTP", "default_action": [{"type": "forward"}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_lb_listener", {"protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}]}]})
	count(policy.deny) == 0 with input as _doc("aws_alb_listener", {"protocol": "HTTPS"})
	count(policy.deny) == 0 with input as _doc("aws_lb_listener", {"protocol": "TCP"})
}
