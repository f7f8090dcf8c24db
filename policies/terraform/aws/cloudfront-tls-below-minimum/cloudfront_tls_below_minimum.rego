# METADATA
# title: CloudFront distribution allows TLS versions below the minimum
# description: |
#   viewer_certificate.minimum_protocol_version sets the oldest protocol viewers may use with a
#   custom certificate; it defaults to TLSv1. A distribution on the default *.cloudfront.net
#   certificate (cloudfront_default_certificate = true, or no viewer_certificate at all) always
#   gets the TLSv1 security policy, whatever minimum_protocol_version says.
# custom:
#   id: TF-0124
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"]}
#   remediation: Serve a custom (ACM) certificate with viewer_certificate { minimum_protocol_version = "TLSv1.2_2021" }.
#   inputs: [{kind: terraform, resources: [aws_cloudfront_distribution]}]
package comply.terraform.aws.cloudfront_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

_path := ["viewer_certificate", 0, "minimum_protocol_version"]

_custom_certificate if not terraform.enabled(["viewer_certificate", 0, "cloudfront_default_certificate"])

deny contains finding if {
	_custom_certificate
	v := terraform.string_value(_path)
	tls.below_min(v)
	finding := result.fail(sprintf("%s allows %s (viewer_certificate.minimum_protocol_version = %q), below the minimum %s", [terraform.address, tls.version_name(v), v, tls.min_version_name]), array.concat(["values"], _path))
}

deny contains finding if {
	_custom_certificate
	terraform.known(["viewer_certificate", 0])
	terraform.missing(_path)
	tls.below_min("TLSv1")
	finding := result.fail(sprintf("%s uses the default minimum protocol TLSv1, below the minimum %s", [terraform.address, tls.min_version_name]), terraform.at(_path))
}

_default_path := ["viewer_certificate", 0, "cloudfront_default_certificate"]

deny contains finding if {
	terraform.type == "aws_cloudfront_distribution"
	terraform.enabled(_default_path)
	tls.below_min("TLSv1")
	finding := result.fail(
		sprintf("%s serves the default *.cloudfront.net certificate, whose security policy accepts TLSv1, below the minimum %s", [terraform.address, tls.min_version_name]),
		array.concat(["values"], _default_path),
	)
}

deny contains finding if {
	terraform.type == "aws_cloudfront_distribution"
	terraform.missing(["viewer_certificate"])
	tls.below_min("TLSv1")
	finding := result.fail(
		sprintf("%s has no viewer_certificate: the default *.cloudfront.net certificate accepts TLSv1, below the minimum %s", [terraform.address, tls.min_version_name]),
		["values"],
	)
}
