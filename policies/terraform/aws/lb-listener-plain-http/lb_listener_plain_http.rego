# METADATA
# title: Load balancer listener serves plain HTTP
# description: |
#   An ALB listener with protocol HTTP carries requests, cookies and credentials unencrypted; a
#   plain HTTP listener is acceptable only when its default action redirects to HTTPS.
# custom:
#   id: TF-0121
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Use protocol = "HTTPS" with a certificate, or make the HTTP listener's default_action a redirect with protocol = "HTTPS".
#   inputs: [{kind: terraform, resources: [aws_lb_listener, aws_alb_listener]}]
package comply.terraform.aws.lb_listener_plain_http

import data.comply.lib.result
import data.comply.lib.terraform

_redirects if {
	some a in terraform.blocks(["default_action"])
	some r in terraform.blocks(array.concat(a.rel, ["redirect"]))
	upper(terraform.string_value(array.concat(r.rel, ["protocol"]))) == "HTTPS"
}

_redirects if terraform.is_unknown(["default_action"])

deny contains finding if {
	upper(terraform.string_value(["protocol"])) == "HTTP"
	not _redirects
	finding := result.fail(sprintf("%s serves plain HTTP", [terraform.address]), ["values", "protocol"])
}
