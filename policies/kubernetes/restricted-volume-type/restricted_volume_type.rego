# METADATA
# title: Pod uses a volume type outside the restricted set
# description: |
#   In-tree volume plugins such as nfs, iscsi, gitRepo, rbd or cephfs are configured by the pod
#   author and mounted by the kubelet with node privileges. The restricted profile allows only
#   configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret
#   volumes (hostPath is reported by host-path-volume).
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0012
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-restricted: ["volume-types"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.9"]
#   remediation: Mount the storage through a persistentVolumeClaim bound to a PersistentVolume the cluster administrator defines, or use one of the allowed volume types.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.restricted_volume_type

import data.comply.lib.kubernetes
import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some i, volume in pod_security.array_at(pod_security.spec, ["volumes"])
	is_object(volume)
	some source, value in volume
	value != null
	source != "name"
	source != "hostPath" # reported by host-path-volume
	not source in pod_security.restricted_volume_types
	finding := result.fail(
		sprintf("%s uses %s volume %q", [
			pod_security.describe_workload,
			source,
			object.get(volume, "name", sprintf("#%d", [i])),
		]),
		array.concat(kubernetes.pod_spec.path, ["volumes", i, source]),
	)
}
