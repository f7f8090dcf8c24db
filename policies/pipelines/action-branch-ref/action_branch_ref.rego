# METADATA
# title: Action used from a branch
# description: |
#   An action referenced by a branch (`@main`, `@master`, `@releases/v1`) or by no ref at all
#   runs whatever was last pushed to that branch: any commit by the action's maintainers, or by
#   whoever compromises them, runs in the next build with the workflow's token and secrets.
#   References that are not a full commit SHA and do not look like a version tag (`v4`,
#   `1.2.3`) are reported. Docker images, local actions and expressions are not checked here.
# related_resources:
#   - https://docs.github.com/en/actions/sharing-automations/creating-actions/about-custom-actions#using-release-management-for-actions
# custom:
#   id: CI-0002
#   severity: high
#   category: supply-chain
#   frameworks: {soc2: ["CC8.1", "CC9.2"], iso27001: ["5.21", "8.19"]}
#   remediation: Reference a full commit SHA (or, at least, a release tag) of the action instead of a branch.
#   inputs: [{kind: github-actions}]
package comply.pipelines.action_branch_ref

import data.comply.lib.pipelines
import data.comply.lib.result

_branch(u) if {
	u.kind == "remote"
	u.ref_kind in {"branch", "none"}
}

_ref(u) := sprintf("branch %q", [u.ref]) if u.ref_kind == "branch"

_ref(u) := "the default branch (no @ref)" if u.ref_kind == "none"

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	_branch(s.uses)
	finding := result.fail(
		sprintf("%s runs %s from %s", [pipelines.where(s), s.uses.action, _ref(s.uses)]),
		["steps", i, "uses"],
	)
}

deny contains finding if {
	some j, job in input.resource.jobs
	_branch(job.uses)
	finding := result.fail(
		sprintf("Job %q calls reusable workflow %s from %s", [job.id, job.uses.action, _ref(job.uses)]),
		["jobs", j, "uses"],
	)
}
