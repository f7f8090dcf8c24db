# METADATA
# title: Self-hosted runner used by pull request builds
# description: |
#   A workflow triggered by `pull_request` or `pull_request_target` runs code from forks (or,
#   with `pull_request_target`, with secrets) on whatever runner the job names. On a
#   self-hosted runner that code can persist on the machine, read other jobs' workspaces and
#   credentials, and reach the internal network. GitHub jobs on runners labelled `self-hosted`
#   (or runner groups) are reported when the workflow has a pull request trigger; Azure
#   DevOps jobs on self-hosted agent pools (a pool name without `vmImage`) when the pipeline
#   declares a `pr` trigger. Azure jobs inserted by a `${{ if }}` branch are skipped: such
#   branches usually separate internal from public (pull request) builds, and comply does not
#   evaluate their conditions.
# related_resources:
#   - https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security
# custom:
#   id: CI-0011
#   severity: high
#   category: supply-chain
#   frameworks: {soc2: ["CC6.6", "CC6.8"], iso27001: ["8.22", "8.31"]}
#   remediation: Run pull request jobs on GitHub-hosted (or ephemeral, isolated) runners, or restrict the workflow to trusted branches and require approval for fork pull requests.
#   inputs: [{kind: github-actions, resources: [workflow]}, {kind: azure-pipelines}]
package comply.pipelines.self_hosted_runner_on_pull_request

import data.comply.lib.result

_pr_events := {"pull_request", "pull_request_target"}

_pr_trigger := concat(" and ", sort([t |
	some t in _pr_events
	input.resource.triggers[t]
]))

deny contains finding if {
	_pr_trigger != ""
	some j, job in input.resource.jobs
	job.self_hosted == true
	not job.conditional == true
	finding := result.fail(
		sprintf("Job %q runs on a self-hosted runner (%s) and the pipeline runs on %s", [job.id, concat(", ", job.runs_on), _pr_trigger]),
		["jobs", j, "runs_on"],
	)
}
