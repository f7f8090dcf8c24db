# METADATA
# title: Security group opens an administrative or database port to the internet
# description: |
#   An ingress rule from 0.0.0.0/0 or ::/0 whose port range covers SSH, RDP, WinRM, VNC, Telnet or a
#   database port (MySQL, PostgreSQL, SQL Server, Redis, MongoDB, ...) exposes a login or data
#   service to every scanner on the internet. Protocol "-1" opens every port; ranges are expanded.
# custom:
#   id: TF-0119
#   severity: critical
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-aws: ["5.2", "5.3"]}
#   remediation: Restrict cidr_blocks to known networks (or use SSM Session Manager / a bastion) for these ports.
#   inputs: [{kind: terraform, resources: [aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule]}]
package comply.terraform.aws.security_group_sensitive_port_open

import data.comply.lib.result
import data.comply.lib.terraform

# Ingress rules: inline ingress blocks, aws_security_group_rule of type ingress, and
# aws_vpc_security_group_ingress_rule.
_rules contains {"rel": b.rel, "path": b.path, "protocol": "protocol"} if {
	terraform.type == "aws_security_group"
	some b in terraform.blocks(["ingress"])
}

_rules contains {"rel": [], "path": ["values"], "protocol": "protocol"} if {
	terraform.type == "aws_security_group_rule"
	lower(terraform.string_value(["type"])) == "ingress"
}

_rules contains {"rel": [], "path": ["values"], "protocol": "ip_protocol"} if terraform.type == "aws_vpc_security_group_ingress_rule"

# Open sources of a rule: [cidr, finding path].
_open(rule) := {[cidr, array.concat(rule.path, [key, i])] |
	some key in ["cidr_blocks", "ipv6_cidr_blocks"]
	some i, cidr in terraform.value(array.concat(rule.rel, [key]))
	terraform.open_source(cidr)
} | {[cidr, array.concat(rule.path, [key])] |
	some key in ["cidr_ipv4", "cidr_ipv6"]
	cidr := terraform.string_value(array.concat(rule.rel, [key]))
	terraform.open_source(cidr)
}

_span(rule) := terraform.aws_port_span(
	terraform.value(array.concat(rule.rel, [rule.protocol])),
	object.get(terraform.values, array.concat(rule.rel, ["from_port"]), null),
	object.get(terraform.values, array.concat(rule.rel, ["to_port"]), null),
)

_sensitive_ports(rule) := terraform.ports_in(object.union(terraform.admin_ports, terraform.database_ports), _span(rule))

deny contains finding if {
	some rule in _rules
	ports := _sensitive_ports(rule)
	count(ports) > 0
	some [cidr, path] in _open(rule)
	finding := result.fail(sprintf("%s allows %s to reach port %s", [terraform.address, cidr, concat(", ", ports)]), path)
}
