# METADATA
# title: Velero schedule keeps backups for less than the retention minimum
# description: |
#   Velero deletes each backup of a Schedule once `spec.template.ttl` has passed. A TTL shorter
#   than the organisation's `backup_retention_days` means restores further back than that are
#   impossible, which also shortens the window in which ransomware or silent corruption can be
#   recovered from. A Schedule without a TTL (or with a zero TTL) gets the Velero server's default,
#   720h (30 days), which is compared too; rule option `default_ttl` of `short-velero-backup-ttl`
#   sets another server default (the value of `velero server --default-backup-ttl`). TTLs that are
#   not Go durations (Velero rejects them) are not judged.
# related_resources:
#   - https://velero.io/docs/main/api-types/schedule/
#   - https://velero.io/docs/main/how-velero-works/#set-a-backup-to-expire
# custom:
#   id: K8S-0060
#   severity: medium
#   category: backup-retention
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["8.13"]
#   remediation: Set spec.template.ttl to at least the retention minimum, for example "720h0m0s" for 30 days.
#   inputs: [{kind: kubernetes, resources: [Schedule]}]
package comply.kubernetes.short_velero_backup_ttl

import data.comply.lib.duration
import data.comply.lib.kubernetes
import data.comply.lib.params
import data.comply.lib.result

default _default_ttl := "720h"

_default_ttl := t if {
	t := data.comply.rule_options["short-velero-backup-ttl"].default_ttl
	is_string(t)
}

deny contains finding if {
	kubernetes.kind == "Schedule"
	api_version := input.resource.apiVersion
	is_string(api_version)
	startswith(api_version, "velero.io/")
	days := params.backup_retention_days
	is_number(days)
	ttl := _ttl
	duration.shorter_than_days(ttl.value, days)
	finding := result.fail(
		sprintf("Velero Schedule %q keeps backups for %s, less than the required %v days", [kubernetes.name, ttl.label, days]),
		ttl.path,
	)
}

# The effective TTL: the explicit one, or the server default when absent or zero; undefined
# when the TTL is not a duration at all.
_ttl := {"value": value, "label": value, "path": ["spec", "template", "ttl"]} if {
	value := input.resource.spec.template.ttl
	duration.parse_ns(value) != 0
}

_ttl := {"value": _default_ttl, "label": sprintf("the default TTL of %s", [_default_ttl]), "path": _template_path} if {
	not _explicit_ttl
}

_explicit_ttl if {
	value := input.resource.spec.template.ttl
	value != null
	not duration.parse_ns(value) == 0
}

_template_path := ["spec", "template", "ttl"] if {
	is_object(input.resource.spec.template)
	"ttl" in object.keys(input.resource.spec.template)
} else := ["spec", "template"] if {
	is_object(input.resource.spec)
	"template" in object.keys(input.resource.spec)
} else := ["spec"] if {
	"spec" in object.keys(input.resource)
} else := []
