# METADATA
# title: S3 bucket is not covered by a full public access block
# description: |
#   S3 Block Public Access (block_public_acls, block_public_policy, ignore_public_acls,
#   restrict_public_buckets) is the guard that keeps a mistaken ACL or bucket policy from publishing
#   the bucket. A bucket is reported when no aws_s3_bucket_public_access_block refers to it in the
#   same module, and a public access block is reported for each setting that is off. Account-level
#   blocks (aws_s3_account_public_access_block) are not seen from a bucket's module.
# custom:
#   id: TF-0125
#   severity: high
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.3", "8.12"], cis-aws: ["2.1.4"]}
#   remediation: Add an aws_s3_bucket_public_access_block for the bucket with all four settings true.
#   inputs: [{kind: terraform, resources: [aws_s3_bucket, aws_s3_bucket_public_access_block]}]
package comply.terraform.aws.s3_public_access_block_missing

import data.comply.lib.result
import data.comply.lib.terraform

_settings := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

deny contains finding if {
	terraform.type == "aws_s3_bucket"
	count(terraform.related("aws_s3_bucket_public_access_block")) == 0
	finding := result.fail(sprintf("%s has no public access block", [terraform.address]), ["values"])
}

deny contains finding if {
	terraform.type == "aws_s3_bucket_public_access_block"
	some s in _settings
	terraform.off([s])
	finding := result.fail(sprintf("%s does not set %s", [terraform.address, s]), terraform.at([s]))
}
