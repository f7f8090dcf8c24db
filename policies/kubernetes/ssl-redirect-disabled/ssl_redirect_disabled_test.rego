package comply.kubernetes.ssl_redirect_disabled_test

import data.comply.kubernetes.ssl_redirect_disabled as policy

_ingress(annotations) := {"kind": "kubernetes", "resource": {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "Ingress",
	"metadata": {"name": "web", "namespace": "shop", "annotations": annotations},
	"spec": {"tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]},
}}

test_deny_ssl_redirect_false if {
	findings := policy.deny with input as _ingress({"nginx.ingress.kubernetes.io/ssl-redirect": "false"})
	findings == {{
		"msg": "Ingress \"web\" disables the redirect from HTTP to HTTPS",
		"path": ["metadata", "annotations", "nginx.ingress.kubernetes.io/ssl-redirect"],
	}}
}

test_deny_boolean_and_case_variants if {
	count(policy.deny) == 1 with input as _ingress({"nginx.ingress.kubernetes.io/ssl-redirect": false})
	count(policy.deny) == 1 with input as _ingress({"nginx.ingress.kubernetes.io/ssl-redirect": "False"})
}

test_deny_nginx_inc_annotation if {
	findings := policy.deny with input as _ingress({"ingress.kubernetes.io/ssl-redirect": "false"})
	{f.path | some f in findings} == {["metadata", "annotations", "ingress.kubernetes.io/ssl-redirect"]}
}

test_deny_force_redirect_false_does_not_help if {
	count(policy.deny) == 1 with input as _ingress({
		"nginx.ingress.kubernetes.io/ssl-redirect": "false",
		"nginx.ingress.kubernetes.io/force-ssl-redirect": "false",
	})
}

test_allow_force_redirect_true if {
	count(policy.deny) == 0 with input as _ingress({
		"nginx.ingress.kubernetes.io/ssl-redirect": "false",
		"nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
	})
}

test_allow_redirect_true_or_absent if {
	count(policy.deny) == 0 with input as _ingress({"nginx.ingress.kubernetes.io/ssl-redirect": "true"})
	count(policy.deny) == 0 with input as _ingress({})
	count(policy.deny) == 0 with input as _ingress(null)
	count(policy.deny) == 0 with input as _ingress({"nginx.ingress.kubernetes.io/force-ssl-redirect": "false"})
}
