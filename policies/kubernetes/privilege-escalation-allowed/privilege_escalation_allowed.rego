# METADATA
# title: Container does not disable privilege escalation
# description: |
#   Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges
#   than its parent through setuid binaries or file capabilities. The restricted profile requires
#   allowPrivilegeEscalation false on every container. Pods with spec.os.name windows are exempt, as
#   in the Pod Security Standards.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0013
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-restricted: ["privilege-escalation"]
#     cis-kubernetes: ["5.2.6"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Set securityContext.allowPrivilegeEscalation to false on every container, init container and ephemeral container.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.privilege_escalation_allowed

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	not pod_security.is_windows
	some c in pod_security.containers
	not pod_security.has_value(c.context, ["allowPrivilegeEscalation"])
	finding := result.fail(
		sprintf("%s does not set allowPrivilegeEscalation", [c.subject]),
		pod_security.missing_path(c, ["allowPrivilegeEscalation"]),
	)
}

deny contains finding if {
	not pod_security.is_windows
	some c in pod_security.containers
	value := pod_security.value_at(c.context, ["allowPrivilegeEscalation"])
	value != false
	finding := result.fail(
		sprintf("%s allows privilege escalation", [c.subject]),
		array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"]),
	)
}
