# METADATA
# title: Container adds a capability outside the baseline set
# description: |
#   Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or NET_RAW grant kernel
#   privileges that allow container escape, host network manipulation or snooping. The baseline
#   profile lets a container add only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#   NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0005
#   severity: high
#   category: pod-security
#   frameworks:
#     pss-baseline: ["capabilities"]
#     pss-restricted: ["capabilities"]
#     cis-kubernetes: ["5.2.9"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Remove the capability from securityContext.capabilities.add; keep only capabilities of the baseline set that the workload needs.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.dangerous_capability

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some c in pod_security.containers
	some cap in pod_security.added_capabilities(c)
	not cap.name in pod_security.baseline_capabilities
	finding := result.fail(
		sprintf("%s adds capability %v", [c.subject, cap.raw]),
		cap.path,
	)
}
