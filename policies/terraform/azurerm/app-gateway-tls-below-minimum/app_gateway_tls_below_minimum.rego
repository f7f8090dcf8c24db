# METADATA
# title: Application gateway accepts TLS versions below the minimum
# description: |
#   An application gateway negotiates the protocols of its SSL policy: min_protocol_version for
#   Custom and CustomV2 policies, the predefined policy's own minimum (AppGwSslPolicy20150501
#   accepts TLS 1.0, AppGwSslPolicy20170401 TLS 1.1), or what disabled_protocols leaves enabled.
#   The gateway-wide ssl_policy and every ssl_profile's policy are judged. TLS 1.0 and 1.1 are
#   deprecated (RFC 8996). A gateway without ssl_policy takes the Azure default of its API version
#   and is not judged.
# custom:
#   id: TF-0032
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.21", "8.24"]}
#   remediation: Use ssl_policy { policy_type = "Predefined", policy_name = "AppGwSslPolicy20220101S" } or a CustomV2 policy with min_protocol_version = "TLSv1_2".
#   inputs: [{kind: terraform, resources: [azurerm_application_gateway]}]
package comply.terraform.azurerm.app_gateway_tls_below_minimum

import data.comply.lib.result
import data.comply.lib.terraform
import data.comply.lib.tls

# Lowest protocol of the predefined policies.
_predefined := {
	"appgwsslpolicy20150501": "TLSv1_0",
	"appgwsslpolicy20170401": "TLSv1_1",
	"appgwsslpolicy20170401s": "TLSv1_2",
	"appgwsslpolicy20220101": "TLSv1_2",
	"appgwsslpolicy20220101s": "TLSv1_2",
}

_protocols := ["TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"]

# Every ssl_policy block: the gateway's and each ssl_profile's (relative paths).
_policies contains b.rel if some b in terraform.blocks(["ssl_policy"])

_policies contains b.rel if {
	some profile in terraform.blocks(["ssl_profile"])
	some b in terraform.blocks(array.concat(profile.rel, ["ssl_policy"]))
}

# _minimum(rel): [lowest accepted protocol, the path that sets it] for the policy at rel.
_minimum(rel) := [v, array.concat(rel, ["min_protocol_version"])] if {
	v := terraform.string_value(array.concat(rel, ["min_protocol_version"]))
}

_minimum(rel) := [_predefined[lower(name)], array.concat(rel, ["policy_name"])] if {
	terraform.missing(array.concat(rel, ["min_protocol_version"]))
	name := terraform.string_value(array.concat(rel, ["policy_name"]))
}

# A legacy policy that only lists disabled_protocols accepts the oldest protocol it does not disable.
_minimum(rel) := [enabled[0], array.concat(rel, ["disabled_protocols"])] if {
	terraform.missing(array.concat(rel, ["min_protocol_version"]))
	terraform.missing(array.concat(rel, ["policy_name"]))
	not terraform.partly_unknown(array.concat(rel, ["disabled_protocols"]))
	disabled := {lower(p) | some p in terraform.value(array.concat(rel, ["disabled_protocols"])); is_string(p)}
	enabled := [p | some p in _protocols; not lower(p) in disabled]
	count(enabled) > 0
}

deny contains finding if {
	terraform.type == "azurerm_application_gateway"
	some rel in _policies
	[v, path] := _minimum(rel)
	tls.below_min(v)
	finding := result.fail(
		sprintf("%s accepts %s, below the minimum %s", [terraform.address, tls.version_name(v), tls.min_version_name]),
		array.concat(["values"], path),
	)
}
