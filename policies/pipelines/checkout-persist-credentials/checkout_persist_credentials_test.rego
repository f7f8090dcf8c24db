package comply.pipelines.checkout_persist_credentials_test

import data.comply.pipelines.checkout_persist_credentials as policy

_doc(v) := {"kind": "azure-pipelines", "resource": {"steps": [{"job": 0, "job_id": "Job", "index": 0, "name": null, "via": null, "uses": null, "task": null, "checkout": {"repository": "self", "persist_credentials": v}}]}}

test_deny_persisted if {
	findings := policy.deny with input as _doc(true)
	{f.path | some f in findings} == {["steps", 0, "checkout", "persist_credentials"]}
	count(policy.deny) == 1 with input as _doc("True")
}

test_allow_default_and_false if {
	count(policy.deny) == 0 with input as _doc(null)
	count(policy.deny) == 0 with input as _doc(false)
}
