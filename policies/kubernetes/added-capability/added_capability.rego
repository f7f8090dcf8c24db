# METADATA
# title: Container adds a capability other than NET_BIND_SERVICE
# description: |
#   Every added capability widens what a compromised process can do to the kernel. The restricted
#   profile lets a container add back only NET_BIND_SERVICE; capabilities outside the baseline set
#   are reported by dangerous-capability, this rule reports the remaining baseline ones (CHOWN,
#   SETUID, KILL...). Pods with spec.os.name windows are exempt, as in the Pod Security Standards.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0018
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-restricted: ["capabilities"]
#     cis-kubernetes: ["5.2.9"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.9"]
#   remediation: Remove the capability from securityContext.capabilities.add; only NET_BIND_SERVICE may be added back.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.added_capability

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	not pod_security.is_windows
	some c in pod_security.containers
	some cap in pod_security.added_capabilities(c)
	cap.name in pod_security.baseline_capabilities # others are reported by dangerous-capability
	not cap.name in pod_security.restricted_capabilities
	finding := result.fail(
		sprintf("%s adds capability %v", [c.subject, cap.raw]),
		cap.path,
	)
}
