package comply.terraform.aws.ecs_privileged_container_test

import data.comply.terraform.aws.ecs_privileged_container as policy

_doc(t, values) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": {},
}}

_unknown_doc(t, values, unknown) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": values,
	"unknown": unknown,
}}

test_deny if {
	count(policy.deny) == 1 with input as _doc("aws_ecs_task_definition", {"container_definitions": `[{"name": "app", "privileged": true}]`})
	count(policy.deny) == 1 with input as _doc("aws_ecs_task_definition", {"container_definitions": [{"name": "app", "privileged": true}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_ecs_task_definition", {"container_definitions": `[{"name": "app", "privileged": false}]`})
	count(policy.deny) == 0 with input as _doc("aws_ecs_task_definition", {"container_definitions": "not json"})
	count(policy.deny) == 0 with input as _unknown_doc("aws_ecs_task_definition", {}, {"container_definitions": true})
}
