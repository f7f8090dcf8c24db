# METADATA
# title: Security group allows inbound traffic from the internet
# description: |
#   An ingress rule from 0.0.0.0/0 or ::/0 exposes the attached resources to every address on the
#   internet. Rules that expose administrative or database ports are reported by security-group-
#   sensitive-port-open instead; intentionally public web ports are better placed behind a load
#   balancer's security group, or suppressed with a reason.
# custom:
#   id: TF-0120
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"]}
#   remediation: Restrict cidr_blocks / ipv6_cidr_blocks (cidr_ipv4 / cidr_ipv6) to the networks that need access.
#   inputs: [{kind: terraform, resources: [aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule]}]
package comply.terraform.aws.security_group_public_ingress

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

_sensitive(rule) if count(_sensitive_ports(rule)) > 0

deny contains finding if {
	some rule in _rules
	not _sensitive(rule)
	some [cidr, path] in _open(rule)
	finding := result.fail(sprintf("%s allows inbound traffic from %s%s", [terraform.address, cidr, _ports_text(rule)]), path)
}

# " to port 443", " to ports 8000-8100", " to all ports", or "" when the ports are not known
# (UDP and other protocols, values known only at apply).
_ports_text(rule) := " to all ports" if {
	_span(rule) == [0, 65535]
} else := sprintf(" to port %d", [s[0]]) if {
	s := _span(rule)
	s[0] == s[1]
} else := sprintf(" to ports %d-%d", [s[0], s[1]]) if {
	s := _span(rule)
} else := ""
