# METADATA
# title: API Gateway custom domain allows TLS versions below the minimum
# description: |
#   The security_policy of an API Gateway custom domain (aws_api_gateway_domain_name, or
#   domain_name_configuration of aws_apigatewayv2_domain_name) fixes the protocols clients may use;
#   TLS_1_0 still accepts TLS 1.0 and 1.1. Named policies (SecurityPolicy_TLS13_1_2_...) are read by
#   their minimum version.
# custom:
#   id: TF-0129
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Set security_policy = "TLS_1_2" (or a SecurityPolicy_TLS13_* policy).
#   inputs: [{kind: terraform, resources: [aws_api_gateway_domain_name, aws_apigatewayv2_domain_name]}]
package comply.terraform.aws.api_gateway_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

deny contains finding if {
	input.resource.type == "aws_api_gateway_domain_name"
	finding := _weak(["security_policy"])
}

deny contains finding if {
	input.resource.type == "aws_apigatewayv2_domain_name"
	finding := _weak(["domain_name_configuration", 0, "security_policy"])
}

_weak(p) := finding if {
	sp := terraform.string_value(p)
	terraform.security_policy_below_min(sp)
	finding := result.fail(
		sprintf("%s uses %s, which allows %s, below the minimum %s", [terraform.address, sp, terraform.rank_name(terraform.security_policy_rank(sp)), tls.min_version_name]),
		array.concat(["values"], p),
	)
}
