# METADATA
# title: Load balancer listener serves plain HTTP
# description: |
#   An ALB listener with protocol HTTP carries requests, cookies and credentials unencrypted; a
#   plain HTTP listener is acceptable only when its default action redirects to HTTPS. A listener
#   without protocol on an application load balancer of the configuration is HTTP (the default).
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

# No protocol: HTTP when the listener belongs to an application load balancer (load_balancer_type
# defaults to "application"); network and gateway load balancers have no such default.
_on_application_lb if {
	some t in ["aws_lb", "aws_alb"]
	some lb in terraform.related(t)
	lower(terraform.string_in(lb, ["load_balancer_type"])) == "application"
}

_on_application_lb if {
	some t in ["aws_lb", "aws_alb"]
	some lb in terraform.related(t)
	terraform.missing_in(lb, ["load_balancer_type"])
}

deny contains finding if {
	terraform.missing(["protocol"])
	_on_application_lb
	not _redirects
	finding := result.fail(sprintf("%s serves plain HTTP (protocol defaults to HTTP)", [terraform.address]), ["values"])
}
