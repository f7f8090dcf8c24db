package comply.kubernetes.image_registry_not_allowed_test

import data.comply.kubernetes.image_registry_not_allowed as policy

_pod(containers) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"containers": containers},
}}

_params := {"allowed_registries": ["registry.example.com", "ghcr.io/example-org"]}

test_deny_docker_hub_short_name if {
	findings := policy.deny with input as _pod([{"name": "web", "image": "nginx:1.27.1"}]) with data.comply.params as _params
	findings == {{
		"msg": "Container \"web\" of Pod \"web\" uses image \"nginx:1.27.1\", which is not from an allowed registry",
		"path": ["spec", "containers", 0, "image"],
	}}
}

test_deny_path_prefix_on_component_boundary if {
	findings := policy.deny with input as _pod([{"name": "tool", "image": "ghcr.io/example-org-evil/tool:1.0"}]) with data.comply.params as _params
	count(findings) == 1
}

test_deny_init_and_ephemeral_containers if {
	findings := policy.deny with input as {"resource": {
		"kind": "Pod",
		"metadata": {"name": "web"},
		"spec": {
			"initContainers": [{"name": "init", "image": "quay.io/org/init:2"}],
			"containers": [{"name": "web", "image": "registry.example.com/shop/web:1.4.2"}],
			"ephemeralContainers": [{"name": "debug", "image": "busybox:1.36"}],
		},
	}}
		with data.comply.params as _params
	{f.path | some f in findings} == {["spec", "initContainers", 0, "image"], ["spec", "ephemeralContainers", 0, "image"]}
}

test_deny_localhost_registry if {
	count(policy.deny) == 1 with input as _pod([{"name": "a", "image": "localhost:5000/app:1"}]) with data.comply.params as _params
}

test_allow_listed_registries if {
	count(policy.deny) == 0 with input as _pod([
		{"name": "a", "image": "registry.example.com/shop/web:1.4.2"},
		{"name": "b", "image": "REGISTRY.EXAMPLE.COM/shop/worker@sha256:0123456789abcdef"},
		{"name": "c", "image": "ghcr.io/example-org/tool:1.0"},
	])
		with data.comply.params as _params
}

test_allow_docker_hub_when_listed if {
	count(policy.deny) == 0 with input as _pod([{"name": "web", "image": "nginx:1.27.1"}])
		with data.comply.params as {"allowed_registries": ["docker.io"]}
	count(policy.deny) == 0 with input as _pod([{"name": "web", "image": "library/nginx"}])
		with data.comply.params as {"allowed_registries": ["docker.io/library"]}
}

test_allow_empty_list_allows_everything if {
	count(policy.deny) == 0 with input as _pod([{"name": "web", "image": "nginx:1.27.1"}])
}

test_allow_container_without_image if {
	count(policy.deny) == 0 with input as _pod([{"name": "web"}, {"name": "x", "image": ""}]) with data.comply.params as _params
}
