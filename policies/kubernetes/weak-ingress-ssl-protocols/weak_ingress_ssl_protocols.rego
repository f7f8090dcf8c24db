# METADATA
# title: Ingress controller allows TLS versions below the minimum
# description: |
#   The ingress-nginx controller ConfigMap key `ssl-protocols` lists the protocol versions the
#   controller accepts for every Ingress it serves. Versions below the organisation's
#   `min_tls_version` (SSLv3, TLS 1.0, TLS 1.1 by default) have known weaknesses (POODLE, BEAST,
#   SHA-1 and CBC-only suites) and are disallowed by PCI DSS and NIST SP 800-52r2. Any ConfigMap
#   carrying `data.ssl-protocols` is read as a controller ConfigMap; versions the policy does not
#   recognise are not judged, and a ConfigMap without the key (the controller's default,
#   "TLSv1.2 TLSv1.3") is not reported.
# related_resources:
#   - https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#ssl-protocols
#   - https://kubernetes.github.io/ingress-nginx/user-guide/tls/#default-tls-version-and-ciphers
# custom:
#   id: K8S-0059
#   severity: high
#   category: tls
#   frameworks:
#     nsa-kubernetes: ["encryption"]
#     soc2: ["CC6.7"]
#     iso27001: ["8.21", "8.24"]
#   remediation: Set ssl-protocols to versions at or above the minimum, for example "TLSv1.2 TLSv1.3".
#   inputs: [{kind: kubernetes, resources: [ConfigMap]}]
package comply.kubernetes.weak_ingress_ssl_protocols

import data.comply.lib.kubernetes
import data.comply.lib.result
import data.comply.lib.tls

deny contains finding if {
	kubernetes.kind == "ConfigMap"
	value := input.resource.data["ssl-protocols"]
	is_string(value)
	weak := [p | some p in regex.split(`[\s,]+`, trim_space(value)); tls.below_min(p)]
	count(weak) > 0
	finding := result.fail(
		sprintf("ConfigMap %q allows %s in ssl-protocols, below the minimum %s", [kubernetes.name, concat(", ", weak), tls.min_version_name]),
		["data", "ssl-protocols"],
	)
}
