# METADATA
# title: ECS task definition lets a container write its root filesystem
# description: |
#   Unless readonlyRootFilesystem is true, a compromised container can modify its own binaries and
#   configuration and persist tools; a read-only root filesystem with explicit volumes for data
#   limits what an attacker can change.
# custom:
#   id: TF-0132
#   severity: low
#   category: pod-security
#   frameworks: {soc2: ["CC6.8"], iso27001: ["8.9"]}
#   remediation: Set readonlyRootFilesystem = true in every container definition and mount volumes where the application writes.
#   inputs: [{kind: terraform, resources: [aws_ecs_task_definition]}]
package comply.terraform.aws.ecs_writable_root_filesystem

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
	not c.readonlyRootFilesystem == true
	finding := result.fail(sprintf("%s lets container %s write its root filesystem", [terraform.address, _name(c)]), ["values", "container_definitions"])
}
