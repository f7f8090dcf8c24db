package comply.lib.kubernetes_test

import data.comply.lib.kubernetes

test_containers_of_cronjob_include_init_containers if {
	cs := kubernetes.containers with input as {"resource": {
		"kind": "CronJob",
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"containers": [{"name": "a"}],
			"initContainers": [{"name": "b"}],
		}}}}},
	}}
	paths := {c.path | some c in cs}
	paths == {
		["spec", "jobTemplate", "spec", "template", "spec", "containers", 0],
		["spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0],
	}
}

test_no_containers_for_non_workloads if {
	count(kubernetes.containers) == 0 with input as {"resource": {"kind": "Service", "spec": {}}}
}

test_namespace_defaults if {
	kubernetes.namespace == "default" with input as {"resource": {"kind": "Pod", "metadata": {"name": "p"}}}
}

test_params_defaults_and_overrides if {
	data.comply.lib.params.backup_retention_days == 7
	data.comply.lib.params.backup_retention_days == 30 with data.comply.params as {"backup_retention_days": 30}
}
