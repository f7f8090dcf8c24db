# METADATA
# title: OpenSearch domain accepts plain HTTP
# description: |
#   With domain_endpoint_options.enforce_https = false the domain endpoint accepts HTTP, so queries,
#   documents and credentials cross the network unencrypted.
# custom:
#   id: TF-0115
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Set domain_endpoint_options { enforce_https = true }.
#   inputs: [{kind: terraform, resources: [aws_opensearch_domain, aws_elasticsearch_domain]}]
package comply.terraform.aws.opensearch_https_not_enforced

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["domain_endpoint_options", 0, "enforce_https"]]

deny contains finding if {
	terraform.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s accepts plain HTTP requests", [terraform.address]), terraform.at(p))
}
