# METADATA
# title: ECS task definition runs a privileged container
# description: |
#   A container definition with "privileged": true gets every capability and the host's devices on
#   the EC2 instance that runs it; a compromise of the container is a compromise of the host.
# custom:
#   id: TF-0131
#   severity: high
#   category: pod-security
#   frameworks: {soc2: ["CC6.8"], iso27001: ["8.9"]}
#   remediation: Remove privileged = true from the container definition; add only the Linux capabilities it needs.
#   inputs: [{kind: terraform, resources: [aws_ecs_task_definition]}]
package comply.terraform.aws.ecs_privileged_container

import data.comply.lib.result
import data.comply.lib.terraform

# container_definitions is a JSON string (jsonencode or a heredoc); the loader may also hand over
# the decoded array.
_containers := c if {
	v := terraform.value(["container_definitions"])
	is_array(v)
	c := v
}

_containers := c if {
	v := terraform.value(["container_definitions"])
	is_string(v)
	json.is_valid(v)
	c := json.unmarshal(v)
	is_array(c)
}

_name(c) := c.name if is_string(c.name)

_name(c) := "unnamed" if not is_string(c.name)

deny contains finding if {
	some c in _containers
	c.privileged == true
	finding := result.fail(sprintf("%s runs container %s privileged", [terraform.address, _name(c)]), ["values", "container_definitions"])
}
