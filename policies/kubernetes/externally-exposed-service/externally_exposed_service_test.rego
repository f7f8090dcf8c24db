package comply.kubernetes.externally_exposed_service_test

import data.comply.kubernetes.externally_exposed_service as policy

_service(type, annotations) := {"kind": "kubernetes", "resource": {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "web", "namespace": "shop", "annotations": annotations},
	"spec": {"type": type, "selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]},
}}

test_deny_load_balancer if {
	findings := policy.deny with input as _service("LoadBalancer", {})
	findings == {{
		"msg": "Service \"web\" in namespace \"shop\" is of type LoadBalancer, reachable from outside the cluster",
		"path": ["spec", "type"],
	}}
}

test_deny_node_port_in_default_namespace if {
	findings := policy.deny with input as {"resource": {"kind": "Service", "metadata": {"name": "admin"}, "spec": {"type": "NodePort"}}}
	findings == {{
		"msg": "Service \"admin\" in namespace \"default\" is of type NodePort, reachable from outside the cluster",
		"path": ["spec", "type"],
	}}
}

test_deny_node_port_with_internal_annotation if {
	count(policy.deny) == 1 with input as _service("NodePort", {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"})
}

test_deny_internal_annotation_set_to_false if {
	count(policy.deny) == 1 with input as _service("LoadBalancer", {"service.beta.kubernetes.io/azure-load-balancer-internal": "false"})
}

test_allow_cluster_ip if {
	count(policy.deny) == 0 with input as _service("ClusterIP", {})
	count(policy.deny) == 0 with input as {"resource": {"kind": "Service", "metadata": {"name": "web"}, "spec": {"ports": [{"port": 80}]}}}
}

test_allow_internal_load_balancers if {
	count(policy.deny) == 0 with input as _service("LoadBalancer", {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"})
	count(policy.deny) == 0 with input as _service("LoadBalancer", {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"})
	count(policy.deny) == 0 with input as _service("LoadBalancer", {"service.beta.kubernetes.io/azure-load-balancer-internal": true})
	count(policy.deny) == 0 with input as _service("LoadBalancer", {"networking.gke.io/load-balancer-type": "Internal"})
}

test_allow_listed_service if {
	count(policy.deny) == 0 with input as _service("LoadBalancer", {})
		with data.comply.rule_options as {"externally-exposed-service": {"allowed": ["shop/web"]}}
	count(policy.deny) == 0 with input as _service("LoadBalancer", {})
		with data.comply.rule_options as {"externally-exposed-service": {"allowed": ["shop/*"]}}
	count(policy.deny) == 1 with input as _service("LoadBalancer", {})
		with data.comply.rule_options as {"externally-exposed-service": {"allowed": ["billing/web"]}}
}

test_allow_listed_type if {
	count(policy.deny) == 0 with input as _service("NodePort", {})
		with data.comply.rule_options as {"externally-exposed-service": {"allowed_types": ["NodePort"]}}
	count(policy.deny) == 1 with input as _service("LoadBalancer", {})
		with data.comply.rule_options as {"externally-exposed-service": {"allowed_types": ["NodePort"]}}
}

test_deny_null_annotations if {
	count(policy.deny) == 1 with input as _service("LoadBalancer", null)
}

test_deny_malformed_options_are_ignored if {
	count(policy.deny) == 1 with input as _service("LoadBalancer", {})
		with data.comply.rule_options as {"externally-exposed-service": {"allowed": "shop/web", "allowed_types": "LoadBalancer"}}
}
