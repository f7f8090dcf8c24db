# METADATA
# title: Image not pinned by digest
# description: |
#   A tag, even a version tag, can be moved to other content by anyone who can push to the
#   repository, so a compromised registry account or a re-pushed tag changes what runs without
#   any change to the manifest. Only a digest (`image@sha256:...`) names immutable content and
#   lets signatures and scan results stay attached to what is deployed. Regular, init and
#   ephemeral containers are checked.
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: K8S-0063
#   severity: low
#   category: supply-chain
#   frameworks:
#     nsa-kubernetes: ["secure-images"]
#     soc2: ["CC6.8", "CC8.1"]
#     iso27001: ["8.19", "8.32"]
#   remediation: Reference the image by digest, for example registry.example.com/app:1.4.2@sha256:<digest>, and let a bot such as Renovate update it.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.image_without_digest

import data.comply.lib.images
import data.comply.lib.kubernetes
import data.comply.lib.result

deny contains finding if {
	some c in kubernetes.containers
	image := c.value.image
	images.parsed_images[image].digest == ""
	finding := result.fail(
		sprintf("Container %q of %s %q uses image %q without a digest", [kubernetes.container_name(c), kubernetes.kind, kubernetes.name, image]),
		array.concat(c.path, ["image"]),
	)
}
