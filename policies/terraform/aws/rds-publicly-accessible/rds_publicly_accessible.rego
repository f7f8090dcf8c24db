# METADATA
# title: RDS database instance is publicly accessible
# description: |
#   publicly_accessible = true gives the instance a public DNS name and IP address; only its
#   security group then separates the database from the internet.
# custom:
#   id: TF-0102
#   severity: high
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.22"], cis-aws: ["2.3.3"]}
#   remediation: Set publicly_accessible = false and reach the database from inside the VPC.
#   inputs: [{kind: terraform, resources: [aws_db_instance, aws_rds_cluster_instance]}]
package comply.terraform.aws.rds_publicly_accessible

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["publicly_accessible"]]

deny contains finding if {
	terraform.type in {"aws_db_instance", "aws_rds_cluster_instance"}
	some p in _paths
	terraform.enabled(p)
	finding := result.fail(sprintf("%s is publicly accessible", [terraform.address]), terraform.at(p))
}
