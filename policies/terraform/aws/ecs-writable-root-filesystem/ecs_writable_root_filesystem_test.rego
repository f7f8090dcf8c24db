package comply.terraform.aws.ecs_writable_root_filesystem_test

import data.comply.terraform.aws.ecs_writable_root_filesystem as policy

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
	count(policy.deny) == 1 with input as _doc("aws_ecs_task_definition", {"container_definitions": `[{"name": "app"}]`})
	count(policy.deny) == 2 with input as _doc("aws_ecs_task_definition", {"container_definitions": [{"name": "a"}, {"name": "b", "readonlyRootFilesystem": false}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_ecs_task_definition", {"container_definitions": `[{"name": "app", "readonlyRootFilesystem": true}]`})
	count(policy.deny) == 0 with input as _unknown_doc("aws_ecs_task_definition", {}, {"container_definitions": true})
}
