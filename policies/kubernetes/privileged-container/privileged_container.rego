# METADATA
# title: Container runs in privileged mode
# description: |
#   A privileged container gets every capability and every host device, with no seccomp, AppArmor or
#   SELinux confinement; a process that escapes it owns the node. The baseline profile forbids
#   privileged containers, including init and ephemeral containers.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0001
#   severity: high
#   category: pod-security
#   frameworks:
#     pss-baseline: ["privileged-containers"]
#     pss-restricted: ["privileged-containers"]
#     cis-kubernetes: ["5.2.2"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1", "CC6.8"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Remove securityContext.privileged from the container or set it to false; grant the specific capability the workload needs instead.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.privileged_container

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some c in pod_security.containers
	c.context.privileged == true
	finding := result.fail(
		sprintf("%s runs in privileged mode", [c.subject]),
		array.concat(c.path, ["securityContext", "privileged"]),
	)
}
