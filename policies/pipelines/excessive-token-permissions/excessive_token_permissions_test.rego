package comply.pipelines.excessive_token_permissions_test

import data.comply.pipelines.excessive_token_permissions as policy

_wf(perms, jobs) := {"kind": "github-actions", "resource": {"flavor": "workflow", "permissions": perms, "jobs": jobs}}

test_deny_no_permissions_anywhere if {
	findings := policy.deny with input as _wf(null, [{"id": "build", "kind": "job", "permissions": null}])
	{f.path | some f in findings} == {["permissions"]}
}

test_allow_job_level_permissions if {
	count(policy.deny) == 0 with input as _wf(null, [{"id": "build", "kind": "job", "permissions": {"all": null, "scopes": {"contents": "read"}}}])
}

test_allow_top_level_read if {
	count(policy.deny) == 0 with input as _wf({"all": "read", "scopes": {}}, [{"id": "build", "kind": "job", "permissions": null}])
}

test_deny_write_all if {
	findings := policy.deny with input as _wf({"all": "write", "scopes": {}}, [{"id": "b", "kind": "job", "permissions": {"all": "write", "scopes": {}}}])
	{f.path | some f in findings} == {["permissions"], ["jobs", 0, "permissions"]}
}

test_allow_actions if {
	count(policy.deny) == 0 with input as {"resource": {"flavor": "composite-action", "permissions": null, "jobs": [{"id": "action", "kind": "action", "permissions": null}]}}
}
