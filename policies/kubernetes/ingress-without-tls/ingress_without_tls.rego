# METADATA
# title: Ingress serves traffic without TLS
# description: |
#   An Ingress without a `tls` section serves its hosts over plain HTTP, so credentials, session
#   cookies and data cross the network readable and modifiable by anyone on the path. When `tls`
#   exists, every host of `spec.rules` must be covered by a `tls[].hosts` entry (exactly, or by a
#   `*.` wildcard for one label); a `tls` entry without hosts covers every host. Ingresses whose
#   certificate is attached by a cloud controller annotation
#   (`alb.ingress.kubernetes.io/certificate-arn`, `ingress.gcp.kubernetes.io/pre-shared-cert`,
#   `networking.gke.io/managed-certificates`) are not reported.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
# custom:
#   id: K8S-0057
#   severity: high
#   category: tls
#   frameworks:
#     nsa-kubernetes: ["encryption"]
#     soc2: ["CC6.7"]
#     iso27001: ["8.21", "8.24"]
#   remediation: Add a spec.tls entry with a certificate Secret (for example issued by cert-manager) covering every host of the Ingress.
#   inputs: [{kind: kubernetes, resources: [Ingress]}]
package comply.kubernetes.ingress_without_tls

import data.comply.lib.kubernetes
import data.comply.lib.result

_certificate_annotations := {
	"alb.ingress.kubernetes.io/certificate-arn",
	"ingress.gcp.kubernetes.io/pre-shared-cert",
	"networking.gke.io/managed-certificates",
}

deny contains finding if {
	kubernetes.kind == "Ingress"
	not _tls_entries
	not _annotated_certificate
	finding := result.fail(sprintf("Ingress %q has no TLS configuration", [kubernetes.name]), _missing_tls_path)
}

deny contains finding if {
	kubernetes.kind == "Ingress"
	entries := _tls_entries
	not _annotated_certificate
	not _covers_every_host(entries)
	rules := input.resource.spec.rules
	is_array(rules)
	some i, rule in rules
	host := rule.host
	is_string(host)
	host != ""
	not _covered(lower(host), entries)
	finding := result.fail(sprintf("Ingress %q serves host %q without TLS", [kubernetes.name, host]), ["spec", "rules", i, "host"])
}

# The non-empty list of TLS entries.
_tls_entries := entries if {
	entries := input.resource.spec.tls
	is_array(entries)
	count(entries) > 0
}

_annotated_certificate if {
	annotations := input.resource.metadata.annotations
	is_object(annotations)
	some key in _certificate_annotations
	value := annotations[key]
	not value in {null, ""}
}

_missing_tls_path := ["spec", "tls"] if {
	is_object(input.resource.spec)
	"tls" in object.keys(input.resource.spec)
} else := ["spec"] if {
	"spec" in object.keys(input.resource)
} else := []

# A TLS entry without hosts applies to every host of the Ingress.
_covers_every_host(entries) if {
	some entry in entries
	is_object(entry)
	object.get(entry, "hosts", null) in [null, []]
}

_covered(host, entries) if {
	some entry in entries
	is_array(entry.hosts)
	some pattern in entry.hosts
	is_string(pattern)
	_host_matches(host, lower(pattern))
}

_host_matches(host, pattern) if host == pattern

# "*.example.com" matches exactly one label in front of ".example.com".
_host_matches(host, pattern) if {
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
	label := substring(host, 0, count(host) - count(suffix))
	label != ""
	not contains(label, ".")
}
