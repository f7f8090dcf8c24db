package comply.terraform.azurerm.nsg_sensitive_port_open_test

import data.comply.terraform.azurerm.nsg_sensitive_port_open as policy

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

test_deny_ssh_from_internet if {
	findings := policy.deny with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "22", "source_address_prefix": "Internet"})
	[f.path | some f in findings] == [["values", "source_address_prefix"]]
	[f.msg | some f in findings] == ["azurerm_network_security_rule.this allows Internet to reach port 22 (SSH)"]
}

test_deny_inline_range if {
	findings := policy.deny with input as _doc("azurerm_network_security_group", {"security_rule": [
		{"direction": "Inbound", "access": "Allow", "protocol": "*", "destination_port_ranges": ["80", "3000-3400"], "source_address_prefixes": ["10.0.0.0/8", "0.0.0.0/0"]},
	]})
	[f.path | some f in findings] == [["values", "security_rule", 0, "source_address_prefixes", 1]]
}

test_allow_restricted_or_other if {
	count(policy.deny) == 0 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "22", "source_address_prefix": "10.0.0.0/8"})
	count(policy.deny) == 0 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "443", "source_address_prefix": "*"})
	count(policy.deny) == 0 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Deny", "protocol": "Tcp", "destination_port_range": "*", "source_address_prefix": "*"})
	count(policy.deny) == 0 with input as _doc("azurerm_network_security_rule", {"direction": "Outbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "22", "source_address_prefix": "*"})
	count(policy.deny) == 0 with input as _unknown_doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "destination_port_range": "22"}, {"source_address_prefix": true})
}

test_deny_port_lists_and_numbers if {
	count(policy.deny) == 1 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source_address_prefix": "Internet", "destination_port_range": "20-21, 443"})
	count(policy.deny) == 1 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source_address_prefix": "*", "destination_port_range": 3389})
	count(policy.deny) == 0 with input as _doc("azurerm_network_security_rule", {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source_address_prefix": "*", "destination_port_range": "80, 443"})
}
