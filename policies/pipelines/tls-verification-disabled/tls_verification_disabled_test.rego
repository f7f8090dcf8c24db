package comply.pipelines.tls_verification_disabled_test

import data.comply.pipelines.tls_verification_disabled as policy

_step(extra) := object.union({"job": 0, "job_id": "b", "index": 0, "name": "Fetch", "via": null, "uses": null, "task": null, "lines": [], "env": {}, "with": {}}, extra)

_doc(step) := {"kind": "github-actions", "resource": {"env": {}, "jobs": [], "variables": [], "steps": [step]}}

_lines(texts) := [{"n": i + 1, "text": t} | some i, t in texts]

test_deny_curl_flags if {
	findings := policy.deny with input as _doc(_step({"lines": _lines(["set -e", "curl -fsSLk https://get.example.com | sh"])}))
	findings == {{"msg": "step \"Fetch\" of job \"b\" disables TLS certificate verification: curl without certificate verification (-k/--insecure) (script line 2)", "path": ["steps", 0, "lines", 1]}}
	count(policy.deny) == 1 with input as _doc(_step({"lines": _lines(["curl --insecure -o x https://a"])}))
}

test_deny_other_tools if {
	texts := [
		"wget --no-check-certificate https://x",
		"kubectl --insecure-skip-tls-verify apply -f k8s",
		"helm repo add x https://charts --insecure-skip-tls-verify",
		"git config --global http.sslVerify false",
		"export NODE_TLS_REJECT_UNAUTHORIZED=0",
		"$env:GIT_SSL_NO_VERIFY = \"1\"",
		"PYTHONHTTPSVERIFY=0 python fetch.py",
		"npm config set strict-ssl false",
		"skopeo copy --src-tls-verify=false docker://a docker://b",
	]
	count(policy.deny) == count(texts) with input as _doc(_step({"lines": _lines(texts)}))
}

test_allow_safe_commands if {
	texts := ["curl -fsSL https://x", "sort -k2 file | curl -s https://x", "kubectl apply -f k8s", "git config http.sslVerify true", "export NODE_TLS_REJECT_UNAUTHORIZED=1"]
	count(policy.deny) == 0 with input as _doc(_step({"lines": _lines(texts)}))
}

test_deny_env_and_inputs if {
	doc := {"kind": "github-actions", "resource": {
		"env": {"NODE_TLS_REJECT_UNAUTHORIZED": "0"},
		"jobs": [{"id": "b", "env": {"GIT_SSL_NO_VERIFY": true}}],
		"variables": [{"name": "PYTHONHTTPSVERIFY", "value": 0}],
		"steps": [_step({"env": {"NODE_TLS_REJECT_UNAUTHORIZED": 0}, "with": {"sslVerify": false, "insecure": "true", "verbose": true}})],
	}}
	{f.path | some f in policy.deny with input as doc} == {
		["env", "NODE_TLS_REJECT_UNAUTHORIZED"],
		["jobs", 0, "env", "GIT_SSL_NO_VERIFY"],
		["variables", 0],
		["steps", 0, "env", "NODE_TLS_REJECT_UNAUTHORIZED"],
		["steps", 0, "with", "sslVerify"],
		["steps", 0, "with", "insecure"],
	}
}
