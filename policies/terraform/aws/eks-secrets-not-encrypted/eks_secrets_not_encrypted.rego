# METADATA
# title: EKS cluster does not encrypt Kubernetes secrets with KMS
# description: |
#   Envelope encryption of Kubernetes secrets with a KMS key (encryption_config with resources =
#   ["secrets"]) protects them in etcd and its backups beyond the default volume encryption, and
#   makes access to them auditable and revocable through the key.
# custom:
#   id: TF-0118
#   severity: medium
#   category: encryption
#   frameworks: {nsa-kubernetes: ["encryption"], soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Add encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.eks.arn } }.
#   inputs: [{kind: terraform, resources: [aws_eks_cluster]}]
package comply.terraform.aws.eks_secrets_not_encrypted

import data.comply.lib.result
import data.comply.lib.terraform

# An encryption_config for secrets needs its KMS key (provider { key_arn }).
_encrypts if {
	some b in terraform.blocks(["encryption_config"])
	"secrets" in terraform.value(array.concat(b.rel, ["resources"]))
	not terraform.missing(array.concat(b.rel, ["provider", 0, "key_arn"]))
}

_encrypts if terraform.is_unknown(["encryption_config"])

_encrypts if {
	some b in terraform.blocks(["encryption_config"])
	terraform.is_unknown(array.concat(b.rel, ["resources"]))
}

deny contains finding if {
	terraform.type == "aws_eks_cluster"
	not _encrypts
	finding := result.fail(sprintf("%s does not encrypt secrets with KMS", [terraform.address]), terraform.at(["encryption_config", 0, "resources"]))
}
