package comply.pipelines.script_injection_test

import data.comply.pipelines.script_injection as policy

_doc(kind, step) := {"kind": kind, "resource": {"steps": [object.union({"job": 0, "job_id": "t", "index": 0, "name": "Greet", "via": null, "uses": null, "expressions": []}, step)]}}

test_deny_pull_request_title if {
	step := {"expressions": [{"expr": "github.event.pull_request.title", "syntax": "template", "n": 2}]}
	findings := policy.deny with input as _doc("github-actions", step)
	findings == {{"msg": "step \"Greet\" of job \"t\" interpolates untrusted github.event.pull_request.title into its script (line 2)", "path": ["steps", 0, "expressions", 0]}}
}

test_deny_head_ref_and_commit_message if {
	step := {"expressions": [
		{"expr": "github.head_ref", "syntax": "template", "n": 1},
		{"expr": "github.event.head_commit.message", "syntax": "template", "n": 1},
	]}
	count(policy.deny) == 2 with input as _doc("github-actions", step)
}

test_allow_trusted_contexts if {
	step := {"expressions": [
		{"expr": "github.sha", "syntax": "template", "n": 1},
		{"expr": "github.event.pull_request.number", "syntax": "template", "n": 1},
		{"expr": "inputs.version", "syntax": "template", "n": 1},
	]}
	count(policy.deny) == 0 with input as _doc("github-actions", step)
}

test_deny_azure_commit_message_macro if {
	step := {"expressions": [{"expr": "Build.SourceVersionMessage", "syntax": "macro", "n": 1}]}
	count(policy.deny) == 1 with input as _doc("azure-pipelines", step)
	count(policy.deny) == 0 with input as _doc("github-actions", step)
}

test_deny_github_script if {
	step := {"uses": {"action": "actions/github-script"}, "with": {"script": "const t = \"${{ github.event.issue.title }}\""}}
	{f.path | some f in policy.deny with input as _doc("github-actions", step)} == {["steps", 0, "with", "script"]}
}
