# METADATA
# title: Production deployment without an approval environment
# description: |
#   Approvals, required reviewers, wait timers and branch restrictions for production live on
#   environments: a GitHub job without `environment:`, or an Azure DevOps deployment that runs
#   in a plain `job` instead of a `deployment` job bound to an environment, deploys to
#   production on every trigger with nobody's sign-off. A job counts as a production
#   deployment when it has a deploying step (a deploy action or task such as
#   azure/webapps-deploy, AzureWebApp, KubernetesManifest, HelmDeploy, or a command such as
#   `kubectl apply`, `helm upgrade`, `terraform apply`, `az webapp deploy`) and its id, name,
#   stage, or the deploying step's name or inputs name production (`prod`, `production`,
#   `prd`, `live`). An Azure plain job inserted by a `${{ if }}` / `${{ else }}` branch is not
#   reported when the other branch inserts a deployment job with an environment under the same
#   id in the same stage: two jobs cannot share an id, so they are alternatives, and the
#   template conditions are not evaluated to tell which one a run takes.
# related_resources:
#   - https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment
#   - https://learn.microsoft.com/en-us/azure/devops/pipelines/process/environments
# custom:
#   id: CI-0009
#   severity: high
#   category: supply-chain
#   frameworks: {soc2: ["CC8.1"], iso27001: ["8.31", "8.32"]}
#   remediation: 'GitHub: add `environment: production` to the job and configure required reviewers on that environment. Azure DevOps: use a `deployment` job with `environment:` and add approvals and checks to the environment.'
#   inputs: [{kind: github-actions, resources: [workflow]}, {kind: azure-pipelines}]
package comply.pipelines.deployment_without_environment

import data.comply.lib.pipelines
import data.comply.lib.result

deny contains finding if {
	some j, job in input.resource.jobs
	job.kind in {"job", "deployment"}
	pipelines.production_deploy(j)
	_problem(job) != ""
	not _alternative_has_environment(j, job)
	finding := result.fail(sprintf("Job %q deploys to production %s", [job.id, _problem(job)]), ["jobs", j])
}

_problem(job) := "without an environment" if {
	input.kind == "github-actions"
	job.environment == null
} else := "in a plain job, not a deployment job bound to an environment" if {
	input.kind == "azure-pipelines"
	job.kind == "job"
} else := "in a deployment job without an environment" if {
	input.kind == "azure-pipelines"
	job.environment == null
} else := ""

# Job j is one branch of an Azure `${{ if }}` / `${{ else }}` pair whose other branch is a
# deployment job with an environment (same id, same stage, both inserted conditionally).
_alternative_has_environment(j, job) if {
	input.kind == "azure-pipelines"
	job.conditional == true
	some k, other in input.resource.jobs
	k != j
	other.conditional == true
	other.id == job.id
	object.get(other, "stage", null) == object.get(job, "stage", null)
	other.kind == "deployment"
	other.environment != null
}
