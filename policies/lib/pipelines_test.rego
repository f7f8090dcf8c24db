package comply.lib.pipelines_test

import data.comply.lib.pipelines

test_steps_without_action_or_task_are_not_errors if {
	docker := {"job": 0, "index": 0, "uses": {"kind": "docker", "action": null}, "task": null, "lines": [], "with": {}}
	not pipelines.deploy_step(docker)
	not pipelines.scan_step(docker, ["trivy", 3])
}

test_deploy_and_scan_steps if {
	pipelines.deploy_step({"uses": {"action": "Azure/WebApps-Deploy"}, "task": null, "lines": []})
	pipelines.deploy_step({"uses": null, "task": {"name": "HelmDeploy"}, "lines": []})
	pipelines.deploy_step({"uses": null, "task": null, "lines": [{"n": 1, "text": "helm upgrade --install api ./chart"}]})
	not pipelines.deploy_step({"uses": null, "task": null, "lines": [{"n": 1, "text": "helm lint ./chart"}]})
	pipelines.scan_step({"uses": null, "task": null, "lines": [{"n": 1, "text": "trivy image app:1"}]}, pipelines.default_scanners)
	not pipelines.scan_step({"uses": null, "task": null, "lines": [{"n": 1, "text": "echo trivial"}]}, pipelines.default_scanners)
}

test_untrusted_expressions if {
	pipelines.untrusted_expression({"syntax": "template", "expr": "github.event.pull_request.head.ref"})
	not pipelines.untrusted_expression({"syntax": "template", "expr": "github.event.pull_request.head.sha"})
}
