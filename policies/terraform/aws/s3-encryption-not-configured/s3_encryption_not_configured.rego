# METADATA
# title: S3 bucket has no explicit server-side encryption configuration
# description: |
#   Since January 2023 S3 encrypts new objects with SSE-S3 whatever the configuration says, so a
#   bucket is never stored in clear; but a bucket without an explicit encryption configuration
#   leaves the key choice to that default, cannot require KMS keys, and is what auditors and the
#   CIS benchmark ask to see declared. A bucket is reported (low) when neither its legacy
#   server_side_encryption_configuration block nor an aws_s3_bucket_server_side_encryption_configuration
#   resource that refers to it declares the encryption. Unknown values are not judged.
# custom:
#   id: TF-0133
#   severity: low
#   category: encryption
#   frameworks: {soc2: ["C1.1"], iso27001: ["8.24"]}
#   remediation: Add aws_s3_bucket_server_side_encryption_configuration for the bucket (sse_algorithm aws:kms with a customer key, or AES256).
#   inputs: [{kind: terraform, resources: [aws_s3_bucket]}]
package comply.terraform.aws.s3_encryption_not_configured

import data.comply.lib.result
import data.comply.lib.terraform

_declared if count(terraform.blocks(["server_side_encryption_configuration"])) > 0

_declared if terraform.is_unknown(["server_side_encryption_configuration"])

_declared if count(terraform.related("aws_s3_bucket_server_side_encryption_configuration")) > 0

deny contains finding if {
	not _declared
	finding := result.fail(
		sprintf("%s declares no server-side encryption (it relies on the S3 default)", [terraform.address]),
		terraform.at(["server_side_encryption_configuration"]),
	)
}
