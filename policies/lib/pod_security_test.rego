package comply.lib.pod_security_test

import data.comply.lib.pod_security

_deployment(pod_sc, container) := {"resource": {
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": {"securityContext": pod_sc, "containers": [container]}}},
}}

_c := {"value": {"name": "app", "securityContext": {"runAsNonRoot": false}}, "path": ["spec", "template", "spec", "containers", 0], "field": "containers"}

test_effective_prefers_container if {
	c := _c
	e := pod_security.effective(c, ["runAsNonRoot"]) with input as _deployment({"runAsNonRoot": true}, c.value)
	e.value == false
	e.level == "container"
	e.path == ["spec", "template", "spec", "containers", 0, "securityContext", "runAsNonRoot"]
}

test_effective_falls_back_to_pod if {
	c := {"value": {"name": "app"}, "path": ["spec", "template", "spec", "containers", 0], "field": "containers"}
	e := pod_security.effective(c, ["seccompProfile", "type"]) with input as _deployment({"seccompProfile": {"type": "RuntimeDefault"}}, c.value)
	e.value == "RuntimeDefault"
	e.level == "pod"
	e.path == ["spec", "template", "spec", "securityContext", "seccompProfile", "type"]
}

test_effective_undefined_when_unset if {
	c := {"value": {"name": "app", "securityContext": {"runAsNonRoot": null}}, "path": ["spec", "template", "spec", "containers", 0], "field": "containers"}
	not pod_security.effective(c, ["runAsNonRoot"]) with input as _deployment({}, c.value)
}

# The only container of a Deployment whose container is `container`, as in containers.
_container(container) := c if {
	some c in pod_security.containers with input as _deployment({}, container)
}

test_missing_path_container_item if {
	c := _container({"name": "app"})
	pod_security.missing_path(c, ["seccompProfile", "type"]) == ["spec", "template", "spec", "containers", 0]
	pod_security.missing_path(c, ["runAsNonRoot"]) == ["spec", "template", "spec", "containers", 0]
}

test_missing_path_security_context if {
	c := _container(_c.value)
	pod_security.missing_path(c, ["seccompProfile", "type"]) == ["spec", "template", "spec", "containers", 0, "securityContext"]
	pod_security.missing_path(c, ["runAsNonRoot"]) == ["spec", "template", "spec", "containers", 0, "securityContext"]
}

test_missing_path_nested if {
	c := _container({"name": "app", "securityContext": {"seccompProfile": {}}})
	pod_security.missing_path(c, ["seccompProfile", "type"]) == ["spec", "template", "spec", "containers", 0, "securityContext", "seccompProfile"]
}

test_missing_path_deeper_keys if {
	c := _container({"name": "app", "securityContext": {"a": {"b": {}}}})
	pod_security.missing_path(c, ["a", "b", "c"]) == ["spec", "template", "spec", "containers", 0, "securityContext", "a", "b"]
	pod_security.missing_path(c, ["a", "x", "c"]) == ["spec", "template", "spec", "containers", 0, "securityContext", "a"]
}

test_containers_precompute_settings if {
	cs := pod_security.containers with input as _deployment({"runAsNonRoot": true}, {"name": "app"})
	some c in cs
	c.run_as_non_root == {"value": true, "path": ["spec", "template", "spec", "securityContext", "runAsNonRoot"], "level": "pod"}
	c.seccomp_type == null
}

test_capability_name_normalised if {
	pod_security.capability_name("cap_sys_admin") == "SYS_ADMIN"
	pod_security.capability_name("NET_RAW") == "NET_RAW"
}

test_nonzero_port if {
	pod_security.nonzero_port(8080)
	pod_security.nonzero_port("8080")
	not pod_security.nonzero_port(0)
	not pod_security.nonzero_port("0")
	not pod_security.nonzero_port("{{ .Values.port }}")
}

test_describe_init_container if {
	c := {"value": {"name": "setup"}, "path": ["spec", "initContainers", 0], "field": "initContainers"}
	pod_security.describe(c) == `Init container "setup" of Pod "p"` with input as {"resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {}}}
}

test_is_windows if {
	pod_security.is_windows with input as {"resource": {"kind": "Pod", "spec": {"os": {"name": "windows"}}}}
	not pod_security.is_windows with input as {"resource": {"kind": "Pod", "spec": {}}}
}

test_security_contexts_cover_pod_and_containers if {
	c := _c
	scs := pod_security.security_contexts with input as _deployment({"runAsUser": 1000}, c.value)
	{sc.path | some sc in scs} == {
		["spec", "template", "spec", "securityContext"],
		["spec", "template", "spec", "containers", 0, "securityContext"],
	}
}

test_array_and_object_at_tolerate_nulls if {
	pod_security.array_at({"volumes": null}, ["volumes"]) == []
	pod_security.array_at({"volumes": [1]}, ["volumes"]) == [1]
	pod_security.object_at({"securityContext": null}, ["securityContext"]) == {}
	pod_security.object_at({"a": {"b": 1}}, ["a"]) == {"b": 1}
}

test_containers_skip_non_objects if {
	cs := pod_security.containers with input as {"resource": {"kind": "Pod", "spec": {"containers": [{"name": "a"}, "junk", null]}}}
	{c.path | some c in cs} == {["spec", "containers", 0]}
}

test_spec_and_context_tolerate_nulls if {
	pod_security.spec == {} with input as {"resource": {"kind": "Pod", "spec": null}}
	pod_security.pod_context.value == {} with input as {"resource": {"kind": "Pod", "spec": {"securityContext": null}}}
}
