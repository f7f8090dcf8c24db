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

# The message says which ports the open rule reaches, so rules on one line can be told apart.
test_message_names_ports if {
	[f.msg | some f in policy.deny] == ["aws_security_group.this allows inbound traffic from 0.0.0.0/0 to port 443"] with input as _doc("aws_security_group", {"ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]})
	[f.msg | some f in policy.deny] == ["aws_vpc_security_group_ingress_rule.this allows inbound traffic from ::/0 to ports 8000-8100"] with input as _doc("aws_vpc_security_group_ingress_rule", {"from_port": 8000, "to_port": 8100, "ip_protocol": "tcp", "cidr_ipv6": "::/0"})
	[f.msg | some f in policy.deny] == ["aws_security_group_rule.this allows inbound traffic from 0.0.0.0/0"] with input as _doc("aws_security_group_rule", {"type": "ingress", "from_port": 53, "to_port": 53, "protocol": "udp", "cidr_blocks": ["0.0.0.0/0"]})
}
