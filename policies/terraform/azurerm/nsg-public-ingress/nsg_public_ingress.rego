# METADATA
# title: Network security rule allows inbound traffic from the internet
# description: |
#   An inbound Allow rule whose source is *, Any, Internet, 0.0.0.0/0 or ::/0 exposes the
#   destination to every address on the internet. Rules exposing administrative or database ports
#   are reported by nsg-sensitive-port-open instead; web ports that are meant to be public are
#   better served through a load balancer or application gateway, or suppressed with a reason.
# custom:
#   id: TF-0031
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-azure: ["6.4"]}
#   remediation: Restrict source_address_prefix(es) to the networks that need access.
#   inputs: [{kind: terraform, resources: [azurerm_network_security_rule, azurerm_network_security_group]}]
package comply.terraform.azurerm.nsg_public_ingress

import data.comply.lib.result
import data.comply.lib.terraform

# Inbound allow rules: a standalone rule resource, or the security_rule blocks of a group.
_rules contains {"value": terraform.values, "rel": [], "path": ["values"]} if terraform.type == "azurerm_network_security_rule"

_rules contains b if {
	terraform.type == "azurerm_network_security_group"
	some b in terraform.blocks(["security_rule"])
}

_inbound_allow(rule) if {
	lower(terraform.string_value(array.concat(rule.rel, ["direction"]))) == "inbound"
	lower(terraform.string_value(array.concat(rule.rel, ["access"]))) == "allow"
	not lower(terraform.string_value(array.concat(rule.rel, ["protocol"]))) in {"udp", "icmp", "esp", "ah"}
}

# The open source prefixes of a rule, with the paths to report.
_open_sources(rule) := {[v, array.concat(rule.path, ["source_address_prefix"])] |
	v := terraform.string_value(array.concat(rule.rel, ["source_address_prefix"]))
	terraform.open_source(v)
} | {[v, array.concat(rule.path, ["source_address_prefixes", i])] |
	some i, v in terraform.value(array.concat(rule.rel, ["source_address_prefixes"]))
	terraform.open_source(v)
}

_spans(rule) := array.concat(
	[s |
		some v in _port_values(rule)
		is_string(v)
		some s in terraform.azure_port_spans(v)
	],
	# a port written as a number (destination_port_range = 22)
	[[v, v] | some v in _port_values(rule); is_number(v)],
)

_port_values(rule) := array.concat(
	[x | x := terraform.value(array.concat(rule.rel, ["destination_port_range"]))],
	[x | some x in terraform.value(array.concat(rule.rel, ["destination_port_ranges"]))],
)

_sensitive(rule) if {
	some s in _spans(rule)
	count(terraform.ports_in(object.union(terraform.admin_ports, terraform.database_ports), s)) > 0
}

deny contains finding if {
	some rule in _rules
	_inbound_allow(rule)
	some [source, path] in _open_sources(rule)
	not _sensitive(rule)
	finding := result.fail(sprintf("%s allows inbound traffic from %s%s%s", [terraform.address, source, _ports_text(rule), _rule_name(rule)]), path)
}

# " to port 443", " to ports 80, 443", " to all ports"; "" when the ports are not known.
_ports_text(rule) := " to all ports" if {
	some s in _spans(rule)
	s == [0, 65535]
} else := sprintf(" to port %s", [_port_list(rule)[0]]) if {
	count(_port_list(rule)) == 1
} else := sprintf(" to ports %s", [concat(", ", _port_list(rule))]) if {
	count(_port_list(rule)) > 1
} else := ""

_port_list(rule) := [trim_space(sprintf("%v", [v])) | some v in _port_values(rule)]

# The security_rule's name, for a group that has several.
_rule_name(rule) := sprintf(" (rule %q)", [n]) if {
	terraform.type == "azurerm_network_security_group"
	n := terraform.string_value(array.concat(rule.rel, ["name"]))
} else := ""
