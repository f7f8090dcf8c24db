package comply.kubernetes.namespace_without_network_policy_test

import data.comply.kubernetes.namespace_without_network_policy as policy

_namespace := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}

_deployment := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27.1"}]}}},
}

_netpol(ns) := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "NetworkPolicy",
	"metadata": {"name": "default-deny", "namespace": ns},
	"spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
}

_inventory(declared, by_kind) := {
	"by_kind": object.union({"Namespace": [{"id": "a.yaml#0", "resource": _namespace}]}, by_kind),
	"namespaces": {"shop": {"declared": declared, "workloads": 1, "first_workload": "a.yaml#1"}},
}

_doc(id, resource) := {"kind": "kubernetes", "file": "a.yaml", "id": id, "resource": resource}

test_deny_declared_namespace_without_network_policy if {
	findings := policy.deny with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as _inventory(true, {})
	findings == {{"msg": "Namespace \"shop\" has no NetworkPolicy", "path": ["metadata", "name"]}}
}

test_allow_declared_namespace_reported_on_namespace_not_workload if {
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _deployment) with data.comply.inventory as _inventory(true, {})
}

test_deny_undeclared_namespace_on_first_workload if {
	findings := policy.deny with input as _doc("a.yaml#1", _deployment) with data.comply.inventory as _inventory(false, {})
	findings == {{"msg": "Namespace \"shop\" of Deployment \"web\" has no NetworkPolicy", "path": ["metadata", "namespace"]}}
}

test_deny_policy_in_another_namespace if {
	inv := _inventory(false, {"NetworkPolicy": [{"id": "a.yaml#2", "resource": _netpol("billing")}]})
	count(policy.deny) == 1 with input as _doc("a.yaml#1", _deployment) with data.comply.inventory as inv
}

test_allow_later_workloads_of_the_namespace if {
	count(policy.deny) == 0 with input as _doc("a.yaml#7", _deployment) with data.comply.inventory as _inventory(false, {})
}

test_allow_namespace_with_network_policy if {
	inv := _inventory(true, {"NetworkPolicy": [{"id": "a.yaml#2", "resource": _netpol("shop")}]})
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as inv
}

test_allow_namespace_with_cilium_network_policy if {
	cnp := {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy", "metadata": {"name": "web", "namespace": "shop"}}
	inv := _inventory(false, {"CiliumNetworkPolicy": [{"id": "a.yaml#2", "resource": cnp}]})
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _deployment) with data.comply.inventory as inv
}

test_allow_without_inventory if {
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace)
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _deployment)
}

test_allow_exempt_namespaces if {
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace)
		with data.comply.inventory as _inventory(true, {})
		with data.comply.rule_options as {"namespace-without-network-policy": {"exempt_namespaces": ["shop"]}}
}

test_deny_malformed_option_falls_back_to_default if {
	count(policy.deny) == 1 with input as _doc("a.yaml#0", _namespace)
		with data.comply.inventory as _inventory(true, {})
		with data.comply.rule_options as {"namespace-without-network-policy": {"exempt_namespaces": "shop"}}
}
