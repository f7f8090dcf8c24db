# METADATA
# title: OpenSearch domain allows TLS versions below the minimum
# description: |
#   domain_endpoint_options.tls_security_policy chooses the protocols the domain endpoint accepts;
#   Policy-Min-TLS-1-0-2019-07, the service default when none is set, still allows TLS 1.0 and 1.1.
# custom:
#   id: TF-0116
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Set domain_endpoint_options { tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10" }.
#   inputs: [{kind: terraform, resources: [aws_opensearch_domain, aws_elasticsearch_domain]}]
package comply.terraform.aws.opensearch_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

_path := ["domain_endpoint_options", 0, "tls_security_policy"]

_default := "Policy-Min-TLS-1-0-2019-07"

deny contains finding if {
	policy := terraform.string_value(_path)
	terraform.security_policy_below_min(policy)
	finding := result.fail(
		sprintf("%s uses %s, which allows %s, below the minimum %s", [terraform.address, policy, terraform.rank_name(terraform.security_policy_rank(policy)), tls.min_version_name]),
		_full,
	)
}

_full := array.concat(["values"], _path)

deny contains finding if {
	terraform.missing(_path)
	terraform.security_policy_below_min(_default)
	finding := result.fail(
		sprintf("%s uses the default TLS policy %s, below the minimum %s", [terraform.address, _default, tls.min_version_name]),
		terraform.at(_path),
	)
}
