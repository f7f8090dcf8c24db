# METADATA
# title: Pipeline container image on latest or without a tag
# description: |
#   A job container, service container, `docker://` step or Azure DevOps container resource on
#   `:latest` (or with no tag, which means latest) runs whatever the image's publisher pushed
#   last: builds are not reproducible and a hijacked or broken image enters the pipeline
#   unnoticed. Images pinned by digest are accepted; images built from expressions are skipped.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/image/tag/
# custom:
#   id: CI-0008
#   severity: medium
#   category: supply-chain
#   frameworks: {soc2: ["CC8.1"], iso27001: ["8.19", "8.32"]}
#   remediation: Reference the image by a fixed version tag, or better by digest (`image@sha256:...`).
#   inputs: [{kind: github-actions}, {kind: azure-pipelines}]
package comply.pipelines.pipeline_image_latest_tag

import data.comply.lib.images
import data.comply.lib.result

deny contains finding if {
	some k, img in input.resource.images
	not regex.match(`\$\{\{|\$\(|\$\{`, img.image)
	p := images.parse(img.image)
	p.digest == ""
	p.tag in {"", "latest"}
	finding := result.fail(
		sprintf("%s image %q, which is not pinned to a version (%s)", [_place(img), img.image, _why(p)]),
		["images", k],
	)
}

_why(p) := "tag latest" if p.tag == "latest"

_why(p) := "no tag" if p.tag == ""

_place(img) := sprintf("The %s of job %q uses", [img.where, img.job_id]) if is_string(img.job_id)

_place(img) := sprintf("A container %s uses", [img.where]) if not is_string(img.job_id)
