package comply.terraform.aws.ebs_not_encrypted_test

import data.comply.terraform.aws.ebs_not_encrypted as policy

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

test_deny_volume_and_devices if {
	count(policy.deny) == 1 with input as _doc("aws_ebs_volume", {"size": 10})
	findings := policy.deny with input as _doc("aws_instance", {"root_block_device": [{"encrypted": false}], "ebs_block_device": [{"encrypted": true}]})
	[f.path | some f in findings] == [["values", "root_block_device", 0, "encrypted"]]
	count(policy.deny) == 1 with input as _doc("aws_launch_template", {"block_device_mappings": [{"ebs": [{"volume_size": 10}]}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_ebs_volume", {"encrypted": true})
	count(policy.deny) == 0 with input as _doc("aws_ebs_volume", {"snapshot_id": "snap-1"})
	count(policy.deny) == 0 with input as _doc("aws_instance", {"ami": "ami-1"})
	count(policy.deny) == 0 with input as _unknown_doc("aws_ebs_volume", {}, {"encrypted": true})
}
