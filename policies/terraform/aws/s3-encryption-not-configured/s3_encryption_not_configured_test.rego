package comply.terraform.aws.s3_encryption_not_configured_test

import data.comply.terraform.aws.s3_encryption_not_configured as policy

_bucket(values, unknown, related) := {"kind": "terraform", "resource": {
	"address": "aws_s3_bucket.logs",
	"type": "aws_s3_bucket",
	"name": "logs",
	"values": values,
	"unknown": unknown,
	"related": related,
}}

test_bucket_without_configuration_is_reported if {
	findings := policy.deny with input as _bucket({"bucket": "logs"}, {}, {})
	count(findings) == 1
	some f in findings
	f.path == ["values"]
}

test_legacy_block_declares_it if {
	count(policy.deny) == 0 with input as _bucket(
		{"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}]},
		{}, {},
	)
}

test_related_configuration_declares_it if {
	count(policy.deny) == 0 with input as _bucket({}, {}, {"aws_s3_bucket_server_side_encryption_configuration": [{
		"address": "aws_s3_bucket_server_side_encryption_configuration.logs",
		"type": "aws_s3_bucket_server_side_encryption_configuration",
		"values": {},
		"unknown": {},
	}]})
}

test_unknown_block_is_not_judged if {
	count(policy.deny) == 0 with input as _bucket({}, {"server_side_encryption_configuration": true}, {})
}
