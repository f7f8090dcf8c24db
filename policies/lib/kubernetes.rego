# METADATA
# title: Kubernetes helpers
# description: |
#   Pod specs and containers of every workload kind, with their JSON paths inside the
#   resource, so policies report exact paths without repeating the kind dispatch.
# custom:
#   library: true
package comply.lib.kubernetes

resource := input.resource

kind := input.resource.kind

name := object.get(input.resource, ["metadata", "name"], "unnamed")

# Objects without a namespace land in the one the client is configured for; comply calls it "default".
namespace := object.get(input.resource, ["metadata", "namespace"], "default")

# Workload kinds whose pod template sits at spec.template.
template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}

workload_kinds := template_kinds | {"Pod", "CronJob"}

is_workload if kind in workload_kinds

# The pod spec of the resource and its path.
pod_spec := {"value": input.resource.spec, "path": ["spec"]} if kind == "Pod"

pod_spec := {"value": input.resource.spec.template.spec, "path": ["spec", "template", "spec"]} if {
	kind in template_kinds
}

pod_spec := {
	"value": input.resource.spec.jobTemplate.spec.template.spec,
	"path": ["spec", "jobTemplate", "spec", "template", "spec"],
} if kind == "CronJob"

# The pod's metadata (labels, annotations) and its path.
pod_metadata := {"value": object.get(input.resource, "metadata", {}), "path": ["metadata"]} if kind == "Pod"

pod_metadata := {
	"value": object.get(input.resource.spec.template, "metadata", {}),
	"path": ["spec", "template", "metadata"],
} if kind in template_kinds

pod_metadata := {
	"value": object.get(input.resource.spec.jobTemplate.spec.template, "metadata", {}),
	"path": ["spec", "jobTemplate", "spec", "template", "metadata"],
} if kind == "CronJob"

container_fields := ["containers", "initContainers", "ephemeralContainers"]

# Every container (regular, init and ephemeral) as {"value", "path", "field"}.
containers contains c if {
	some field in container_fields
	list := pod_spec.value[field]
	is_array(list) # Helm output can carry `initContainers: null`
	some i, container in list
	c := {"value": container, "path": array.concat(pod_spec.path, [field, i]), "field": field}
}

# A container's display name for messages.
container_name(c) := object.get(c.value, "name", sprintf("#%d", [c.path[count(c.path) - 1]]))
