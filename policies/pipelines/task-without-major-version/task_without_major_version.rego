# METADATA
# title: Azure DevOps task without a major version
# description: |
#   A task referenced without `@<major>` (or with a non-numeric version) takes whichever
#   version the organisation has installed, so a new major version with breaking or unwanted
#   behaviour changes enters every pipeline at once, without review. Pin the major version so
#   upgrades are deliberate.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/devops/pipelines/process/tasks#task-versions
# custom:
#   id: CI-0012
#   severity: medium
#   category: supply-chain
#   frameworks: {soc2: ["CC8.1"], iso27001: ["5.21", "8.32"]}
#   remediation: 'Reference the task with its major version, for example `task: AzureCLI@2`.'
#   inputs: [{kind: azure-pipelines}]
package comply.pipelines.task_without_major_version

import data.comply.lib.pipelines
import data.comply.lib.result

deny contains finding if {
	some i, s in input.resource.steps
	is_string(s.task.raw)
	s.task.major == false
	not contains(s.task.raw, "$")
	finding := result.fail(
		sprintf("%s runs task %s without a major version", [pipelines.where(s), s.task.raw]),
		["steps", i, "task"],
	)
}
