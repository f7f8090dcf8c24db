# METADATA
# title: Workflow token permissions not restricted
# description: |
#   Without a `permissions` block the GITHUB_TOKEN gets the repository's default permissions,
#   which for older repositories and organisations is read and write on every scope; with
#   `write-all` it is write everywhere explicitly. Any step (or compromised action) can then
#   push code, create releases or approve pull requests. A workflow is reported when it has no
#   top-level `permissions` and at least one of its jobs has none either; a `write-all` at
#   workflow or job level is reported where it is written. Jobs that call a reusable workflow
#   inherit the caller's token and are judged by the called workflow.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token
# custom:
#   id: CI-0003
#   severity: medium
#   category: supply-chain
#   frameworks: {soc2: ["CC6.1", "CC6.3"], iso27001: ["5.15", "8.2"]}
#   remediation: 'Add a top-level `permissions:` block granting only what the workflow needs (often `contents: read`), and widen it per job where a job needs more.'
#   inputs: [{kind: github-actions, resources: [workflow]}]
package comply.pipelines.excessive_token_permissions

import data.comply.lib.result

_jobs_without := [job.id |
	some job in input.resource.jobs
	job.kind == "job"
	job.permissions == null
]

deny contains finding if {
	input.resource.flavor == "workflow"
	input.resource.permissions == null
	count(_jobs_without) > 0
	finding := result.fail(
		sprintf("Workflow has no top-level permissions and job(s) %s set none: the GITHUB_TOKEN gets the repository default permissions", [concat(", ", [sprintf("%q", [j]) | some j in _jobs_without])]),
		["permissions"],
	)
}

deny contains finding if {
	input.resource.permissions.all == "write"
	finding := result.fail("Workflow grants write-all permissions to the GITHUB_TOKEN", ["permissions"])
}

deny contains finding if {
	some j, job in input.resource.jobs
	job.permissions.all == "write"
	finding := result.fail(sprintf("Job %q grants write-all permissions to the GITHUB_TOKEN", [job.id]), ["jobs", j, "permissions"])
}
