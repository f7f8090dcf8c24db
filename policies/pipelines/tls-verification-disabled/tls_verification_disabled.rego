# METADATA
# title: TLS certificate verification disabled in a pipeline
# description: |
#   Turning certificate verification off lets anyone on the network path (a proxy, a
#   compromised runner network, a hijacked DNS answer) serve the pipeline malicious
#   dependencies, binaries or cluster answers, and read the credentials it sends. Reported in
#   scripts: `curl -k`/`--insecure`, `wget --no-check-certificate`,
#   `--insecure-skip-tls-verify` (kubectl, oc, helm), other helm `--insecure-*` flags,
#   `git ... http.sslVerify false`, `npm`/`yarn` `strict-ssl false`, `--tls-verify=false`,
#   `aws --no-verify-ssl`, and exports of `NODE_TLS_REJECT_UNAUTHORIZED=0`,
#   `GIT_SSL_NO_VERIFY`, `PYTHONHTTPSVERIFY=0`; and the same variables in workflow, job and
#   step `env` and Azure DevOps variables, and `sslVerify: false`-style inputs.
# related_resources:
#   - https://curl.se/docs/sslcerts.html
# custom:
#   id: CI-0014
#   severity: high
#   category: tls
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.21", "8.24"]}
#   remediation: Keep verification on and trust the right CA instead (`curl --cacert`, `NODE_EXTRA_CA_CERTS`, `GIT_SSL_CAINFO`, `REQUESTS_CA_BUNDLE`, helm `--ca-file`).
#   inputs: [{kind: github-actions}, {kind: azure-pipelines}]
package comply.pipelines.tls_verification_disabled

import data.comply.lib.pipelines
import data.comply.lib.result

# (pattern, what) pairs for script lines.
_script_patterns := [
	[`(^|[\s;&|(])curl\s+([^|;&]*?\s)?(-[a-zA-Z]*k[a-zA-Z]*|--insecure)(\s|$)`, "curl without certificate verification (-k/--insecure)"],
	[`(^|[\s;&|(])wget\s[^|;&]*--no-check-certificate`, "wget --no-check-certificate"],
	[`--insecure-skip-tls-verify(\s|=true|$)`, "--insecure-skip-tls-verify"],
	[`(^|[\s;&|(])helm\s[^|;&]*--insecure-(skip-tls-verify|skip-verify)?[a-z-]*`, "helm --insecure-* flag"],
	[`(?i)http\.sslverify(\s*=\s*|\s+)["']?false`, "git http.sslVerify false"],
	[`(?i)strict-ssl(\s*=\s*|\s+)["']?false`, "npm/yarn strict-ssl false"],
	[`--(src-|dest-)?tls-verify=false`, "--tls-verify=false"],
	[`(^|\s)--no-verify-ssl(\s|$)`, "aws --no-verify-ssl"],
	[`(?i)(^|[^a-z0-9_])NODE_TLS_REJECT_UNAUTHORIZED["']?\s*=\s*["']?0`, "NODE_TLS_REJECT_UNAUTHORIZED=0"],
	[`(?i)(^|[^a-z0-9_])GIT_SSL_NO_VERIFY["']?\s*=\s*["']?[^"'\s]`, "GIT_SSL_NO_VERIFY set"],
	[`(?i)(^|[^a-z0-9_])PYTHONHTTPSVERIFY["']?\s*=\s*["']?0`, "PYTHONHTTPSVERIFY=0"],
]

# Words one of the patterns needs: lines without any are not matched against the patterns.
_keywords := ["curl", "wget", "insecure", "sslverify", "strict-ssl", "tls-verify", "no-verify-ssl", "node_tls_reject_unauthorized", "git_ssl_no_verify", "pythonhttpsverify"]

_candidate(text) if {
	t := lower(text)
	some k in _keywords
	contains(t, k)
}

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	some k, l in s.lines
	_candidate(l.text)
	hits := {p[1] |
		some p in _script_patterns
		regex.match(p[0], l.text)
	}
	count(hits) > 0
	finding := result.fail(
		sprintf("%s disables TLS certificate verification: %s (script line %d)", [pipelines.where(s), concat(", ", sort(hits)), l.n]),
		["steps", i, "lines", k],
	)
}

# Environment variables that disable verification, with the value that does it.
_env_off(name, value) if {
	upper(name) == "NODE_TLS_REJECT_UNAUTHORIZED"
	sprintf("%v", [value]) == "0"
}

_env_off(name, value) if {
	upper(name) == "PYTHONHTTPSVERIFY"
	sprintf("%v", [value]) == "0"
}

# git disables verification when the variable is set to anything.
_env_off(name, value) if {
	upper(name) == "GIT_SSL_NO_VERIFY"
	value != null
	sprintf("%v", [value]) != ""
}

_switch_words := ["ssl", "tls", "insecure", "verify", "cert"]

_switch_name(name) if {
	n := lower(name)
	some w in _switch_words
	contains(n, w)
}

# Inputs named like a verification switch, set to turn it off.
_input_off(name, value) if {
	_switch_name(name)
	regex.match(`(?i)^(ssl_?verify|verify_?ssl|tls_?verify|verify_?tls|ssl-verify|verify-ssl|tls-verify|verify-tls|strict_?ssl|strict-ssl|check_?certificate|validate_?certs?)$`, name)
	lower(sprintf("%v", [value])) in {"false", "0", "no", "off"}
}

_input_off(name, value) if {
	_switch_name(name)
	regex.match(`(?i)^(insecure|skip_?tls_?verify|skip-tls-verify|insecure_?skip_?tls_?verify|insecure-skip-tls-verify|insecureskiptlsverify|skipsslverification|skip_?ssl_?verification|skip-ssl-verification|allowinsecure|allow_?insecure)$`, name)
	lower(sprintf("%v", [value])) in {"true", "1", "yes", "on"}
}

deny contains finding if {
	some name, value in input.resource.env
	_env_off(name, value)
	finding := result.fail(sprintf("Workflow env %s=%v disables TLS certificate verification", [name, value]), ["env", name])
}

deny contains finding if {
	some j, job in input.resource.jobs
	some name, value in job.env
	_env_off(name, value)
	finding := result.fail(sprintf("Job %q env %s=%v disables TLS certificate verification", [job.id, name, value]), ["jobs", j, "env", name])
}

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	some name, value in s.env
	_env_off(name, value)
	finding := result.fail(sprintf("%s env %s=%v disables TLS certificate verification", [pipelines.where(s), name, value]), ["steps", i, "env", name])
}

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	some name, value in s["with"]
	_input_off(name, value)
	finding := result.fail(sprintf("%s input %s: %v disables TLS certificate verification", [pipelines.where(s), name, value]), ["steps", i, "with", name])
}

deny contains finding if {
	some k, v in input.resource.variables
	is_string(v.name)
	_env_off(v.name, v.value)
	finding := result.fail(sprintf("Variable %s=%v disables TLS certificate verification (variables are exported to every script)", [v.name, v.value]), ["variables", k])
}
