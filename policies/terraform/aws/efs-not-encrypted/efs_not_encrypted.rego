# METADATA
# title: EFS file system is not encrypted
# description: |
#   An EFS file system is encrypted at rest only when created with encrypted = true; it cannot be
#   turned on later.
# custom:
#   id: TF-0110
#   severity: high
#   category: encryption
#   frameworks: {cis-aws: ["2.4.1"], soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Set encrypted = true (optionally with kms_key_id).
#   inputs: [{kind: terraform, resources: [aws_efs_file_system]}]
package comply.terraform.aws.efs_not_encrypted

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["encrypted"]]

deny contains finding if {
	terraform.type in {"aws_efs_file_system"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s stores data unencrypted", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_efs_file_system"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s stores data unencrypted", [terraform.address]), terraform.at(_paths[0]))
}
