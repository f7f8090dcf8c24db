package comply.pipelines.deployment_without_environment_test

import data.comply.pipelines.deployment_without_environment as policy

_doc(kind, job) := {"kind": kind, "resource": {
	"stages": [],
	"jobs": [object.union({"id": "deploy-prod", "name": "deploy-prod", "stage": null, "kind": "job", "environment": null}, job)],
	"steps": [{"job": 0, "name": "Deploy", "with": {}, "lines": [{"n": 1, "text": "kubectl apply -f k8s/"}], "uses": null, "task": null}],
}}

test_deny_github_job_without_environment if {
	findings := policy.deny with input as _doc("github-actions", {})
	findings == {{"msg": "Job \"deploy-prod\" deploys to production without an environment", "path": ["jobs", 0]}}
}

test_allow_github_job_with_environment if {
	count(policy.deny) == 0 with input as _doc("github-actions", {"environment": {"name": "production"}})
}

test_deny_azure_plain_job if {
	count(policy.deny) == 1 with input as _doc("azure-pipelines", {"environment": null})
}

test_allow_azure_deployment_job if {
	count(policy.deny) == 0 with input as _doc("azure-pipelines", {"kind": "deployment", "environment": {"name": "prod"}})
}

test_allow_non_production if {
	count(policy.deny) == 0 with input as _doc("github-actions", {"id": "deploy-staging", "name": "deploy-staging"})
}
