package comply.terraform.aws.backup_plan_retention_short_test

import data.comply.terraform.aws.backup_plan_retention_short as policy

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
	findings := policy.deny with input as _doc("aws_backup_plan", {"rule": [{"rule_name": "daily", "lifecycle": [{"delete_after": 3}]}]})
	[f.path | some f in findings] == [["values", "rule", 0, "lifecycle", 0, "delete_after"]]
	count(policy.deny) == 1 with input as _doc("aws_backup_plan", {"rule": [{"copy_action": [{"lifecycle": [{"delete_after": 1}]}]}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_backup_plan", {"rule": [{"rule_name": "daily", "lifecycle": [{"delete_after": 35}]}]})
	count(policy.deny) == 0 with input as _doc("aws_backup_plan", {"rule": [{"rule_name": "forever"}]})
}
