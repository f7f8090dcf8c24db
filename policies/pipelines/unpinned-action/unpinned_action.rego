# METADATA
# title: Action not pinned to a full commit SHA
# description: |
#   A tag or branch of a third-party action can be moved to new code at any time (as in the
#   tj-actions/changed-files compromise of 2025); only a full 40-character commit SHA names
#   immutable code. Steps (`uses: owner/repo@ref`) and reusable workflow calls of jobs are
#   checked; local actions (`./path`) and `docker://` images are not. Rule options of
#   `unpinned-action`: `allow_first_party: true` accepts GitHub's own `actions/*` and
#   `github/*` actions on tags, and `allowed`, a list of `owner/repo` or `owner/*` patterns
#   accepted on tags.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
# custom:
#   id: CI-0001
#   severity: medium
#   category: supply-chain
#   frameworks: {soc2: ["CC8.1", "CC9.2"], iso27001: ["5.21", "8.19"]}
#   remediation: 'Pin the action to the full commit SHA of the release you reviewed (keep the tag in a comment, e.g. `uses: actions/checkout@<sha> # v4.2.2`) and let Dependabot or Renovate update it.'
#   inputs: [{kind: github-actions}]
package comply.pipelines.unpinned_action

import data.comply.lib.pipelines
import data.comply.lib.result

_opts := pipelines.options("unpinned-action")

_first_party := {"actions", "github"}

_allowed(u) if {
	_opts.allow_first_party == true
	lower(u.owner) in _first_party
}

_allowed(u) if {
	some p in _opts.allowed
	is_string(p)
	_matches(lower(p), lower(sprintf("%s/%s", [u.owner, u.repo])))
}

_matches(p, name) if p == name

_matches(p, name) if {
	endswith(p, "/*")
	startswith(name, substring(p, 0, count(p) - 1))
}

_unpinned(u) if {
	u.kind == "remote"
	u.ref_kind != "sha"
	u.ref_kind != "expression"
	not _allowed(u)
}

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	_unpinned(s.uses)
	finding := result.fail(
		sprintf("%s uses %s, not pinned to a full commit SHA", [pipelines.where(s), s.uses.raw]),
		["steps", i, "uses"],
	)
}

deny contains finding if {
	some j, job in input.resource.jobs
	_unpinned(job.uses)
	finding := result.fail(
		sprintf("Job %q calls reusable workflow %s, not pinned to a full commit SHA", [job.id, job.uses.raw]),
		["jobs", j, "uses"],
	)
}
