# METADATA
# title: Secret pasted into a script
# description: |
#   A `${{ secrets.X }}` expression in a script is replaced by the secret's value before the
#   script runs: the value is written to the runner's script file, shows up in the process
#   list as a command-line argument, and any `echo`, `set -x` or error message prints it
#   (log masking misses transformed values, such as base64 or URL-encoded forms). Azure DevOps
#   `$(macro)` references whose name says secret, password, token or key are treated the same
#   way. A secret on a line that echoes or prints is reported as echoed.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow
#   - https://learn.microsoft.com/en-us/azure/devops/pipelines/process/set-secret-variables
# custom:
#   id: CI-0006
#   severity: high
#   category: supply-chain
#   frameworks: {soc2: ["CC6.1", "C1.1"], iso27001: ["5.17"]}
#   remediation: 'Map the secret to an environment variable of the step (`env: TOKEN: ${{ secrets.TOKEN }}`) and read it from there (or pass it on stdin, e.g. `--password-stdin`); never echo it.'
#   inputs: [{kind: github-actions}, {kind: azure-pipelines}]
package comply.pipelines.secret_in_command

import data.comply.lib.pipelines
import data.comply.lib.result

_secret_macro := `(?i)(password|passwd|secret|token|apikey|api_key|accesskey|access_key|privatekey|private_key|connectionstring|pat)$`

_secret(e) := name if {
	e.syntax == "template"
	startswith(e.expr, "secrets.")
	name := e.expr
}

_secret(e) := name if {
	e.syntax == "macro"
	input.kind == "azure-pipelines"
	parts := split(e.expr, ".")
	regex.match(_secret_macro, parts[count(parts) - 1])
	name := sprintf("$(%s)", [e.expr])
}

_echo := `(?i)(^|[\s;&|(])(echo|printf|write-host|write-output|console\.log|print)\b`

_how(s, e) := "echoes" if regex.match(_echo, s.lines[e.n - 1].text)

_how(s, e) := "puts on a command line" if not regex.match(_echo, s.lines[e.n - 1].text)

deny contains finding if {
	some i in pipelines.own_steps
	s := input.resource.steps[i]
	some k, e in s.expressions
	name := _secret(e)
	finding := result.fail(
		sprintf("%s %s secret %s (script line %d)", [pipelines.where(s), _how(s, e), name, e.n]),
		["steps", i, "expressions", k],
	)
}
