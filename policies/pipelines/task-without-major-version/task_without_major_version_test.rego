package comply.pipelines.task_without_major_version_test

import data.comply.pipelines.task_without_major_version as policy

_doc(task) := {"kind": "azure-pipelines", "resource": {"steps": [{"job": 0, "job_id": "Build", "index": 0, "name": null, "uses": null, "task": task}]}}

test_deny_unversioned if {
	findings := policy.deny with input as _doc({"raw": "DotNetCoreCLI", "name": "DotNetCoreCLI", "version": null, "major": false})
	findings == {{"msg": "step \"DotNetCoreCLI\" of job \"Build\" runs task DotNetCoreCLI without a major version", "path": ["steps", 0, "task"]}}
}

test_allow_versioned_and_scripts if {
	count(policy.deny) == 0 with input as _doc({"raw": "DotNetCoreCLI@2", "name": "DotNetCoreCLI", "version": "2", "major": true})
	count(policy.deny) == 0 with input as _doc(null)
}
