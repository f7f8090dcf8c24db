# METADATA
# title: Organisation parameters
# description: |
#   The params of `.comply.yaml` (DESIGN §4) with their defaults, so that a policy reads
#   `params.min_tls_version` whether or not comply supplied `data.comply.params`
#   (stock `opa test` does not).
# custom:
#   library: true
package comply.lib.params

defaults := {
	"min_tls_version": "1.2",
	"backup_retention_days": 7,
	"required_tags": [],
	"allowed_registries": [],
}

# Read the exact path (not the `data` root) so the rule compiles on regorus's RVM.
default supplied := {}

supplied := data.comply.params

params := object.union(defaults, supplied)

min_tls_version := params.min_tls_version

backup_retention_days := params.backup_retention_days

required_tags := params.required_tags

allowed_registries := params.allowed_registries
