# METADATA
# title: Pipeline container image from a registry outside the allowed list
# description: |
#   Job containers, service containers, `docker://` steps and Azure DevOps container resources
#   run build code with the pipeline's credentials; an image from a registry the organisation
#   does not control bypasses its scanning and signing. Applies when
#   `params.allowed_registries` is non-empty, with the same matching as for Kubernetes
#   workloads (host, host/path prefix on whole components, or `*.host` wildcards; Docker Hub
#   short names belong to `docker.io`). Images built from expressions are skipped.
# related_resources:
#   - https://docs.github.com/en/actions/using-jobs/running-jobs-in-a-container
# custom:
#   id: CI-0007
#   severity: high
#   category: supply-chain
#   frameworks: {soc2: ["CC6.8"], iso27001: ["5.21", "8.19"]}
#   remediation: Mirror the image into an allowed registry and reference it there, or add the registry to params.allowed_registries.
#   inputs: [{kind: github-actions}, {kind: azure-pipelines}]
package comply.pipelines.pipeline_image_registry_not_allowed

import data.comply.lib.images
import data.comply.lib.params
import data.comply.lib.result

_allowed := params.allowed_registries if is_array(params.allowed_registries)

_allowed := [params.allowed_registries] if is_string(params.allowed_registries)

deny contains finding if {
	count(_allowed) > 0
	some k, img in input.resource.images
	not regex.match(`\$\{\{|\$\(|\$\{`, img.image)
	images.parse(img.image)
	not images.allowed(img.image, _allowed)
	finding := result.fail(
		sprintf("%s image %q, which is not from an allowed registry", [_place(img), img.image]),
		["images", k],
	)
}

_place(img) := sprintf("The %s of job %q uses", [img.where, img.job_id]) if is_string(img.job_id)

_place(img) := sprintf("A container %s uses", [img.where]) if not is_string(img.job_id)
