# METADATA
# title: Pod security helpers
# description: |
#   Effective security-context settings (the container's value, else the pod's), paths of the
#   closest existing parent for missing settings, and the Pod Security Standards vocabularies
#   (capabilities, sysctls, SELinux types, volume types) shared by the pod-security policies.
# custom:
#   library: true
package comply.lib.pod_security

import data.comply.lib.kubernetes

# regorus aborts the whole evaluation on a builtin type error or on iterating a non-collection
# (OPA would just leave the expression undefined), so the helpers below only hand policies
# objects and arrays, whatever the manifest holds (`volumes:` left empty is null).

# The object at keys inside obj, or {} when it is absent or not an object.
object_at(obj, keys) := v if {
	v := object.get(obj, keys, {})
	is_object(v)
} else := {}

# The array at keys inside obj, or [] when it is absent or not an array.
array_at(obj, keys) := v if {
	v := object.get(obj, keys, [])
	is_array(v)
} else := []

# The pod spec of the resource as an object ({} when it is not one).
spec := kubernetes.pod_spec.value if is_object(kubernetes.pod_spec.value)

else := {}

# The pod template's metadata as an object ({} when it is not one).
pod_metadata := kubernetes.pod_metadata.value if is_object(kubernetes.pod_metadata.value)

else := {}

# Every container (regular, init, ephemeral) that is an object, as in kubernetes.containers,
# plus values computed once per document rather than in every policy (each function call
# allocates in regorus, so policies read these fields instead of calling helpers per container):
#   "context": its securityContext ({} when absent), at "context_path";
#   "subject": describe(c), for messages;
#   "missing_path": the path to report when securityContext.<key> is missing (see missing_path);
#   "run_as_non_root", "seccomp_type": the effective runAsNonRoot and seccompProfile.type
#   settings (see effective), or null when neither the container nor the pod sets them.
containers contains c if {
	some k in kubernetes.containers
	is_object(k.value)
	context := container_context(k)
	context_path := array.concat(k.path, ["securityContext"])
	c := {
		"value": k.value,
		"path": k.path,
		"field": k.field,
		"context": context,
		"context_path": context_path,
		"subject": describe(k),
		"missing_path": _missing_base(k, context_path),
		"run_as_non_root": setting(context, context_path, ["runAsNonRoot"]),
		"seccomp_type": setting(context, context_path, ["seccompProfile", "type"]),
	}
}

# The container's securityContext path when it is an object, else the container's own path.
_missing_base(c, context_path) := context_path if is_object(object.get(c.value, "securityContext", null))

else := c.path

# The pod-level securityContext ({} when absent) and its path.
pod_context := {
	"value": object_at(spec, ["securityContext"]),
	"path": array.concat(kubernetes.pod_spec.path, ["securityContext"]),
}

# A container's own securityContext ({} when absent).
container_context(c) := object_at(c.value, ["securityContext"])

# Whether the pod declares itself a Windows pod (spec.os.name); the restricted profile
# exempts Windows pods from its Linux-only controls.
is_windows if {
	name := object.get(spec, ["os", "name"], "")
	is_string(name)
	lower(name) == "windows"
}

# The value at keys inside obj, when present and not null.
value_at(obj, keys) := v if {
	v := object.get(obj, keys, null)
	v != null
}

# Whether obj sets keys to a value other than null (false counts as set).
has_value(obj, keys) if object.get(obj, keys, null) != null

# The effective setting at `keys` (relative to a securityContext) for a container whose own
# securityContext is `context`, at `context_path`: the container's value when set, else the
# pod's. {"value", "path", "level"}; null when neither level sets it.
setting(context, context_path, keys) := {
	"value": v,
	"path": array.concat(context_path, keys),
	"level": "container",
} if {
	v := value_at(context, keys)
} else := {
	"value": v,
	"path": array.concat(pod_context.path, keys),
	"level": "pod",
} if {
	v := value_at(pod_context.value, keys)
} else := null

# The effective setting at `keys` for container c (as setting); undefined when neither level
# sets it. containers carries the common ones precomputed ("run_as_non_root", "seccomp_type").
effective(c, keys) := s if {
	s := setting(container_context(c), array.concat(c.path, ["securityContext"]), keys)
	s != null
}

# The path of the closest existing parent of `keys` inside obj (found at base): base itself,
# or base + the longest prefix of keys (without the last key) that is an object.
closest_parent(obj, base, keys) := array.concat(base, array.slice(keys, 0, n)) if {
	n := max({i |
		some i in numbers.range(0, count(keys) - 1)
		is_object(object.get(obj, array.slice(keys, 0, i), null))
	})
}

# The path to report when container c (an element of containers) lacks securityContext.<keys>:
# the container item, its securityContext, or the deepest existing object on the way.
# The one- and two-key cases every policy uses read the precomputed c.missing_path instead of
# the generic closest_parent, which builds a set over numbers.range and takes its max.
missing_path(c, keys) := c.missing_path if count(keys) == 1

else := array.concat(c.context_path, [keys[0]]) if {
	count(keys) == 2
	is_object(c.context[keys[0]])
}

else := c.missing_path if count(keys) == 2

else := closest_parent(c.value, c.path, array.concat(["securityContext"], keys))

# "Container", "Init container" or "Ephemeral container", for messages.
container_label(c) := "Init container" if c.field == "initContainers"

else := "Ephemeral container" if c.field == "ephemeralContainers"

else := "Container"

# `Deployment "web"`, the subject of pod-level messages.
describe_workload := sprintf("%s %q", [kubernetes.kind, kubernetes.name])

# `Container "app" of Deployment "web"`, the subject of most messages.
# (Functions here read rules of this package, not imported ones: regorus 0.14.1 leaves an
# imported rule undefined inside a function once another rule of this package was evaluated.)
describe(c) := sprintf("%s %q of %s", [container_label(c), kubernetes.container_name(c), describe_workload])

# A capability name normalised for comparison: upper case, without a "CAP_" prefix.
capability_name(x) := trim_prefix(upper(x), "CAP_") if is_string(x)

# Capabilities the baseline profile lets a container add (the container runtime's defaults
# minus the dangerous NET_RAW).
baseline_capabilities := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# The only capability the restricted profile lets a container add.
restricted_capabilities := {"NET_BIND_SERVICE"}

# Every capability container c adds, as {"name" (normalised), "raw", "path"}.
added_capabilities(c) := {cap |
	some i, raw in array_at(container_context(c), ["capabilities", "add"])
	cap := {
		"name": capability_name(raw),
		"raw": raw,
		"path": array.concat(c.path, ["securityContext", "capabilities", "add", i]),
	}
}

# Sysctls the baseline profile treats as safe (namespaced and isolated per pod).
safe_sysctls := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	# Safe since Kubernetes 1.32.
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
}

# SELinux types the baseline profile allows ("" = unset).
allowed_selinux_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

# Volume sources the restricted profile allows.
restricted_volume_types := {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
	"persistentVolumeClaim", "projected", "secret",
}

# Every pod-level and container-level securityContext, as {"value", "path", "subject"}.
security_contexts contains {"value": pod_context.value, "path": pod_context.path, "subject": describe_workload} if {
	kubernetes.pod_spec
}

security_contexts contains {"value": c.context, "path": c.context_path, "subject": c.subject} if {
	some c in containers
}

# Whether v is a port number other than 0 (numbers, or digit strings as Helm may render them).
nonzero_port(v) if {
	is_number(v)
	v != 0
}

nonzero_port(v) if {
	is_string(v)
	regex.match(`^\s*[0-9]+\s*$`, v)
	to_number(trim_space(v)) != 0
}
