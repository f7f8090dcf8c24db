# METADATA
# title: Network security rule opens an administrative or database port to the internet
# description: |
#   An inbound Allow rule from *, Any, Internet, 0.0.0.0/0 or ::/0 to SSH, RDP, WinRM, VNC, Telnet
#   or a database port (SQL Server, MySQL, PostgreSQL, Redis, MongoDB, ...) puts a login or data
#   service in front of every scanner on the internet. Port ranges and "*" are expanded, so a rule
#   for 1-65535 is reported for the ports it covers.
# custom:
#   id: TF-0030
#   severity: critical
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-azure: ["6.1", "6.2"]}
#   remediation: Restrict source_address_prefix to known networks (or use Azure Bastion / private endpoints) for these ports.
#   inputs: [{kind: terraform, resources: [azurerm_network_security_rule, azurerm_network_security_group]}]
package comply.terraform.azurerm.nsg_sensitive_port_open

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

deny contains finding if {
	some rule in _rules
	_inbound_allow(rule)
	some [source, path] in _open_sources(rule)
	ports := [p | some s in _spans(rule); some p in terraform.ports_in(object.union(terraform.admin_ports, terraform.database_ports), s)]
	count(ports) > 0
	finding := result.fail(
		sprintf("%s allows %s to reach port %s", [terraform.address, source, concat(", ", sort({p | some p in ports}))]),
		path,
	)
}
