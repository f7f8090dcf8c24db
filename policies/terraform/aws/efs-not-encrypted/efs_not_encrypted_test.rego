package comply.terraform.aws.efs_not_encrypted_test

import data.comply.terraform.aws.efs_not_encrypted as policy

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

test_deny_bad_value if {
	findings := policy.deny with input as _doc("aws_efs_file_system", {"encrypted": false})
	[f.path | some f in findings] == [["values", "encrypted"]]
}

test_allow_good_value if {
	count(policy.deny) == 0 with input as _doc("aws_efs_file_system", {"encrypted": true})
}

test_allow_unknown if {
	count(policy.deny) == 0 with input as _unknown_doc("aws_efs_file_system", {}, {"encrypted": true})
}

test_deny_missing if {
	findings := policy.deny with input as _doc("aws_efs_file_system", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}
