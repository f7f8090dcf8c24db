# METADATA
# title: Container without CPU or memory requests
# description: |
#   Without requests the scheduler cannot reserve capacity for a container: pods are packed
#   onto nodes that cannot sustain them and, as BestEffort or Burstable pods, are the first to
#   be evicted under pressure. Regular and init containers are checked (ephemeral containers
#   cannot declare resources). A limit without a request counts as a request, because
#   Kubernetes then uses the limit as the request, and so do pod-level resources
#   (`spec.resources`). Defaults injected by a namespace LimitRange are not visible here.
#   One finding per missing resource type. Option `resources` (rule option of
#   `missing-resource-requests`) lists the resource types to require, default `["cpu", "memory"]`.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
# custom:
#   id: K8S-0050
#   severity: medium
#   category: resource-quotas
#   frameworks:
#     nsa-kubernetes: ["resource-policies"]
#     soc2: ["A1.1"]
#     iso27001: ["8.6"]
#   remediation: Set resources.requests.cpu and resources.requests.memory on every container and init container.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.missing_resource_requests

import data.comply.lib.kubernetes
import data.comply.lib.result

# Read the exact path: reading all of data.comply would include this package itself.
default _resources := ["cpu", "memory"]

_resources := r if {
	r := data.comply.rule_options["missing-resource-requests"].resources
	is_array(r)
}

deny contains finding if {
	some c in kubernetes.containers
	c.field in {"containers", "initContainers"}
	some r in _resources
	not _requested(c.value, r)
	not _pod_level(r)
	finding := result.fail(
		sprintf("Container %q of %s %q has no %s request", [kubernetes.container_name(c), kubernetes.kind, kubernetes.name, _display(r)]),
		_path(c),
	)
}

_set(v) if not v in {null, ""}

_requested(container, r) if _set(container.resources.requests[r])

# Kubernetes copies a limit into the request when the request is absent.
_requested(container, r) if _set(container.resources.limits[r])

_pod_level(r) if _set(kubernetes.pod_spec.value.resources.requests[r])

_pod_level(r) if _set(kubernetes.pod_spec.value.resources.limits[r])

# The closest existing parent of resources.requests.<type>.
_path(c) := array.concat(c.path, ["resources", "requests"]) if {
	is_object(c.value.resources.requests)
} else := array.concat(c.path, ["resources"]) if {
	is_object(c.value.resources)
} else := c.path

_display(r) := "CPU" if r == "cpu"

_display(r) := r if r != "cpu"
