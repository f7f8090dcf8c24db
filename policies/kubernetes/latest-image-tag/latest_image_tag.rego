# METADATA
# title: Image uses the latest tag or no tag
# description: |
#   `latest` (which an image without a tag or digest also gets) moves with every push: the same
#   manifest deploys different code over time, rollbacks do not roll back, and nodes run whatever
#   version they happened to pull. Images pinned by digest are not reported, whatever their tag.
#   Regular, init and ephemeral containers are checked.
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
#   - https://kubernetes.io/docs/concepts/configuration/overview/#container-images
# custom:
#   id: K8S-0062
#   severity: medium
#   category: supply-chain
#   frameworks:
#     nsa-kubernetes: ["secure-images"]
#     soc2: ["CC8.1"]
#     iso27001: ["8.19", "8.32"]
#   remediation: Reference the image by an immutable version tag, or better by digest (image@sha256:...).
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.latest_image_tag

import data.comply.lib.images
import data.comply.lib.kubernetes
import data.comply.lib.result

deny contains finding if {
	some c in kubernetes.containers
	image := c.value.image
	ref := images.parsed_images[image]
	ref.digest == ""
	problem := _problem(ref.tag)
	finding := result.fail(
		sprintf("Container %q of %s %q uses image %q %s", [kubernetes.container_name(c), kubernetes.kind, kubernetes.name, image, problem]),
		array.concat(c.path, ["image"]),
	)
}

_problem("") := "without a tag"

_problem("latest") := "with the latest tag"
