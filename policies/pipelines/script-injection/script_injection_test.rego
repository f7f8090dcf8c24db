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

_composite(passed) := {"kind": "github-actions", "resource": {
	"jobs": [{"id": "greet", "kind": "job", "with": {}, "uses": null}],
	"steps": [
		{"job": 0, "job_id": "greet", "index": 0, "name": null, "via": null, "uses": {"kind": "local", "path": "./.github/actions/greet", "raw": "./.github/actions/greet", "action": "./.github/actions/greet"}, "task": null, "with": {"title": passed}, "expressions": [], "lines": []},
		{"job": 0, "job_id": "greet", "index": 0, "name": null, "via": "./.github/actions/greet", "uses": null, "task": null, "with": {}, "lines": [{"n": 1, "text": "echo \"${{ inputs.title }}\""}], "expressions": [{"expr": "inputs.title", "n": 1, "syntax": "template"}]},
	],
}}

test_deny_untrusted_input_passed_to_composite_action if {
	findings := policy.deny with input as _composite("${{ github.event.pull_request.title }}")
	[f.path | some f in findings] == [["steps", 0, "with", "title"]]
}

test_allow_trusted_input_passed_to_composite_action if {
	count(policy.deny) == 0 with input as _composite("${{ github.event.pull_request.number }}")
}

test_deny_untrusted_input_passed_to_reusable_workflow if {
	doc := {"kind": "github-actions", "resource": {
		"jobs": [{"id": "build", "kind": "call", "uses": {"kind": "local", "path": "./.github/workflows/build.yml"}, "with": {"branch": "${{ github.head_ref }}"}}],
		"steps": [{"job": 0, "job_id": "build/run", "index": 0, "name": null, "via": "./.github/workflows/build.yml", "uses": null, "task": null, "with": {}, "lines": [{"n": 1, "text": "git checkout ${{ inputs.branch }}"}], "expressions": [{"expr": "inputs.branch", "n": 1, "syntax": "template"}]}],
	}}
	[f.path | some f in policy.deny] == [["jobs", 0, "with", "branch"]] with input as doc
}
