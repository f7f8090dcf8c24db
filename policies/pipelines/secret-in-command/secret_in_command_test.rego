package comply.pipelines.secret_in_command_test

import data.comply.pipelines.secret_in_command as policy

_doc(kind, exprs) := {"kind": kind, "resource": {"steps": [{"job": 0, "job_id": "d", "index": 0, "name": "Login", "via": null, "expressions": exprs, "lines": [{"n": e.n, "text": e.text} | some e in exprs]}]}}

test_deny_secret_on_command_line if {
	findings := policy.deny with input as _doc("github-actions", [{"expr": "secrets.REGISTRY_PASSWORD", "syntax": "template", "n": 1, "text": "docker login -p ${{ secrets.REGISTRY_PASSWORD }} ghcr.io"}])
	findings == {{"msg": "step \"Login\" of job \"d\" puts on a command line secret secrets.REGISTRY_PASSWORD (script line 1)", "path": ["steps", 0, "expressions", 0]}}
}

test_deny_echoed_secret if {
	findings := policy.deny with input as _doc("github-actions", [{"expr": "secrets.KEY", "syntax": "template", "n": 1, "text": "echo \"${{ secrets.KEY }}\" > key.pem"}])
	some f in findings
	contains(f.msg, "echoes")
}

test_deny_azure_secret_macro if {
	count(policy.deny) == 1 with input as _doc("azure-pipelines", [{"expr": "System.AccessToken", "syntax": "macro", "n": 1, "text": "git -c http.extraheader=\"AUTHORIZATION: bearer $(System.AccessToken)\" fetch"}])
}

test_allow_other_expressions if {
	count(policy.deny) == 0 with input as _doc("github-actions", [{"expr": "github.sha", "syntax": "template", "n": 1, "text": "echo ${{ github.sha }}"}])
	count(policy.deny) == 0 with input as _doc("azure-pipelines", [{"expr": "Build.BuildId", "syntax": "macro", "n": 1, "text": "echo $(Build.BuildId)"}])
}
