package comply.kubernetes.short_velero_backup_ttl_test

import data.comply.kubernetes.short_velero_backup_ttl as policy

_schedule(template) := {"kind": "kubernetes", "resource": {
	"apiVersion": "velero.io/v1",
	"kind": "Schedule",
	"metadata": {"name": "daily", "namespace": "velero"},
	"spec": {"schedule": "0 1 * * *", "template": template},
}}

test_deny_short_ttl if {
	findings := policy.deny with input as _schedule({"includedNamespaces": ["*"], "ttl": "72h0m0s"})
	findings == {{
		"msg": "Velero Schedule \"daily\" keeps backups for 72h0m0s, less than the required 7 days",
		"path": ["spec", "template", "ttl"],
	}}
}

test_deny_ttl_with_minutes if {
	count(policy.deny) == 1 with input as _schedule({"ttl": "167h59m"})
}

test_deny_default_ttl_below_stricter_retention if {
	findings := policy.deny with input as _schedule({"includedNamespaces": ["shop"]}) with data.comply.params as {"backup_retention_days": 90}
	findings == {{
		"msg": "Velero Schedule \"daily\" keeps backups for the default TTL of 720h, less than the required 90 days",
		"path": ["spec", "template"],
	}}
}

test_deny_zero_ttl_means_default if {
	findings := policy.deny with input as _schedule({"ttl": "0s"}) with data.comply.params as {"backup_retention_days": 31}
	[f.path | some f in findings] == [["spec", "template", "ttl"]]
}

test_deny_configured_server_default if {
	count(policy.deny) == 1 with input as _schedule({})
		with data.comply.rule_options as {"short-velero-backup-ttl": {"default_ttl": "24h"}}
}

test_allow_long_enough if {
	count(policy.deny) == 0 with input as _schedule({"ttl": "168h"})
	count(policy.deny) == 0 with input as _schedule({"ttl": "720h0m0s"})
	count(policy.deny) == 0 with input as _schedule({"ttl": "2160h"}) with data.comply.params as {"backup_retention_days": 90}
}

test_allow_default_ttl if {
	count(policy.deny) == 0 with input as _schedule({"includedNamespaces": ["*"]})
}

test_allow_unparseable_ttl_is_not_judged if {
	count(policy.deny) == 0 with input as _schedule({"ttl": "3d"})
	count(policy.deny) == 0 with input as _schedule({"ttl": 72})
	count(policy.deny) == 0 with input as _schedule({"ttl": "3d"}) with data.comply.params as {"backup_retention_days": 60}
	count(policy.deny) == 1 with input as _schedule({"ttl": null}) with data.comply.params as {"backup_retention_days": 60}
}

test_allow_other_schedule_kinds if {
	other := {"resource": {"apiVersion": "example.com/v1", "kind": "Schedule", "metadata": {"name": "x"}, "spec": {"template": {"ttl": "1h"}}}}
	count(policy.deny) == 0 with input as other
}

test_deny_null_template_uses_default if {
	findings := policy.deny with input as {"resource": {"apiVersion": "velero.io/v1", "kind": "Schedule", "metadata": {"name": "s"}, "spec": {"template": null}}}
		with data.comply.params as {"backup_retention_days": 60}
	[f.path | some f in findings] == [["spec", "template"]]
}
