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

_alternatives(plain_conditional, deploy_conditional, deploy_environment) := {"kind": "azure-pipelines", "resource": {
	"stages": [{"id": "Deploy_prod"}],
	"jobs": [
		{"id": "release_prod", "name": null, "stage": "Deploy_prod", "kind": "deployment", "conditional": deploy_conditional, "environment": deploy_environment},
		{"id": "release_prod", "name": null, "stage": "Deploy_prod", "kind": "job", "conditional": plain_conditional, "environment": null},
	],
	"steps": [
		{"job": 0, "name": "Deploy", "with": {}, "lines": [{"n": 1, "text": "kubectl apply -f k8s/"}], "uses": null, "task": null},
		{"job": 1, "name": "Deploy", "with": {}, "lines": [{"n": 1, "text": "kubectl apply -f k8s/"}], "uses": null, "task": null},
	],
}}

test_allow_if_else_alternative_of_deployment_job if {
	count(policy.deny) == 0 with input as _alternatives(true, true, {"name": "prod"})
}

test_deny_alternative_without_environment_or_unconditional if {
	findings := policy.deny with input as _alternatives(true, true, null)
	count(findings) == 2
	[f.path | some f in policy.deny] == [["jobs", 1]] with input as _alternatives(false, true, {"name": "prod"})
	[f.path | some f in policy.deny] == [["jobs", 1]] with input as _alternatives(true, false, {"name": "prod"})
}
