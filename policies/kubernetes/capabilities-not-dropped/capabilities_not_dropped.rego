# METADATA
# title: Container does not drop all capabilities
# description: |
#   Container runtimes grant a default set of capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW...)
#   that most workloads never need. The restricted profile requires every container to list ALL in
#   securityContext.capabilities.drop. Pods with spec.os.name windows are exempt, as in the Pod
#   Security Standards.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0017
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-restricted: ["capabilities"]
#     cis-kubernetes: ["5.2.8", "5.2.10"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.9"]
#   remediation: Add ALL to securityContext.capabilities.drop on every container, and add back only NET_BIND_SERVICE if the workload binds a port below 1024.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.capabilities_not_dropped

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	not pod_security.is_windows
	some c in pod_security.containers
	not _drops_all(c)
	finding := result.fail(
		sprintf("%s does not drop all capabilities", [c.subject]),
		_path(c),
	)
}

_drops_all(c) if {
	some capability in pod_security.array_at(c.context, ["capabilities", "drop"])
	pod_security.capability_name(capability) == "ALL"
}

_path(c) := array.concat(c.path, ["securityContext", "capabilities", "drop"]) if {
	pod_security.has_value(c.value, ["securityContext", "capabilities", "drop"])
} else := pod_security.missing_path(c, ["capabilities", "drop"])
