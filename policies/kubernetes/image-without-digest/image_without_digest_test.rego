package comply.kubernetes.image_without_digest_test

import data.comply.kubernetes.image_without_digest as policy

_pod(containers) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "web"},
	"spec": {"containers": containers},
}}

test_deny_tag_only if {
	findings := policy.deny with input as _pod([{"name": "web", "image": "registry.example.com/shop/web:1.4.2"}])
	findings == {{
		"msg": "Container \"web\" of Pod \"web\" uses image \"registry.example.com/shop/web:1.4.2\" without a digest",
		"path": ["spec", "containers", 0, "image"],
	}}
}

test_deny_untagged_and_ephemeral if {
	findings := policy.deny with input as {"resource": {
		"kind": "Pod",
		"metadata": {"name": "web"},
		"spec": {
			"containers": [{"name": "web", "image": "nginx@sha256:0123456789abcdef"}],
			"ephemeralContainers": [{"name": "debug", "image": "busybox"}],
		},
	}}
	{f.path | some f in findings} == {["spec", "ephemeralContainers", 0, "image"]}
}

test_allow_digest if {
	count(policy.deny) == 0 with input as _pod([
		{"name": "a", "image": "nginx@sha256:0123456789abcdef"},
		{"name": "b", "image": "registry.example.com:5000/shop/web:1.4.2@sha256:0123456789abcdef"},
	])
}

test_allow_missing_image if {
	count(policy.deny) == 0 with input as _pod([{"name": "web"}])
}
