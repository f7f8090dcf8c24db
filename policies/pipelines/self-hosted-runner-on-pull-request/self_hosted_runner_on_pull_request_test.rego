package comply.pipelines.self_hosted_runner_on_pull_request_test

import data.comply.pipelines.self_hosted_runner_on_pull_request as policy

_doc(triggers, self_hosted) := {"kind": "github-actions", "resource": {"triggers": triggers, "jobs": [{"id": "test", "runs_on": ["self-hosted", "linux"], "self_hosted": self_hosted}]}}

test_deny_self_hosted_on_pull_request if {
	findings := policy.deny with input as _doc({"pull_request": {}, "push": {}}, true)
	findings == {{"msg": "Job \"test\" runs on a self-hosted runner (self-hosted, linux) and the pipeline runs on pull_request", "path": ["jobs", 0, "runs_on"]}}
}

test_allow_push_only if {
	count(policy.deny) == 0 with input as _doc({"push": {}}, true)
}

test_allow_hosted_runner if {
	count(policy.deny) == 0 with input as _doc({"pull_request": {}}, false)
}

test_allow_conditional_azure_job if {
	doc := {"kind": "azure-pipelines", "resource": {"triggers": {"pull_request": {}}, "jobs": [{"id": "publish", "runs_on": ["Internal"], "self_hosted": true, "conditional": true}]}}
	count(policy.deny) == 0 with input as doc
}
