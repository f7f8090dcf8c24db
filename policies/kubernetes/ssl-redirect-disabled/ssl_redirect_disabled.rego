# METADATA
# title: Ingress disables the HTTPS redirect
# description: |
#   With `nginx.ingress.kubernetes.io/ssl-redirect: "false"` (ingress-nginx) or
#   `ingress.kubernetes.io/ssl-redirect: "false"` (NGINX Inc. controller) the Ingress keeps
#   answering plain HTTP instead of redirecting to HTTPS, so clients that start on http:// send
#   cookies and credentials in clear text. Not reported when
#   `nginx.ingress.kubernetes.io/force-ssl-redirect: "true"` restores the redirect. A
#   `force-ssl-redirect: "false"` alone is not a finding: it is the default and only matters for
#   Ingresses without TLS, which `ingress-without-tls` reports.
# related_resources:
#   - https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#server-side-https-enforcement-through-redirect
# custom:
#   id: K8S-0058
#   severity: medium
#   category: tls
#   frameworks:
#     nsa-kubernetes: ["encryption"]
#     soc2: ["CC6.7"]
#     iso27001: ["8.24"]
#   remediation: Remove the ssl-redirect annotation or set it to "true", so HTTP requests are redirected to HTTPS.
#   inputs: [{kind: kubernetes, resources: [Ingress]}]
package comply.kubernetes.ssl_redirect_disabled

import data.comply.lib.kubernetes
import data.comply.lib.result

_redirect_annotations := ["nginx.ingress.kubernetes.io/ssl-redirect", "ingress.kubernetes.io/ssl-redirect"]

_force_annotation := "nginx.ingress.kubernetes.io/force-ssl-redirect"

deny contains finding if {
	kubernetes.kind == "Ingress"
	annotations := input.resource.metadata.annotations
	is_object(annotations)
	some key in _redirect_annotations
	_is(annotations[key], "false")
	not _is(annotations[_force_annotation], "true")
	finding := result.fail(
		sprintf("Ingress %q disables the redirect from HTTP to HTTPS", [kubernetes.name]),
		["metadata", "annotations", key],
	)
}

# Annotation values are strings, but a YAML boolean may slip through.
_is(value, text) if lower(trim_space(sprintf("%v", [value]))) == text
