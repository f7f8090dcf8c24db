# METADATA
# title: Pod sets an unsafe sysctl
# description: |
#   Sysctls outside the safe set are not isolated per pod: they can disable kernel protections or
#   change the behaviour of every container on the node. The baseline profile allows only the
#   namespaced safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range,
#   net.ipv4.tcp_syncookies and a few other net.ipv4 settings).
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
#   - https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
# custom:
#   id: K8S-0011
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-baseline: ["sysctls"]
#     pss-restricted: ["sysctls"]
#     nsa-kubernetes: ["hardened-runtime"]
#     soc2: ["CC6.8"]
#     iso27001: ["8.9"]
#   remediation: Remove the sysctl from securityContext.sysctls, or set it on the node if it is really needed.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.unsafe_sysctl

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some i, sysctl in pod_security.array_at(pod_security.pod_context.value, ["sysctls"])
	is_object(sysctl)
	name := sysctl.name
	not name in pod_security.safe_sysctls
	finding := result.fail(
		sprintf("%s sets unsafe sysctl %v", [pod_security.describe_workload, name]),
		array.concat(pod_security.pod_context.path, ["sysctls", i, "name"]),
	)
}
