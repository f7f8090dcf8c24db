# METADATA
# title: Production deployment without a security scan before it
# description: |
#   A production deployment should only ship what a security scanner (SAST, dependency or
#   image scanning, IaC or secret scanning) has looked at in the same run. A production
#   deployment (as defined for CI-0009) is reported when no scanning step runs before its
#   first deploying step in the same job, nor in any job it waits for (`needs` / `dependsOn`,
#   and earlier stages). Scanners are recognised by action (github/codeql-action,
#   aquasecurity/trivy-action, snyk/actions, ...), Azure DevOps task (MicrosoftSecurityDevOps,
#   AdvancedSecurity-Codeql-Analyze, SnykSecurityScan, ...) or command (`trivy`, `grype`,
#   `snyk`, `checkov`, `semgrep`, `npm audit`, ...). Rule option of
#   `deploy-without-security-scan`: `scanners`, a list of names that replaces the default list
#   (matched case-insensitively as substrings of actions and tasks, or as words in scripts).
# related_resources:
#   - https://owasp.org/www-project-devsecops-guideline/
# custom:
#   id: CI-0010
#   severity: medium
#   category: supply-chain
#   frameworks: {soc2: ["CC7.1", "CC8.1"], iso27001: ["8.8", "8.29"]}
#   remediation: Add a scanning step (for example CodeQL, Trivy or Microsoft Security DevOps) to the deploying job before the deploy step, or to a job the deployment needs, and let it fail the run on findings.
#   inputs: [{kind: github-actions, resources: [workflow]}, {kind: azure-pipelines}]
package comply.pipelines.deploy_without_security_scan

import data.comply.lib.pipelines
import data.comply.lib.result

_list := pipelines.scanners("deploy-without-security-scan")

_first_deploy(j) := min([s.index | some i in pipelines.deploy_steps(j); s := input.resource.steps[i]])

_scanned(j) if {
	first := _first_deploy(j)
	some s in input.resource.steps
	s.job == j
	s.index < first
	pipelines.scan_step(s, _list)
}

_scanned(j) if {
	some u in input.resource.jobs[j].upstream
	some s in input.resource.steps
	s.job == u
	pipelines.scan_step(s, _list)
}

deny contains finding if {
	some j, job in input.resource.jobs
	pipelines.production_deploy(j)
	not _scanned(j)
	finding := result.fail(sprintf("Job %q deploys to production with no security scan before it in the run", [job.id]), ["jobs", j])
}
