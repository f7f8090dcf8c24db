package comply.terraform.aws.kms_key_rotation_disabled_test

import data.comply.terraform.aws.kms_key_rotation_disabled as policy

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
	findings := policy.deny with input as _doc("aws_kms_key", {})
	[f.path | some f in findings] == [["values"]]
	count(policy.deny) == 1 with input as _doc("aws_kms_key", {"enable_key_rotation": false})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_kms_key", {"enable_key_rotation": true})
	count(policy.deny) == 0 with input as _doc("aws_kms_key", {"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"})
	count(policy.deny) == 0 with input as _unknown_doc("aws_kms_key", {}, {"enable_key_rotation": true})
}

test_allow_keys_that_cannot_rotate if {
	count(policy.deny) == 0 with input as _doc("aws_kms_key", {"key_usage": "SIGN_VERIFY", "enable_key_rotation": false})
	count(policy.deny) == 0 with input as _doc("aws_kms_key", {"key_usage": "GENERATE_VERIFY_MAC", "customer_master_key_spec": "HMAC_256"})
	count(policy.deny) == 1 with input as _doc("aws_kms_key", {"key_usage": "ENCRYPT_DECRYPT", "enable_key_rotation": false})
}
