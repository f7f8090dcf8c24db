# METADATA
# title: Image from a registry outside the allowed list
# description: |
#   Images pulled from registries the organisation does not control or vet bypass its image
#   scanning, signing and retention, and a typo-squatted or hijacked repository runs with the
#   workload's privileges. Applies when `params.allowed_registries` is non-empty. Each entry is a
#   registry host (`registry.example.com`, `localhost:5000`), a host and path prefix matched on
#   whole path components (`registry.example.com/team`, `docker.io/library`), or a host wildcard
#   (`*.dkr.ecr.eu-west-1.amazonaws.com`); matching is case-insensitive. Short Docker Hub names
#   (`nginx`, `bitnami/redis`) belong to `docker.io`. Regular, init and ephemeral containers are
#   checked.
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: K8S-0061
#   severity: high
#   category: supply-chain
#   frameworks:
#     cis-kubernetes: ["5.5.1"]
#     nsa-kubernetes: ["secure-images"]
#     soc2: ["CC6.8"]
#     iso27001: ["5.21", "8.19"]
#   remediation: Pull the image from an allowed registry (mirror it there if needed), or add the registry to params.allowed_registries.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.image_registry_not_allowed

import data.comply.lib.images
import data.comply.lib.kubernetes
import data.comply.lib.params
import data.comply.lib.result

_allowed := params.allowed_registries if is_array(params.allowed_registries)

_allowed := [params.allowed_registries] if is_string(params.allowed_registries)

deny contains finding if {
	count(_allowed) > 0
	some c in kubernetes.containers
	image := c.value.image
	images.parse(image)
	not images.allowed(image, _allowed)
	finding := result.fail(
		sprintf("Container %q of %s %q uses image %q, which is not from an allowed registry", [kubernetes.container_name(c), kubernetes.kind, kubernetes.name, image]),
		array.concat(c.path, ["image"]),
	)
}
