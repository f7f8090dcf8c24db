package comply.terraform.aws.s3_tls_not_enforced_test

import data.comply.terraform.aws.s3_tls_not_enforced as policy

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

_tls_policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

test_deny if {
	findings := policy.deny with input as _doc("aws_s3_bucket", {"bucket": "b"})
	[f.path | some f in findings] == [["values"]]
	count(policy.deny) == 1 with input as _doc("aws_s3_bucket", {"policy": `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}`})
}

test_allow_inline_and_related if {
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket", {"policy": _tls_policy})
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {"type": "aws_s3_bucket", "values": {}, "unknown": {},
		"related": {"aws_s3_bucket_policy": [{"type": "aws_s3_bucket_policy", "values": {"policy": _tls_policy}, "unknown": {}}]}}}
}

test_allow_unknown_policy if {
	count(policy.deny) == 0 with input as {"kind": "terraform", "resource": {"type": "aws_s3_bucket", "values": {}, "unknown": {},
		"related": {"aws_s3_bucket_policy": [{"type": "aws_s3_bucket_policy", "values": {}, "unknown": {"policy": true}}]}}}
}

_tls_version_policy(op) := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {op: {"s3:TlsVersion": "1.2"}}}]})

# A request over plain HTTP has no s3:TlsVersion: only the IfExists form denies it.
test_tls_version_condition_needs_if_exists if {
	count(policy.deny) == 1 with input as _doc("aws_s3_bucket", {"policy": _tls_version_policy("NumericLessThan")})
	count(policy.deny) == 0 with input as _doc("aws_s3_bucket", {"policy": _tls_version_policy("NumericLessThanIfExists")})
}
