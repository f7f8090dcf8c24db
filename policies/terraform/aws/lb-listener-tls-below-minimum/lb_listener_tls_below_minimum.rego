# METADATA
# title: Load balancer listener allows TLS versions below the minimum
# description: |
#   The ssl_policy of an HTTPS (ALB) or TLS (NLB) listener fixes the protocols it negotiates.
#   Policies such as ELBSecurityPolicy-2016-08 (the default when ssl_policy is omitted) and
#   ELBSecurityPolicy-TLS-1-1-2017-01 still allow TLS 1.0 or 1.1; the policy's minimum is compared
#   with params.min_tls_version.
# custom:
#   id: TF-0122
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another policy whose minimum is at least the required version).
#   inputs: [{kind: terraform, resources: [aws_lb_listener, aws_alb_listener]}]
package comply.terraform.aws.lb_listener_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

_default := "ELBSecurityPolicy-2016-08"

_tls if upper(terraform.string_value(["protocol"])) in {"HTTPS", "TLS"}

deny contains finding if {
	_tls
	policy := terraform.string_value(["ssl_policy"])
	terraform.security_policy_below_min(policy)
	finding := result.fail(
		sprintf("%s uses %s, which allows %s, below the minimum %s", [terraform.address, policy, terraform.rank_name(terraform.security_policy_rank(policy)), tls.min_version_name]),
		["values", "ssl_policy"],
	)
}

deny contains finding if {
	_tls
	terraform.missing(["ssl_policy"])
	terraform.security_policy_below_min(_default)
	finding := result.fail(
		sprintf("%s uses the default %s, which allows TLS 1.0, below the minimum %s", [terraform.address, _default, tls.min_version_name]),
		["values"],
	)
}
