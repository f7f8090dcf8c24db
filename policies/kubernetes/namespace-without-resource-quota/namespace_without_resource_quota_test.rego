package comply.kubernetes.namespace_without_resource_quota_test

import data.comply.kubernetes.namespace_without_resource_quota as policy

_namespace := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}

_deployment := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27.1"}]}}},
}

_quota := {
	"apiVersion": "v1",
	"kind": "ResourceQuota",
	"metadata": {"name": "compute", "namespace": "shop"},
	"spec": {"hard": {"requests.cpu": "4", "requests.memory": "8Gi"}},
}

_inventory(declared, quotas) := {
	"by_kind": {"Namespace": [{"id": "a.yaml#0", "resource": _namespace}], "ResourceQuota": quotas},
	"namespaces": {"shop": {"declared": declared, "workloads": 1, "first_workload": "a.yaml#1"}},
}

_doc(id, resource) := {"kind": "kubernetes", "file": "a.yaml", "id": id, "resource": resource}

test_deny_declared_namespace_without_quota if {
	findings := policy.deny with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as _inventory(true, [])
	findings == {{"msg": "Namespace \"shop\" has no ResourceQuota", "path": ["metadata", "name"]}}
}

test_allow_declared_namespace_reported_on_namespace_not_workload if {
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _deployment) with data.comply.inventory as _inventory(true, [])
}

test_deny_undeclared_namespace_on_first_workload if {
	findings := policy.deny with input as _doc("a.yaml#1", _deployment) with data.comply.inventory as _inventory(false, [])
	findings == {{"msg": "Namespace \"shop\" of Deployment \"web\" has no ResourceQuota", "path": ["metadata", "namespace"]}}
}

test_deny_default_namespace_points_at_metadata if {
	pod := {"kind": "Pod", "metadata": {"name": "debug"}, "spec": {"containers": [{"name": "a"}]}}
	inv := {"by_kind": {"Pod": [{"id": "b.yaml#0", "resource": pod}]}, "namespaces": {"default": {"declared": false, "workloads": 1, "first_workload": "b.yaml#0"}}}
	findings := policy.deny with input as _doc("b.yaml#0", pod) with data.comply.inventory as inv
	findings == {{"msg": "Namespace \"default\" of Pod \"debug\" has no ResourceQuota", "path": ["metadata"]}}
}

test_allow_later_workloads_of_the_namespace if {
	count(policy.deny) == 0 with input as _doc("a.yaml#2", _deployment) with data.comply.inventory as _inventory(false, [])
}

test_allow_namespace_with_quota if {
	inv := _inventory(true, [{"id": "a.yaml#2", "resource": _quota}])
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as inv
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _deployment) with data.comply.inventory as _inventory(false, [{"id": "a.yaml#2", "resource": _quota}])
}

test_deny_quota_of_another_namespace_or_without_hard_limits if {
	other := json.patch(_quota, [{"op": "replace", "path": "/metadata/namespace", "value": "billing"}])
	empty := json.patch(_quota, [{"op": "replace", "path": "/spec/hard", "value": {}}])
	inv := _inventory(true, [{"id": "a.yaml#2", "resource": other}, {"id": "a.yaml#3", "resource": empty}])
	count(policy.deny) == 1 with input as _doc("a.yaml#0", _namespace) with data.comply.inventory as inv
}

test_allow_without_inventory if {
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace)
	count(policy.deny) == 0 with input as _doc("a.yaml#1", _deployment)
}

test_allow_exempt_namespaces if {
	ns := {"kind": "Namespace", "metadata": {"name": "kube-system"}}
	inv := {"by_kind": {}, "namespaces": {"kube-system": {"declared": true, "workloads": 0, "first_workload": null}}}
	count(policy.deny) == 0 with input as _doc("c.yaml#0", ns) with data.comply.inventory as inv
	count(policy.deny) == 0 with input as _doc("a.yaml#0", _namespace)
		with data.comply.inventory as _inventory(true, [])
		with data.comply.rule_options as {"namespace-without-resource-quota": {"exempt_namespaces": ["shop"]}}
}
