package comply.pipelines.deploy_without_security_scan_test

import data.comply.pipelines.deploy_without_security_scan as policy

_deploy := {"job": 1, "index": 0, "name": "Deploy", "with": {}, "uses": null, "task": null, "lines": [{"n": 1, "text": "helm upgrade --install shop charts/shop"}]}

_doc(scan_steps) := {"kind": "github-actions", "resource": {
	"stages": [],
	"jobs": [
		{"id": "build", "name": "build", "stage": null, "upstream": [], "environment": null},
		{"id": "prod", "name": "prod", "stage": null, "upstream": [0], "environment": {"name": "production"}},
	],
	"steps": array.concat(scan_steps, [_deploy]),
}}

test_deny_without_scan if {
	findings := policy.deny with input as _doc([{"job": 0, "index": 0, "uses": null, "task": null, "lines": [{"n": 1, "text": "make"}]}])
	findings == {{"msg": "Job \"prod\" deploys to production with no security scan before it in the run", "path": ["jobs", 1]}}
}

test_allow_scan_in_upstream_job if {
	count(policy.deny) == 0 with input as _doc([{"job": 0, "index": 0, "uses": {"action": "aquasecurity/trivy-action"}, "task": null, "lines": []}])
}

test_allow_scan_command if {
	count(policy.deny) == 0 with input as _doc([{"job": 0, "index": 0, "uses": null, "task": null, "lines": [{"n": 1, "text": "grype dir:. --fail-on high"}]}])
}

test_configured_scanner_list if {
	steps := [{"job": 0, "index": 0, "uses": null, "task": null, "lines": [{"n": 1, "text": "acme-scan ."}]}]
	count(policy.deny) == 1 with input as _doc(steps)
	count(policy.deny) == 0 with input as _doc(steps) with data.comply.rule_options as {"deploy-without-security-scan": {"scanners": ["acme-scan"]}}
}
