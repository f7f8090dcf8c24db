package comply.terraform.aws.eks_public_endpoint_open_test

import data.comply.terraform.aws.eks_public_endpoint_open as policy

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
	findings := policy.deny with input as _doc("aws_eks_cluster", {"vpc_config": [{"subnet_ids": ["a"]}]})
	[f.path | some f in findings] == [["values", "vpc_config", 0]]
	count(policy.deny) == 1 with input as _doc("aws_eks_cluster", {"vpc_config": [{"endpoint_public_access": true, "public_access_cidrs": ["0.0.0.0/0"]}]})
}

test_allow if {
	count(policy.deny) == 0 with input as _doc("aws_eks_cluster", {"vpc_config": [{"endpoint_public_access": false}]})
	count(policy.deny) == 0 with input as _doc("aws_eks_cluster", {"vpc_config": [{"public_access_cidrs": ["203.0.113.0/24"]}]})
	count(policy.deny) == 0 with input as _unknown_doc("aws_eks_cluster", {"vpc_config": [{}]}, {"vpc_config": [{"endpoint_public_access": true}]})
}
