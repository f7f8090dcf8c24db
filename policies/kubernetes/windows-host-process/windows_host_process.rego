# METADATA
# title: Pod runs Windows HostProcess containers
# description: |
#   A Windows HostProcess container runs directly on the node as a host process, with access to the
#   host network, filesystem and processes. The baseline profile forbids hostProcess at the pod and
#   container level.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0006
#   severity: high
#   category: pod-security
#   frameworks:
#     pss-baseline: ["host-process"]
#     pss-restricted: ["host-process"]
#     cis-kubernetes: ["5.2.11"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Remove securityContext.windowsOptions.hostProcess from the pod and its containers, or set it to false.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.windows_host_process

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some sc in pod_security.security_contexts
	object.get(sc.value, ["windowsOptions", "hostProcess"], false) == true
	finding := result.fail(
		sprintf("%s runs as a Windows HostProcess", [sc.subject]),
		array.concat(sc.path, ["windowsOptions", "hostProcess"]),
	)
}
