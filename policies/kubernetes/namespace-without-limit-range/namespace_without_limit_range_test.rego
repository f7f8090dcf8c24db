package comply.kubernetes.namespace_without_limit_range_test

import data.comply.kubernetes.namespace_without_limit_range as policy

_namespace := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}

_statefulset := {
	"apiVersion": "apps/v1",
	"kind": "StatefulSet",
	"metadata": {"name": "db", "namespace": "shop"},
	"spec": {"template": {"spec": {"containers": [{"name": "db", "image": "postgres:16.4"}]}}},
}

_limit_range := {
	"apiVersion": "v1",
	"kind": "LimitRange",
	"metadata": {"name": "defaults", "namespace": "shop"},
	"spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"}}]},
}

_inventory(declared, limit_ranges) := {
	"by_kind": {"Namespace": [{"id": "a.yaml#0", "resource": _namespace}], "LimitRange": limit_ranges},
	"namespaces": {"shop": {"declared": declared, "workloads": 1, "first_workload": "a.yaml#1"}},
}

_doc(id, resource) := {"kind": "kubernetes", "file": "a.yaml", "id": id, "resource": resource}

test_deny_declared_namespace_without_limit_range if {
	findings := policy.deny with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as _inventory(true, [])
	findings == {{"msg": "Namespace \"shop\" has no LimitRange", "path": ["metadata", "name"]}}
}

test_allow_declared_namespace_reported_on_namespace_not_workload if {
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _statefulset) with data.comply.inventory as _inventory(true, [])
}

test_deny_undeclared_namespace_on_first_workload if {
	findings := policy.deny with input as _doc("a.yaml#1", _statefulset) with data.comply.inventory as _inventory(false, [])
	findings == {{"msg": "Namespace \"shop\" of StatefulSet \"db\" has no LimitRange", "path": ["metadata", "namespace"]}}
}

test_allow_later_workloads_of_the_namespace if {
	count(policy.deny) == 0 with input as _doc("a.yaml#5", _statefulset) with data.comply.inventory as _inventory(false, [])
}

test_allow_namespace_with_limit_range if {
	lr := [{"id": "a.yaml#2", "resource": _limit_range}]
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as _inventory(true, lr)
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _statefulset) with data.comply.inventory as _inventory(false, lr)
}

test_deny_limit_range_of_another_namespace_or_empty if {
	other := json.patch(_limit_range, [{"op": "replace", "path": "/metadata/namespace", "value": "billing"}])
	empty := json.patch(_limit_range, [{"op": "replace", "path": "/spec/limits", "value": []}])
	inv := _inventory(true, [{"id": "a.yaml#2", "resource": other}, {"id": "a.yaml#3", "resource": empty}])
	count(policy.deny) == 1 with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as inv
}

test_allow_without_inventory if {
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace)
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _statefulset)
}

test_allow_exempt_namespaces if {
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace)
		with data.comply.inventory as _inventory(true, [])
		with data.comply.rule_options as {"namespace-without-limit-range": {"exempt_namespaces": ["shop"]}}
}
