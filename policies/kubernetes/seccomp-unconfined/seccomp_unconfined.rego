# METADATA
# title: Seccomp profile is set to Unconfined
# description: |
#   An Unconfined seccomp profile lets the container make every system call, including the rarely
#   needed ones behind most kernel exploits. The baseline profile forbids the Unconfined type at the
#   pod and container level.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
# custom:
#   id: K8S-0010
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-baseline: ["seccomp"]
#     pss-restricted: ["seccomp"]
#     cis-kubernetes: ["5.7.2"]
#     nsa-kubernetes: ["hardened-runtime"]
#     soc2: ["CC6.8"]
#     iso27001: ["8.9"]
#   remediation: Set seccompProfile.type to RuntimeDefault or Localhost.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.seccomp_unconfined

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some sc in pod_security.security_contexts
	object.get(sc.value, ["seccompProfile", "type"], "") == "Unconfined"
	finding := result.fail(
		sprintf("%s sets seccomp profile type Unconfined", [sc.subject]),
		array.concat(sc.path, ["seccompProfile", "type"]),
	)
}
