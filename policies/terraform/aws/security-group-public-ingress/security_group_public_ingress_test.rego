package comply.terraform.aws.security_group_public_ingress_test

import data.comply.terraform.aws.security_group_public_ingress as policy

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
	findings := policy.deny with input as _doc("aws_security_group_rule", {"type": "ingress", "cidr_blocks": ["0.0.0.0/0"]})
	[f.path | some f in findings] == [["values", "cidr_blocks", 0]]
	count(policy.deny) == 1 with input as _doc("aws_security_group", {"ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_security_group_rule", {"type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]})
	count(policy.deny) == 0 with input as _doc("aws_security_group_rule", {"type": "ingress", "cidr_blocks": ["10.0.0.0/16"]})
}
