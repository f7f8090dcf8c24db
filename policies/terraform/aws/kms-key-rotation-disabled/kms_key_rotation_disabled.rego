# METADATA
# title: KMS key is not rotated automatically
# description: |
#   Symmetric customer-managed KMS keys get new key material every year (or rotation_period_in_days)
#   only when enable_key_rotation is true; it is off by default. Asymmetric and HMAC keys cannot
#   rotate and are not judged.
# custom:
#   id: TF-0108
#   severity: medium
#   category: encryption
#   frameworks: {soc2: ["CC6.1"], iso27001: ["8.24"], cis-aws: ["3.6"]}
#   remediation: Set enable_key_rotation = true.
#   inputs: [{kind: terraform, resources: [aws_kms_key]}]
package comply.terraform.aws.kms_key_rotation_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_symmetric if terraform.missing(["customer_master_key_spec"])

_symmetric if terraform.string_value(["customer_master_key_spec"]) == "SYMMETRIC_DEFAULT"

# Only symmetric encryption keys rotate automatically (SIGN_VERIFY and GENERATE_VERIFY_MAC keys cannot).
_encryption_key if terraform.missing(["key_usage"])

_encryption_key if terraform.string_value(["key_usage"]) == "ENCRYPT_DECRYPT"

deny contains finding if {
	terraform.type == "aws_kms_key"
	_symmetric
	_encryption_key
	terraform.off(["enable_key_rotation"])
	finding := result.fail(sprintf("%s is not rotated automatically", [terraform.address]), terraform.at(["enable_key_rotation"]))
}
