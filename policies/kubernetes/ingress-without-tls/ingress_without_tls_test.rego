package comply.kubernetes.ingress_without_tls_test

import data.comply.kubernetes.ingress_without_tls as policy

_ingress(spec, annotations) := {"kind": "kubernetes", "resource": {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "Ingress",
	"metadata": {"name": "web", "namespace": "shop", "annotations": annotations},
	"spec": spec,
}}

_rules(hosts) := [{"host": h, "http": {"paths": [{"path": "/", "pathType": "Prefix"}]}} | some h in hosts]

test_deny_ingress_without_tls if {
	findings := policy.deny with input as _ingress({"rules": _rules(["shop.example.com"])}, {})
	findings == {{"msg": "Ingress \"web\" has no TLS configuration", "path": ["spec"]}}
}

test_deny_empty_tls_list if {
	findings := policy.deny with input as _ingress({"tls": [], "rules": _rules(["shop.example.com"])}, {})
	findings == {{"msg": "Ingress \"web\" has no TLS configuration", "path": ["spec", "tls"]}}
}

test_deny_default_backend_only if {
	count(policy.deny) == 1 with input as _ingress({"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}, null)
}

test_deny_host_not_covered if {
	spec := {
		"tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}],
		"rules": _rules(["shop.example.com", "admin.example.com"]),
	}
	findings := policy.deny with input as _ingress(spec, {})
	findings == {{"msg": "Ingress \"web\" serves host \"admin.example.com\" without TLS", "path": ["spec", "rules", 1, "host"]}}
}

test_deny_wildcard_covers_one_label_only if {
	spec := {"tls": [{"hosts": ["*.example.com"], "secretName": "wildcard-tls"}], "rules": _rules(["a.b.example.com", "example.com"])}
	count(policy.deny) == 2 with input as _ingress(spec, {})
}

test_allow_hosts_covered if {
	spec := {
		"tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}, {"hosts": ["*.example.com"], "secretName": "wildcard-tls"}],
		"rules": array.concat(_rules(["Shop.example.com", "admin.example.com"]), [{"http": {"paths": []}}]),
	}
	count(policy.deny) == 0 with input as _ingress(spec, {})
}

test_allow_tls_entry_without_hosts if {
	spec := {"tls": [{"secretName": "default-tls"}], "rules": _rules(["shop.example.com"])}
	count(policy.deny) == 0 with input as _ingress(spec, {})
}

test_allow_certificate_by_annotation if {
	annotations := {"alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc"}
	count(policy.deny) == 0 with input as _ingress({"rules": _rules(["shop.example.com"])}, annotations)
}

test_allow_other_kinds if {
	count(policy.deny) == 0 with input as {"resource": {"kind": "Service", "metadata": {"name": "web"}, "spec": {}}}
}

test_deny_null_spec if {
	findings := policy.deny with input as {"resource": {"kind": "Ingress", "metadata": {"name": "web"}, "spec": null}}
	findings == {{"msg": "Ingress \"web\" has no TLS configuration", "path": ["spec"]}}
}
