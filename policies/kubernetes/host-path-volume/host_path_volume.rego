# METADATA
# title: Pod mounts a hostPath volume
# description: |
#   A hostPath volume exposes the node's filesystem to the pod; a writable mount of /, /etc,
#   /var/lib/kubelet or the container runtime socket is a direct path to node compromise. The
#   baseline profile forbids hostPath volumes.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0003
#   severity: high
#   category: pod-security
#   frameworks:
#     pss-baseline: ["host-path-volumes"]
#     pss-restricted: ["host-path-volumes"]
#     cis-kubernetes: ["5.2.12"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Replace the hostPath volume with a persistentVolumeClaim, emptyDir, configMap or secret volume.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.host_path_volume

import data.comply.lib.kubernetes
import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some i, volume in pod_security.array_at(pod_security.spec, ["volumes"])
	is_object(volume)
	volume.hostPath != null
	finding := result.fail(
		sprintf("%s mounts host path %q through volume %q", [
			pod_security.describe_workload,
			object.get(volume, ["hostPath", "path"], ""),
			object.get(volume, "name", sprintf("#%d", [i])),
		]),
		array.concat(kubernetes.pod_spec.path, ["volumes", i, "hostPath"]),
	)
}
