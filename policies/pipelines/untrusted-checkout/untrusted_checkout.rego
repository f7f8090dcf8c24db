# METADATA
# title: Privileged workflow checks out untrusted pull request code
# description: |
#   `pull_request_target` and `workflow_run` workflows run with the base repository's secrets
#   and a write token, even for pull requests from forks. Checking out the pull request's head
#   (`ref: ${{ github.event.pull_request.head.sha }}`, `github.head_ref`,
#   `github.event.workflow_run.head_sha`, `refs/pull/N/merge`, `gh pr checkout`) and then
#   building or testing it runs the attacker's code with those privileges ("pwn request").
#   Steps of local actions and reusable workflows the job calls are checked too.
# related_resources:
#   - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
# custom:
#   id: CI-0004
#   severity: critical
#   category: supply-chain
#   frameworks: {soc2: ["CC6.8", "CC8.1"], iso27001: ["8.25", "8.28"]}
#   remediation: Build untrusted code in a `pull_request` workflow without secrets, and pass results to the privileged workflow as artifacts; never check out the head ref in `pull_request_target` or `workflow_run`.
#   inputs: [{kind: github-actions, resources: [workflow]}]
package comply.pipelines.untrusted_checkout

import data.comply.lib.pipelines
import data.comply.lib.result

_privileged := {"pull_request_target", "workflow_run"}

_head := `(?i)(github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|github\.event\.workflow_run\.(head_sha|head_branch|head_commit\.id)|refs/pull/|github\.event\.pull_request\.merge_commit_sha|github\.event\.number|github\.event\.pull_request\.number)`

_trigger := concat(" and ", sort([t |
	some t in _privileged
	input.resource.triggers[t]
]))

_untrusted_ref(s) if {
	is_string(s.checkout.ref)
	regex.match(_head, s.checkout.ref)
}

_gitish(text) if contains(lower(text), "git")

_gitish(text) if contains(lower(text), "gh ")

_checkout_lines(s) := {n |
	some n, l in s.lines
	_gitish(l.text)
	regex.match(`(?i)(git\s+(fetch|checkout|switch|pull)\b|gh\s+pr\s+checkout)`, l.text)
	regex.match(`(?i)(gh\s+pr\s+checkout|\$\{\{\s*(github\.event\.pull_request\.head|github\.head_ref|github\.event\.workflow_run\.head)|refs/pull/)`, l.text)
}

deny contains finding if {
	t := _trigger
	t != ""
	some i, s in input.resource.steps
	_untrusted_ref(s)
	finding := result.fail(
		sprintf("%s checks out the untrusted head %s in a %s workflow", [pipelines.where(s), s.checkout.ref, t]),
		["steps", i, "checkout", "ref"],
	)
}

deny contains finding if {
	t := _trigger
	t != ""
	some i, s in input.resource.steps
	some n in _checkout_lines(s)
	finding := result.fail(
		sprintf("%s fetches the untrusted pull request head in a %s workflow", [pipelines.where(s), t]),
		["steps", i, "lines", n],
	)
}
