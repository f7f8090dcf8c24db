# METADATA
# title: CI pipeline helpers
# description: |
#   Shared reading of the normalised pipeline document (GitHub Actions and Azure DevOps share
#   one shape, see engine/pipelines): the steps a document owns, production deployment and
#   security-scan detection, untrusted-input expressions, and rule options.
# custom:
#   library: true
package comply.lib.pipelines

# Steps written in this document's own files (not pulled in from a local action or a called
# reusable workflow, whose own documents report them).
own_steps contains i if {
	some i, s in input.resource.steps
	s.via == null
}

# A step's display name: its name, or what it runs.
step_label(s) := sprintf("%q", [s.name]) if {
	is_string(s.name)
} else := sprintf("%q", [s.uses.raw]) if {
	is_string(s.uses.raw)
} else := sprintf("%q", [s.task.raw]) if {
	is_string(s.task.raw)
} else := sprintf("#%d", [s.index + 1])

# The lower-cased action (`owner/repo[/path]`) a step uses; undefined for run steps, local and
# docker steps without one.
action(s) := lower(s.uses.action) if is_string(s.uses.action)

# The lower-cased Azure DevOps task name of a step; undefined for other steps.
task(s) := lower(s.task.name) if is_string(s.task.name)

# "step X of job Y" for messages.
where(s) := sprintf("step %s of job %q", [step_label(s), s.job_id])

# Options of a rule, `{}` when none were configured.
options(rule) := o if {
	o := data.comply.rule_options[rule]
	is_object(o)
} else := {}

# --- production deployments -------------------------------------------------------------

_prod_pattern := `(?i)(^|[^a-z0-9])(prod|production|prd|live)([^a-z0-9]|$)`

# Actions, tasks and commands that deploy something.
_deploy_actions := {
	"azure/webapps-deploy", "azure/functions-action", "azure/k8s-deploy", "azure/aks-set-context",
	"azure/container-apps-deploy-action", "azure/arm-deploy", "azure/static-web-apps-deploy",
	"aws-actions/amazon-ecs-deploy-task-definition", "aws-actions/aws-cloudformation-github-deploy",
	"google-github-actions/deploy-cloudrun", "google-github-actions/deploy-appengine",
	"google-github-actions/deploy-cloud-functions", "google-github-actions/get-gke-credentials",
	"azure/cli", "hashicorp/terraform-github-actions", "pulumi/actions", "helm/helm-action",
	"actions/deploy-pages", "peaceiris/actions-gh-pages", "cloudflare/wrangler-action",
	"amondnet/vercel-action", "superfly/flyctl-actions", "digitalocean/app_action",
	"ibm/openshift-actions", "redhat-actions/oc-login", "akhileshns/heroku-deploy",
}

_deploy_tasks := {
	"azurewebapp", "azurermwebappdeployment", "azurefunctionapp", "azurefunctionappcontainer",
	"azurewebappcontainer", "azurecontainerapps", "kubernetesmanifest", "kubernetes", "helmdeploy",
	"azureresourcemanagertemplatedeployment", "azureresourcegroupdeployment", "azurespringcloud",
	"servicefabricdeploy", "iiswebappdeploymentonmachinegroup", "sqlazuredacpacdeployment",
	"azurecloudpowershelldeployment", "azurestaticwebapp", "awscli", "lambdadeployfunction",
	"cloudformationcreateorupdatestack", "ecsdeploy",
}

_deploy_command := `(?i)(^|[\s;&|(])(kubectl\s+(apply|create|replace|rollout|set\s+image)|helm\s+(upgrade|install)|terraform\s+apply|az\s+(webapp|functionapp|containerapp)\s+(deploy|up|update|create)|az\s+deployment\s|gcloud\s+(run|app|functions)\s+deploy|aws\s+(ecs\s+update-service|cloudformation\s+deploy|lambda\s+update-function-code|s3\s+sync)|serverless\s+deploy|sls\s+deploy|cdk\s+deploy|pulumi\s+up|eb\s+deploy|firebase\s+deploy|vercel\s+.*--prod|netlify\s+deploy\s+.*--prod|flyctl\s+deploy|fly\s+deploy|kubectl\s+-n\s+\S+\s+apply)`

# Words a deploying command line contains: a cheap filter before the regular expression.
_deploy_words := ["kubectl", "helm", "terraform", "az ", "gcloud", "aws ", "serverless", "sls ", "cdk ", "pulumi", "eb ", "firebase", "vercel", "netlify", "fly"]

_deploy_line(text) if {
	t := lower(text)
	some w in _deploy_words
	contains(t, w)
	regex.match(_deploy_command, text)
}

# A step that deploys.
deploy_step(s) if action(s) in _deploy_actions

deploy_step(s) if task(s) in _deploy_tasks

deploy_step(s) if {
	some l in s.lines
	_deploy_line(l.text)
}

