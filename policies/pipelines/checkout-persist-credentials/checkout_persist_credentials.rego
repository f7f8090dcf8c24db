# METADATA
# title: Checkout keeps the repository token on disk
# description: |
#   `persistCredentials: true` (Azure DevOps) or `persist-credentials: true` (actions/checkout)
#   leaves the job's access token in the repository's git configuration for the rest of the
#   job: every later step, tool, dependency install script or uploaded artifact of the
#   workspace can read it and push with it. (actions/checkout persists by default; this rule
#   reports where persisting is asked for explicitly.)
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/devops/pipelines/yaml-schema/steps-checkout
#   - https://github.com/actions/checkout#usage
# custom:
#   id: CI-0013
#   severity: medium
#   category: supply-chain
#   frameworks: {soc2: ["CC6.1"], iso27001: ["5.17", "8.2"]}
#   remediation: 'Remove persistCredentials (Azure DevOps) or set `persist-credentials: false` (GitHub), and pass a token explicitly to the one step that needs to push.'
#   inputs: [{kind: github-actions}, {kind: azure-pipelines}]
package comply.pipelines.checkout_persist_credentials

import data.comply.lib.pipelines
import data.comply.lib.result

_true(v) if v == true

_true(v) if {
	is_string(v)
	lower(trim_space(v)) == "true"
}

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	_true(s.checkout.persist_credentials)
	finding := result.fail(
		sprintf("%s keeps the repository token in the git configuration (persist credentials)", [pipelines.where(s)]),
		["steps", i, "checkout", "persist_credentials"],
	)
}
