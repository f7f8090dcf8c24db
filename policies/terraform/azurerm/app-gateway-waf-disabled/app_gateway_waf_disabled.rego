# METADATA
# title: Application gateway does not block web attacks
# description: |
#   An internet-facing application gateway inspects requests with a web application firewall only
#   on the WAF and WAF_v2 tiers, with waf_configuration enabled or a firewall policy attached, and
#   blocks what it detects only in Prevention mode. Reported: a Standard or Standard_v2 gateway, a
#   WAF-tier gateway whose waf_configuration is disabled and that has no firewall policy, a
#   waf_configuration or azurerm_web_application_firewall_policy in Detection mode, and a firewall
#   policy whose policy_settings disable it.
# custom:
#   id: TF-0033
#   severity: medium
#   category: network-isolation
#   frameworks: {soc2: ["CC6.6"], iso27001: ["8.20", "8.21"]}
#   remediation: Use sku tier WAF_v2 with a firewall_policy_id (azurerm_web_application_firewall_policy with policy_settings { enabled = true, mode = "Prevention" }) or waf_configuration { enabled = true, firewall_mode = "Prevention" }.
#   inputs: [{kind: terraform, resources: [azurerm_application_gateway, azurerm_web_application_firewall_policy]}]
package comply.terraform.azurerm.app_gateway_waf_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_tier_path := ["sku", 0, "tier"]

_waf_tier if lower(terraform.string_value(_tier_path)) in {"waf", "waf_v2"}

_has_policy if terraform.known(["firewall_policy_id"])

_has_policy if terraform.is_unknown(["firewall_policy_id"])

deny contains finding if {
	terraform.type == "azurerm_application_gateway"
	tier := terraform.string_value(_tier_path)
	lower(tier) in {"standard", "standard_v2"}
	finding := result.fail(sprintf("%s uses the %s tier, which has no web application firewall", [terraform.address, tier]), ["values", "sku", 0, "tier"])
}

deny contains finding if {
	terraform.type == "azurerm_application_gateway"
	_waf_tier
	not _has_policy
	terraform.disabled(["waf_configuration", 0, "enabled"])
	finding := result.fail(sprintf("%s disables its web application firewall", [terraform.address]), ["values", "waf_configuration", 0, "enabled"])
}

deny contains finding if {
	terraform.type == "azurerm_application_gateway"
	not _has_policy
	terraform.enabled(["waf_configuration", 0, "enabled"])
	lower(terraform.string_value(["waf_configuration", 0, "firewall_mode"])) == "detection"
	finding := result.fail(sprintf("%s runs its web application firewall in Detection mode: attacks are logged, not blocked", [terraform.address]), ["values", "waf_configuration", 0, "firewall_mode"])
}

deny contains finding if {
	terraform.type == "azurerm_web_application_firewall_policy"
	terraform.disabled(["policy_settings", 0, "enabled"])
	finding := result.fail(sprintf("%s is disabled", [terraform.address]), ["values", "policy_settings", 0, "enabled"])
}

deny contains finding if {
	terraform.type == "azurerm_web_application_firewall_policy"
	not terraform.disabled(["policy_settings", 0, "enabled"])
	lower(terraform.string_value(["policy_settings", 0, "mode"])) == "detection"
	finding := result.fail(sprintf("%s runs in Detection mode: attacks are logged, not blocked", [terraform.address]), ["values", "policy_settings", 0, "mode"])
}
