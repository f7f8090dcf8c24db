package comply.terraform.aws.security_group_sensitive_port_open_test

import data.comply.terraform.aws.security_group_sensitive_port_open as policy

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

test_deny_inline_ssh if {
	findings := policy.deny with input as _doc("aws_security_group", {"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}]})
	[f.path | some f in findings] == [["values", "ingress", 0, "cidr_blocks", 1]]
	[f.msg | some f in findings] == ["aws_security_group.this allows 0.0.0.0/0 to reach port 22 (SSH)"]
}

test_deny_all_protocols_and_vpc_rule if {
	count(policy.deny) == 1 with input as _doc("aws_security_group_rule", {"type": "ingress", "protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": ["::/0"]})
	count(policy.deny) == 1 with input as _doc("aws_vpc_security_group_ingress_rule", {"ip_protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_ipv4": "0.0.0.0/0"})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_security_group", {"ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]})
	count(policy.deny) == 0 with input as _doc("aws_security_group_rule", {"type": "egress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]})
	count(policy.deny) == 0 with input as _doc("aws_security_group_rule", {"type": "ingress", "protocol": "udp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]})
	count(policy.deny) == 0 with input as _unknown_doc("aws_security_group", {"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp"}]}, {"ingress": [{"cidr_blocks": true}]})
}
