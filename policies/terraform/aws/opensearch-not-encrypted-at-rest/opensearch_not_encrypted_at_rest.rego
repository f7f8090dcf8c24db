# METADATA
# title: OpenSearch domain is not encrypted at rest
# description: |
#   Indices, logs and automated snapshots of an OpenSearch (Elasticsearch) domain are unencrypted
#   unless encrypt_at_rest.enabled is true.
# custom:
#   id: TF-0113
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Add encrypt_at_rest { enabled = true }.
#   inputs: [{kind: terraform, resources: [aws_opensearch_domain, aws_elasticsearch_domain]}]
package comply.terraform.aws.opensearch_not_encrypted_at_rest

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["encrypt_at_rest", 0, "enabled"]]

deny contains finding if {
	terraform.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s stores data unencrypted at rest", [terraform.address]), terraform.at(p))
}

deny contains finding if {
	terraform.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}
	every p in _paths {
		terraform.missing(p)
	}
	finding := result.fail(sprintf("%s stores data unencrypted at rest", [terraform.address]), terraform.at(_paths[0]))
}
