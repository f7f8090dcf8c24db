# METADATA
# title: EKS API endpoint is reachable from any address
# description: |
#   An EKS cluster's API endpoint is public by default (vpc_config.endpoint_public_access) and open
#   to 0.0.0.0/0 unless public_access_cidrs restricts it, so the control plane is exposed to
#   scanning and credential attacks from the whole internet.
# custom:
#   id: TF-0117
#   severity: high
#   category: network-isolation
#   frameworks: {nsa-kubernetes: ["control-plane-hardening"], soc2: ["CC6.6"], iso27001: ["8.20", "8.22"]}
#   remediation: Set vpc_config.endpoint_public_access = false (with endpoint_private_access = true), or list the admin networks in public_access_cidrs.
#   inputs: [{kind: terraform, resources: [aws_eks_cluster]}]
package comply.terraform.aws.eks_public_endpoint_open

import data.comply.lib.result
import data.comply.lib.terraform

_public if not terraform.disabled(["vpc_config", 0, "endpoint_public_access"])

_cidrs := ["vpc_config", 0, "public_access_cidrs"]

deny contains finding if {
	terraform.type == "aws_eks_cluster"
	_public
	not terraform.is_unknown(["vpc_config", 0, "endpoint_public_access"])
	terraform.missing(_cidrs)
	finding := result.fail(sprintf("%s exposes its API endpoint to the internet", [terraform.address]), terraform.at(["vpc_config", 0, "endpoint_public_access"]))
}

deny contains finding if {
	terraform.type == "aws_eks_cluster"
	_public
	not terraform.is_unknown(["vpc_config", 0, "endpoint_public_access"])
	some i, cidr in terraform.value(_cidrs)
	terraform.open_source(cidr)
	finding := result.fail(sprintf("%s allows %s to reach its API endpoint", [terraform.address, cidr]), array.concat(["values"], array.concat(_cidrs, [i])))
}