# Indices of every deploying step of the document, computed once.
_deploying := {i |
	some i, s in input.resource.steps
	deploy_step(s)
}

# Indices of the deploying steps of job j.
deploy_steps(j) := {i |
	some i in _deploying
	input.resource.steps[i].job == j
}

_stage_name(job) := n if {
	some st in input.resource.stages
	st.id == job.stage
	n := sprintf("%v", [st.name])
} else := ""

# Texts that say where a job deploys: its id, name, stage, environment, and the names and
# inputs of its deploying steps.
_target_texts(j) := texts if {
	job := input.resource.jobs[j]
	texts := array.concat(
		[sprintf("%v", [job.id]), sprintf("%v", [job.name]), sprintf("%v", [job.stage]), _stage_name(job), sprintf("%v", [object.get(job, ["environment", "name"], "")])],
		[sprintf("%v", [v]) |
			some i in deploy_steps(j)
			s := input.resource.steps[i]
			some v in array.concat([s.name], [x | some x in s.with])
		],
	)
}

# Jobs with a deploying step.
_deploying_jobs := {input.resource.steps[i].job | some i in _deploying}

# Job j deploys to production: it has a deploying step and something names production.
production_deploy(j) if {
	j in _deploying_jobs
	some t in _target_texts(j)
	regex.match(_prod_pattern, t)
}

# --- security scanners ------------------------------------------------------------------

default_scanners := [
	"github/codeql-action", "aquasecurity/trivy-action", "aquasecurity/tfsec-action", "snyk/actions",
	"anchore/scan-action", "bridgecrewio/checkov-action", "returntocorp/semgrep-action",
	"semgrep/semgrep-action", "sonarsource/sonarqube-scan-action", "sonarsource/sonarcloud-github-action",
	"ossf/scorecard-action", "gitleaks/gitleaks-action", "zricethezav/gitleaks-action",
	"actions/dependency-review-action", "microsoft/security-devops-action", "docker/scout-action",
	"checkmarx/kics-github-action", "checkmarx/ast-github-action", "stackrox/kube-linter-action",
	"microsoftsecuritydevops", "advancedsecurity-codeql-analyze", "advancedsecurity-dependency-scanning",
	"snyksecurityscan", "sonarqubeanalyze", "sonarcloudanalyze", "whitesource", "mend", "credscan",
	"componentgovernancecomponentdetection", "trivy", "grype", "snyk", "checkov", "semgrep", "gitleaks",
	"tfsec", "kics", "bandit", "npm audit", "yarn audit", "pip-audit", "osv-scanner", "dependency-check",
	"zap-", "comply scan", "govulncheck", "cargo audit", "codeql",
]

scanners(rule) := s if {
	s := options(rule).scanners
	is_array(s)
} else := default_scanners

# A step that runs a security scanner from `list` (matched case-insensitively against the
# action, the task and the script lines).
scan_step(s, list) if {
	some n in list
	is_string(n)
	contains(action(s), lower(n))
}

scan_step(s, list) if {
	some n in list
	is_string(n)
	contains(task(s), lower(n))
}

scan_step(s, list) if {
	some n in list
	is_string(n)
	some l in s.lines
	regex.match(sprintf(`(?i)(^|[^a-z0-9-])%s([^a-z0-9]|$)`, [regex.replace(lower(n), `[.*+?()|\[\]{}^$\\]`, `\\$0`)]), l.text)
}

# --- untrusted input ----------------------------------------------------------------------

# GitHub contexts an outside contributor controls (titles, bodies, branch names, commit
# messages, author names and e-mails).
untrusted_github := `(?i)^(github\.event\.(issue|pull_request|comment|review|review_comment|discussion|discussion_comment)\.(title|body)|github\.event\.pull_request\.head\.(ref|label|repo\.default_branch)|github\.head_ref|github\.event\.(commits\[[^\]]*\]|commits\.\*|head_commit)\.(message|author\.(email|name))|github\.event\.commits|github\.event\.head_commit\.message|github\.event\.pages\[[^\]]*\]\.page_name|github\.event\.pages\.\*\.page_name|github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name))|pull_requests\[[^\]]*\]\.head\.ref))`

# Azure DevOps macros with text a pull request author controls.
untrusted_azure := `(?i)^(build\.sourceversionmessage|system\.pullrequest\.sourcebranch|build\.sourcebranchname|system\.pullrequest\.sourcecommitid|build\.requestedfor|build\.requestedforemail)$`

untrusted_expression(e) if {
	e.syntax == "template"
	x := trim_space(e.expr)
	startswith(lower(x), "github.")
	regex.match(untrusted_github, x)
}

untrusted_expression(e) if {
	e.syntax == "macro"
	input.kind == "azure-pipelines"
	regex.match(untrusted_azure, e.expr)
}
