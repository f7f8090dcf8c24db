package comply.terraform.aws.eks_secrets_not_encrypted_test

import data.comply.terraform.aws.eks_secrets_not_encrypted as policy

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
	findings := policy.deny with input as _doc("aws_eks_cluster", {"name": "x"})
	[f.path | some f in findings] == [["values"]]
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_eks_cluster", {"encryption_config": [{"resources": ["secrets"]}]})
	count(policy.deny) == 0 with input as _unknown_doc("aws_eks_cluster", {}, {"encryption_config": true})
}
