package comply.kubernetes.allow_all_network_policy_test

import data.comply.kubernetes.allow_all_network_policy as policy

_policy(spec) := {"kind": "kubernetes", "resource": {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "NetworkPolicy",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"podSelector": {"matchLabels": {"app": "web"}}}, spec),
}}

test_deny_empty_ingress_rule if {
	findings := policy.deny with input as _policy({"ingress": [{}]})
	findings == {{"msg": "NetworkPolicy \"web\" allows ingress from any source on any port", "path": ["spec", "ingress", 0]}}
}

test_deny_empty_egress_rule if {
	findings := policy.deny with input as _policy({"policyTypes": ["Egress"], "egress": [{"to": []}]})
	findings == {{"msg": "NetworkPolicy \"web\" allows egress to any destination on any port", "path": ["spec", "egress", 0, "to"]}}
}

test_deny_every_namespace if {
	findings := policy.deny with input as _policy({"ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "lb"}}}, {"namespaceSelector": {}}]}]})
	findings == {{
		"msg": "NetworkPolicy \"web\" allows ingress from every pod in every namespace on any port",
		"path": ["spec", "ingress", 0, "from", 1],
	}}
}

test_deny_every_namespace_and_pod if {
	count(policy.deny) == 1 with input as _policy({"ingress": [{"from": [{"namespaceSelector": {"matchLabels": {}}, "podSelector": {}}]}]})
}

test_deny_any_address if {
	findings := policy.deny with input as _policy({"egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}, {"ipBlock": {"cidr": "::/0", "except": []}}]}]})
	findings == {
		{"msg": "NetworkPolicy \"web\" allows egress to every IPv4 address (0.0.0.0/0) on any port", "path": ["spec", "egress", 0, "to", 0]},
		{"msg": "NetworkPolicy \"web\" allows egress to every IPv6 address (::/0) on any port", "path": ["spec", "egress", 0, "to", 1]},
	}
}

test_deny_empty_ports_list if {
	count(policy.deny) == 1 with input as _policy({"ingress": [{"ports": []}]})
}

test_allow_restricted_peers if {
	count(policy.deny) == 0 with input as _policy({"ingress": [{"from": [
		{"podSelector": {}},
		{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}},
		{"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "prometheus"}}},
		{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}},
		{"ipBlock": {"cidr": "10.0.0.0/8"}},
	]}]})
}

test_allow_open_peers_on_some_ports if {
	count(policy.deny) == 0 with input as _policy({
		"egress": [{"to": [{"namespaceSelector": {}}], "ports": [{"protocol": "UDP", "port": 53}]}],
		"ingress": [{"ports": [{"port": 443}]}],
	})
}

test_allow_default_deny if {
	count(policy.deny) == 0 with input as _policy({"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})
	count(policy.deny) == 0 with input as _policy({"ingress": []})
	count(policy.deny) == 0 with input as _policy({"ingress": null})
}

test_allow_direction_left_out_of_policy_types if {
	count(policy.deny) == 0 with input as _policy({"policyTypes": ["Egress"], "ingress": [{}]})
}

test_allow_other_kinds if {
	count(policy.deny) == 0 with input as {"resource": {"kind": "Service", "spec": {"ingress": [{}]}}}
}

test_allow_null_values if {
	count(policy.deny) == 0 with input as _policy({"policyTypes": null, "ingress": [{"from": [{"ipBlock": null}], "ports": null}]})
	count(policy.deny) == 0 with input as _policy({"policyTypes": "Ingress", "egress": [{"to": "x"}]})
}

test_allow_malformed_values if {
	count(policy.deny) == 0 with input as _policy({"policyTypes": [1], "ingress": [{}]})
	count(policy.deny) == 0 with input as _policy({"ingress": [{"from": [{"ipBlock": {"cidr": 0}}]}]})
}
