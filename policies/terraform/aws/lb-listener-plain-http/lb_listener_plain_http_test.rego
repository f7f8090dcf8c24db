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

_listener_on(lb_values, listener_values) := {"kind": "terraform", "resource": {
	"address": "aws_lb_listener.this",
	"type": "aws_lb_listener",
	"name": "this",
	"values": listener_values,
	"unknown": {},
	"related": {"aws_lb": [{"type": "aws_lb", "values": lb_values, "unknown": {}}]},
}}

test_missing_protocol_on_application_lb_is_http if {
	forward := {"default_action": [{"type": "forward", "target_group_arn": "arn:tg"}]}
	[f.path | some f in policy.deny] == [["values"]] with input as _listener_on({}, forward)
	count(policy.deny) == 1 with input as _listener_on({"load_balancer_type": "application"}, forward)
	count(policy.deny) == 0 with input as _listener_on({"load_balancer_type": "network"}, forward)
	count(policy.deny) == 0 with input as _listener_on({"load_balancer_type": "gateway"}, forward)
	count(policy.deny) == 0 with input as _doc("aws_lb_listener", forward)
	redirect := {"default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443"}]}]}
	count(policy.deny) == 0 with input as _listener_on({}, redirect)
}
