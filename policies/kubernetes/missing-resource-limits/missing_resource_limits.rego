# METADATA
# title: Container without CPU or memory limits
# description: |
#   A container without limits can take all the CPU and memory of its node, starving its
#   neighbours and, for memory, getting other pods OOM-killed or evicted. Regular and init
#   containers are checked (ephemeral containers cannot declare resources); pod-level limits
#   (`spec.resources.limits`) count. Defaults injected by a namespace LimitRange are not
#   visible here. One finding per missing resource type. Option `resources` (rule option of
#   `missing-resource-limits`) lists the resource types to require, default `["cpu", "memory"]`;
#   set it to `["memory"]` if your organisation deliberately runs without CPU limits.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://kubernetes.io/docs/concepts/policy/limit-range/
# custom:
#   id: K8S-0051
#   severity: medium
#   category: resource-quotas
#   frameworks:
#     nsa-kubernetes: ["resource-policies"]
#     soc2: ["A1.1"]
#     iso27001: ["8.6"]
#   remediation: Set resources.limits.cpu and resources.limits.memory on every container and init container.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.missing_resource_limits

import data.comply.lib.kubernetes
import data.comply.lib.result

# Read the exact path: reading all of data.comply would include this package itself.
default _resources := ["cpu", "memory"]

_resources := r if {
	r := data.comply.rule_options["missing-resource-limits"].resources
	is_array(r)
}

deny contains finding if {
	some c in kubernetes.containers
	c.field in {"containers", "initContainers"}
	some r in _resources
	not _set(c.value.resources.limits[r])
	not _set(kubernetes.pod_spec.value.resources.limits[r])
	finding := result.fail(
		sprintf("Container %q of %s %q has no %s limit", [kubernetes.container_name(c), kubernetes.kind, kubernetes.name, _display(r)]),
		_path(c),
	)
}

_set(v) if not v in {null, ""}

# The closest existing parent of resources.limits.<type>.
_path(c) := array.concat(c.path, ["resources", "limits"]) if {
	is_object(c.value.resources.limits)
} else := array.concat(c.path, ["resources"]) if {
	is_object(c.value.resources)
} else := c.path

_display(r) := "CPU" if r == "cpu"

_display(r) := r if r != "cpu"
