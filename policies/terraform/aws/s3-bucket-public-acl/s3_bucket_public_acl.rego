# METADATA
# title: S3 bucket grants public access through its ACL
# description: |
#   The canned ACLs public-read and public-read-write grant everyone (and authenticated-read every
#   AWS account) access to list and read (or write) the bucket, set on the bucket (acl, before aws
#   provider v4) or with aws_s3_bucket_acl.
# custom:
#   id: TF-0126
#   severity: high
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.3", "8.12"], cis-aws: ["2.1.4"]}
#   remediation: Use acl = "private" (or no ACL, with object ownership BucketOwnerEnforced) and share through CloudFront or presigned URLs.
#   inputs: [{kind: terraform, resources: [aws_s3_bucket, aws_s3_bucket_acl]}]
package comply.terraform.aws.s3_bucket_public_acl

import data.comply.lib.result
import data.comply.lib.terraform

_public := {"public-read", "public-read-write", "authenticated-read"}

deny contains finding if {
	terraform.type in {"aws_s3_bucket", "aws_s3_bucket_acl"}
	acl := terraform.string_value(["acl"])
	acl in _public
	finding := result.fail(sprintf("%s grants %s access", [terraform.address, acl]), ["values", "acl"])
}
