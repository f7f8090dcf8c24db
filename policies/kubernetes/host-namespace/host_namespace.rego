# METADATA
# title: Pod shares a host namespace
# description: |
#   hostPID, hostIPC and hostNetwork put the pod in the node's process, IPC or network namespace,
#   where it can see and signal host processes, read shared memory, or sniff and bind host
#   interfaces. The baseline profile forbids sharing host namespaces.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0002
#   severity: high
#   category: pod-security
#   frameworks:
#     pss-baseline: ["host-namespaces"]
#     pss-restricted: ["host-namespaces"]
#     cis-kubernetes: ["5.2.3", "5.2.4", "5.2.5"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Remove hostPID, hostIPC and hostNetwork from the pod spec or set them to false.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.host_namespace

import data.comply.lib.kubernetes
import data.comply.lib.pod_security
import data.comply.lib.result

_namespaces := {"hostPID": "process ID", "hostIPC": "IPC", "hostNetwork": "network"}

deny contains finding if {
	some key, label in _namespaces
	pod_security.spec[key] == true
	finding := result.fail(
		sprintf("%s shares the host %s namespace (%s)", [pod_security.describe_workload, label, key]),
		array.concat(kubernetes.pod_spec.path, [key]),
	)
}
