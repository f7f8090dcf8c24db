# METADATA
# title: NetworkPolicy allows all ingress or egress
# description: |
#   A NetworkPolicy rule that admits every peer on every port undoes the isolation the policy
#   exists for: the selected pods accept (or send) traffic as if no policy applied. A rule is
#   reported when it has no port restriction (`ports` absent or empty) and its peers admit
#   everything: the rule is empty (`{}`) or has no `from`/`to` list (any source or destination,
#   in or out of the cluster), or one peer is an empty `namespaceSelector` (with no or an empty
#   `podSelector`: every pod of every namespace) or an `ipBlock` whose CIDR has prefix length 0
#   (`0.0.0.0/0`, `::/0`: every address of that family) without `except`. Rules restricted to
#   some ports (DNS egress, a public HTTPS port) are not reported, nor are rules of a direction
#   the policy's `policyTypes` leaves out.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/
# custom:
#   id: K8S-0056
#   severity: medium
#   category: network-isolation
#   frameworks:
#     cis-kubernetes: ["5.3.2"]
#     nsa-kubernetes: ["network-policies"]
#     soc2: ["CC6.6"]
#     iso27001: ["8.20", "8.22"]
#   remediation: Replace the allow-all rule with peers (pod, namespace selectors or narrow ipBlocks) and ports the workload actually needs.
#   inputs: [{kind: kubernetes, resources: [NetworkPolicy]}]
package comply.kubernetes.allow_all_network_policy

import data.comply.lib.kubernetes
import data.comply.lib.result

_directions := {
	"ingress": {"peers": "from", "type": "Ingress", "verb": "ingress from", "anything": "any source"},
	"egress": {"peers": "to", "type": "Egress", "verb": "egress to", "anything": "any destination"},
}

deny contains finding if {
	kubernetes.kind == "NetworkPolicy"
	some direction, d in _directions
	_enforced(d.type)
	rules := input.resource.spec[direction]
	is_array(rules)
	some i, rule in rules
	is_object(rule)
	_empty(object.get(rule, "ports", null))
	some hit in _open_peers(rule, d.peers)
	finding := result.fail(
		sprintf("NetworkPolicy %q allows %s %s on any port", [kubernetes.name, d.verb, _what(hit.what, d)]),
		array.concat(["spec", direction, i], hit.path),
	)
}

_empty(x) if x in [null, [], {}]

_what("anything", d) := d.anything

_what(what, _) := what if what != "anything"

# No peer list: every peer. The path is the rule itself, or its empty list.
_open_peers(rule, field) := {{"path": [], "what": "anything"}} if {
	not field in object.keys(rule)
} else := {{"path": [field], "what": "anything"}} if {
	_empty(rule[field])
} else := {{"path": [field, j], "what": what} |
	is_array(rule[field])
	some j, peer in rule[field]
	what := _peer_admits_all(peer)
}

# What an all-admitting peer admits; undefined for a restricted peer.
_peer_admits_all(peer) := "every pod in every namespace" if {
	_empty_selector(peer.namespaceSelector)
	_no_or_empty_selector(object.get(peer, "podSelector", null))
} else := sprintf("every %s address (%s)", [_family(cidr), cidr]) if {
	is_string(peer.ipBlock.cidr)
	cidr := trim_space(peer.ipBlock.cidr)
	endswith(cidr, "/0")
	_empty(object.get(peer.ipBlock, "except", null))
}

_family(cidr) := "IPv6" if contains(cidr, ":")

_family(cidr) := "IPv4" if not contains(cidr, ":")

_empty_selector(s) if {
	is_object(s)
	_empty(object.get(s, "matchLabels", null))
	_empty(object.get(s, "matchExpressions", null))
}

_no_or_empty_selector(s) if s == null

_no_or_empty_selector(s) if _empty_selector(s)

# Without policyTypes, Ingress always applies and Egress applies when egress rules exist.
_enforced(_) if {
	types := object.get(input.resource.spec, "policyTypes", null)
	_empty(types)
}

_enforced(type) if {
	types := input.resource.spec.policyTypes
	is_array(types)
	some t in types
	is_string(t)
	lower(t) == lower(type)
}
