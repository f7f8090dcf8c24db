# METADATA
# title: Container root filesystem is writable
# description: |
#   A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries
#   or persist in the container. readOnlyRootFilesystem true makes the image immutable at run time,
#   with emptyDir volumes for the paths the application writes.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: K8S-0019
#   severity: low
#   category: pod-security
#   frameworks:
#     nsa-kubernetes: ["immutable-filesystem"]
#     soc2: ["CC6.8"]
#     iso27001: ["8.9"]
#   remediation: Set securityContext.readOnlyRootFilesystem to true and mount emptyDir volumes at the paths the application writes to.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.writable_root_filesystem

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some c in pod_security.containers
	not pod_security.has_value(c.context, ["readOnlyRootFilesystem"])
	finding := result.fail(
		sprintf("%s does not set readOnlyRootFilesystem", [c.subject]),
		pod_security.missing_path(c, ["readOnlyRootFilesystem"]),
	)
}

deny contains finding if {
	some c in pod_security.containers
	value := pod_security.value_at(c.context, ["readOnlyRootFilesystem"])
	value != true
	finding := result.fail(
		sprintf("%s has a writable root filesystem", [c.subject]),
		array.concat(c.path, ["securityContext", "readOnlyRootFilesystem"]),
	)
}
