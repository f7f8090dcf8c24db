package comply.kubernetes.unmasked_proc_mount_test

import data.comply.kubernetes.unmasked_proc_mount as policy

_pod(field, container) := {"kind": "kubernetes", "resource": {
	"kind": "Pod",
	"metadata": {"name": "p"},
	"spec": {field: [container]},
}}

test_deny_unmasked if {
	findings := policy.deny with input as _pod("containers", {"name": "app", "securityContext": {"procMount": "Unmasked"}})
	{f.path | some f in findings} == {["spec", "containers", 0, "securityContext", "procMount"]}
	some f in findings
	f.msg == `Container "app" of Pod "p" uses proc mount type Unmasked`
}

test_deny_unmasked_ephemeral if {
	count(policy.deny) == 1 with input as _pod("ephemeralContainers", {"name": "dbg", "securityContext": {"procMount": "Unmasked"}})
}

test_allow_default if {
	count(policy.deny) == 0 with input as _pod("containers", {"name": "app", "securityContext": {"procMount": "Default"}})
}

test_allow_absent if {
	count(policy.deny) == 0 with input as _pod("containers", {"name": "app", "securityContext": {}})
	count(policy.deny) == 0 with input as _pod("containers", {"name": "app"})
}
