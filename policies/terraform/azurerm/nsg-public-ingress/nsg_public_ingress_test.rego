package comply.terraform.azurerm.nsg_public_ingress_test

import data.comply.terraform.azurerm.nsg_public_ingress as policy

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

test_deny_public_https if {
	findings := policy.deny with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "443", "source_address_prefix": "0.0.0.0/0"})
	[f.path | some f in findings] == [["values", "source_address_prefix"]]
}

test_deny_without_ports if {
	count(policy.deny) == 1 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "source_address_prefix": "*"})
}

test_allow_sensitive_reported_elsewhere if {
	count(policy.deny) == 0 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "*", "source_address_prefix": "*"})
}

test_allow_private if {
	count(policy.deny) == 0 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "source_address_prefix": "VirtualNetwork"})
}

# The message names the ports and, for a group's inline rules, the rule.
test_message_names_ports_and_rule if {
	group := _doc("azurerm_network_security_group", {"security_rule": [
		{"name": "web", "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_ranges": ["80", "443"], "source_address_prefix": "Internet"},
		{"name": "any", "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "*", "source_address_prefix": "10.0.0.0/8"},
	]})
	[f.msg | some f in policy.deny] == ["azurerm_network_security_group.this allows inbound traffic from Internet to ports 80, 443 (rule \"web\")"] with input as group
	rule := _doc("azurerm_network_security_rule", {"name": "web", "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "8443", "source_address_prefix": "*"})
	[f.msg | some f in policy.deny] == ["azurerm_network_security_rule.this allows inbound traffic from * to port 8443"] with input as rule
}
