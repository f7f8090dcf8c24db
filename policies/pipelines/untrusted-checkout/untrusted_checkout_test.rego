package comply.pipelines.untrusted_checkout_test

import data.comply.pipelines.untrusted_checkout as policy

_doc(triggers, step) := {"kind": "github-actions", "resource": {"triggers": triggers, "steps": [object.union({"job": 0, "job_id": "t", "index": 0, "name": null, "via": null, "uses": null, "checkout": null, "lines": []}, step)]}}

_head_checkout := {"uses": {"raw": "actions/checkout@v4"}, "checkout": {"ref": "${{ github.event.pull_request.head.sha }}"}}

test_deny_head_checkout_on_pull_request_target if {
	findings := policy.deny with input as _doc({"pull_request_target": {}}, _head_checkout)
	{f.path | some f in findings} == {["steps", 0, "checkout", "ref"]}
}

test_deny_gh_pr_checkout_in_workflow_run if {
	step := {"lines": [{"n": 1, "text": "echo hi"}, {"n": 2, "text": "gh pr checkout ${{ github.event.workflow_run.pull_requests[0].number }}"}]}
	{f.path | some f in policy.deny with input as _doc({"workflow_run": {}}, step)} == {["steps", 0, "lines", 1]}
}

test_allow_pull_request if {
	count(policy.deny) == 0 with input as _doc({"pull_request": {}}, _head_checkout)
}

test_allow_base_checkout if {
	count(policy.deny) == 0 with input as _doc({"pull_request_target": {}}, {"checkout": {"ref": null}})
}
