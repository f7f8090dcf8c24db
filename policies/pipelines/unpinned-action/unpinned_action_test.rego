package comply.pipelines.unpinned_action_test

import data.comply.pipelines.unpinned_action as policy

_uses(raw, owner, repo, ref, kind) := {"raw": raw, "kind": "remote", "owner": owner, "repo": repo, "action": concat("/", [owner, repo]), "ref": ref, "ref_kind": kind}

_doc(steps) := {"kind": "github-actions", "resource": {"jobs": [{"id": "build", "uses": null}], "steps": steps}}

_step(u) := {"job": 0, "job_id": "build", "index": 0, "name": null, "via": null, "uses": u}

test_deny_tag if {
	findings := policy.deny with input as _doc([_step(_uses("acme/deploy@v1", "acme", "deploy", "v1", "tag"))])
	findings == {{"msg": "step \"acme/deploy@v1\" of job \"build\" uses acme/deploy@v1, not pinned to a full commit SHA", "path": ["steps", 0, "uses"]}}
}

test_deny_first_party_by_default if {
	count(policy.deny) == 1 with input as _doc([_step(_uses("actions/checkout@v4", "actions", "checkout", "v4", "tag"))])
}

test_allow_first_party_with_option if {
	count(policy.deny) == 0 with input as _doc([_step(_uses("actions/checkout@v4", "actions", "checkout", "v4", "tag"))])
		with data.comply.rule_options as {"unpinned-action": {"allow_first_party": true}}
}

test_allow_listed_owner if {
	count(policy.deny) == 0 with input as _doc([_step(_uses("acme/deploy@v1", "acme", "deploy", "v1", "tag"))])
		with data.comply.rule_options as {"unpinned-action": {"allowed": ["acme/*"]}}
}

test_allow_sha_local_and_via if {
	sha := "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"
	local := {"raw": "./x", "kind": "local", "ref_kind": "local"}
	via := object.union(_step(_uses("a/b@v1", "a", "b", "v1", "tag")), {"via": "./x"})
	count(policy.deny) == 0 with input as _doc([_step(_uses(concat("@", ["a/b", sha]), "a", "b", sha, "sha")), _step(local), via])
}

test_deny_reusable_workflow_call if {
	doc := {"kind": "github-actions", "resource": {"steps": [], "jobs": [{"id": "call", "uses": {"raw": "acme/wf/.github/workflows/x.yml@main", "kind": "remote", "owner": "acme", "repo": "wf", "ref_kind": "branch"}}]}}
	{f.path | some f in policy.deny with input as doc} == {["jobs", 0, "uses"]}
}
