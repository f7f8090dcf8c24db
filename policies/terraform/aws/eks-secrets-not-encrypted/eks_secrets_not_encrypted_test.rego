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
	count(policy.deny) == 0 with input as _doc("aws_eks_cluster", {"encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": "arn:aws:kms:eu-west-1:111122223333:key/k"}]}]})
	count(policy.deny) == 0 with input as _unknown_doc("aws_eks_cluster", {}, {"encryption_config": true})
}

test_deny_without_key if {
	count(policy.deny) == 1 with input as {"kind": "terraform", "resource": {"type": "aws_eks_cluster", "address": "aws_eks_cluster.this", "values": {"encryption_config": [{"resources": ["secrets"]}]}, "unknown": {}}}
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {"type": "aws_eks_cluster", "address": "aws_eks_cluster.this", "values": {"encryption_config": [{"resources": ["secrets"], "provider": [{}]}]}, "unknown": {"encryption_config": [{"provider": [{"key_arn": true}]}]}}}
}
