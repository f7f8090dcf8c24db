# METADATA
# title: CloudFront distribution serves viewers over plain HTTP
# description: |
#   A cache behavior whose viewer_protocol_policy is "allow-all" serves content and accepts requests
#   over HTTP, where they can be read and altered in transit.
# custom:
#   id: TF-0123
#   severity: high
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Set viewer_protocol_policy = "redirect-to-https" or "https-only" on every cache behavior.
#   inputs: [{kind: terraform, resources: [aws_cloudfront_distribution]}]
package comply.terraform.aws.cloudfront_viewer_plain_http

import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	some key in ["default_cache_behavior", "ordered_cache_behavior"]
	some b in terraform.blocks([key])
	lower(terraform.string_value(array.concat(b.rel, ["viewer_protocol_policy"]))) == "allow-all"
	finding := result.fail(sprintf("%s allows plain HTTP viewers in %s", [terraform.address, key]), array.concat(b.path, ["viewer_protocol_policy"]))
}
