package comply.kubernetes.automounted_service_account_token_test

import data.comply.kubernetes.automounted_service_account_token as policy

_deployment(spec) := {"kind": "kubernetes", "resource": {
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": object.union({"containers": [{"name": "web"}]}, spec)}},
}}

_inventory(accounts) := {"by_kind": {"ServiceAccount": [{"id": "sa.yaml#0", "file": "sa.yaml", "resource": a} | some a in accounts]}}

test_deny_unset_without_inventory if {
	findings := policy.deny with input as _deployment({})
	{f.path | some f in findings} == {["spec", "template", "spec"]}
	some f in findings
	f.msg == `Deployment "web" does not disable automounting of the "default" service account token`
}

test_deny_explicit_true if {
	findings := policy.deny with input as _deployment({"automountServiceAccountToken": true})
	{f.path | some f in findings} == {["spec", "template", "spec", "automountServiceAccountToken"]}
	some f in findings
	f.msg == `Deployment "web" mounts the service account token automatically`
}

test_deny_explicit_true_overrides_service_account if {
	count(policy.deny) == 1 with input as _deployment({"automountServiceAccountToken": true, "serviceAccountName": "web"})
		with data.comply.inventory as _inventory([{"kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"}, "automountServiceAccountToken": false}])
}

test_deny_service_account_in_other_namespace if {
	count(policy.deny) == 1 with input as _deployment({"serviceAccountName": "web"})
		with data.comply.inventory as _inventory([{"kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "other"}, "automountServiceAccountToken": false}])
}

test_deny_service_account_without_opt_out if {
	count(policy.deny) == 1 with input as _deployment({"serviceAccountName": "web"})
		with data.comply.inventory as _inventory([{"kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"}}])
}

test_allow_pod_spec_false if {
	count(policy.deny) == 0 with input as _deployment({"automountServiceAccountToken": false})
}

test_allow_service_account_opts_out if {
	count(policy.deny) == 0 with input as _deployment({"serviceAccountName": "web"})
		with data.comply.inventory as _inventory([{"kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"}, "automountServiceAccountToken": false}])
}

test_allow_default_service_account_opts_out if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}}
		with data.comply.inventory as _inventory([{"kind": "ServiceAccount", "metadata": {"name": "default"}, "automountServiceAccountToken": false}])
}

test_allow_non_workload if {
	count(policy.deny) == 0 with input as {"kind": "kubernetes", "resource": {"kind": "ServiceAccount", "metadata": {"name": "web"}}}
}
