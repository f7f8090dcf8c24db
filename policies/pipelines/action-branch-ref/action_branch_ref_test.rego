package comply.pipelines.action_branch_ref_test

import data.comply.pipelines.action_branch_ref as policy

_doc(u) := {"kind": "github-actions", "resource": {"jobs": [{"id": "ci", "uses": null}], "steps": [{"job": 0, "job_id": "ci", "index": 0, "name": "Lint", "via": null, "uses": u}]}}

test_deny_branch if {
	findings := policy.deny with input as _doc({"raw": "acme/lint@main", "kind": "remote", "action": "acme/lint", "ref": "main", "ref_kind": "branch"})
	findings == {{"msg": "step \"Lint\" of job \"ci\" runs acme/lint from branch \"main\"", "path": ["steps", 0, "uses"]}}
}

test_deny_no_ref if {
	count(policy.deny) == 1 with input as _doc({"raw": "acme/lint", "kind": "remote", "action": "acme/lint", "ref": null, "ref_kind": "none"})
}

test_allow_tag_and_sha if {
	count(policy.deny) == 0 with input as _doc({"raw": "acme/lint@v2", "kind": "remote", "action": "acme/lint", "ref": "v2", "ref_kind": "tag"})
	count(policy.deny) == 0 with input as _doc({"raw": "x", "kind": "remote", "action": "acme/lint", "ref": "x", "ref_kind": "sha"})
	count(policy.deny) == 0 with input as _doc({"raw": "./lint", "kind": "local", "ref_kind": "local"})
}
