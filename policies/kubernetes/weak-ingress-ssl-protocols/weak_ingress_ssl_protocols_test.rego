package comply.kubernetes.weak_ingress_ssl_protocols_test

import data.comply.kubernetes.weak_ingress_ssl_protocols as policy

_config(protocols) := {"kind": "kubernetes", "resource": {
	"apiVersion": "v1",
	"kind": "ConfigMap",
	"metadata": {"name": "ingress-nginx-controller", "namespace": "ingress-nginx"},
	"data": {"ssl-protocols": protocols, "use-forwarded-headers": "true"},
}}

test_deny_old_versions if {
	findings := policy.deny with input as _config("TLSv1 TLSv1.1 TLSv1.2")
	findings == {{
		"msg": "ConfigMap \"ingress-nginx-controller\" allows TLSv1, TLSv1.1 in ssl-protocols, below the minimum TLS 1.2",
		"path": ["data", "ssl-protocols"],
	}}
}

test_deny_ssl_v3 if {
	findings := policy.deny with input as _config("  SSLv3\tTLSv1.2  ")
	[f.msg | some f in findings] == ["ConfigMap \"ingress-nginx-controller\" allows SSLv3 in ssl-protocols, below the minimum TLS 1.2"]
}

test_deny_with_stricter_minimum if {
	findings := policy.deny with input as _config("TLSv1.2 TLSv1.3") with data.comply.params as {"min_tls_version": "1.3"}
	[f.msg | some f in findings] == ["ConfigMap \"ingress-nginx-controller\" allows TLSv1.2 in ssl-protocols, below the minimum TLS 1.3"]
}

test_allow_modern_versions if {
	count(policy.deny) == 0 with input as _config("TLSv1.2 TLSv1.3")
	count(policy.deny) == 0 with input as _config("TLSv1.3")
}

test_allow_looser_minimum if {
	count(policy.deny) == 0 with input as _config("TLSv1.1 TLSv1.2") with data.comply.params as {"min_tls_version": "1.1"}
}

test_allow_unknown_tokens_are_not_judged if {
	count(policy.deny) == 0 with input as _config("TLSv1.2 TLSv2 whatever")
	count(policy.deny) == 0 with input as _config("")
}

test_allow_configmap_without_key if {
	count(policy.deny) == 0 with input as {"resource": {"kind": "ConfigMap", "metadata": {"name": "app"}, "data": {"ssl": "TLSv1"}}}
	count(policy.deny) == 0 with input as {"resource": {"kind": "ConfigMap", "metadata": {"name": "app"}, "data": null}}
}
