# METADATA
# title: OpenSearch domain nodes talk to each other unencrypted
# description: |
#   Without node_to_node_encryption the nodes of a domain replicate shards and forward queries in
#   clear text inside the VPC.
# custom:
#   id: TF-0114
#   severity: medium
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Add node_to_node_encryption { enabled = true }.
#   inputs: [{kind: terraform, resources: [aws_opensearch_domain, aws_elasticsearch_domain]}]
package comply.terraform.aws.opensearch_node_to_node_unencrypted

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["node_to_node_encryption", 0, "enabled"]]

deny contains finding if {
	terraform.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s does not encrypt traffic between its nodes", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s does not encrypt traffic between its nodes", [terraform.address]), terraform.at(_paths[0]))
}
