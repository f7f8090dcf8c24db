# METADATA
# title: Container mounts /proc unmasked
# description: |
#   The default /proc mount masks and makes read-only paths such as /proc/sys and /proc/kcore; an
#   Unmasked procMount exposes them to the container. The baseline profile allows only the Default
#   proc mount type.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0009
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-baseline: ["proc-mount-type"]
#     pss-restricted: ["proc-mount-type"]
#     nsa-kubernetes: ["hardened-runtime"]
#     soc2: ["CC6.8"]
#     iso27001: ["8.9"]
#   remediation: Remove securityContext.procMount or set it to Default.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.unmasked_proc_mount

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some c in pod_security.containers
	proc_mount := object.get(c.context, "procMount", "Default")
	proc_mount != "Default"
	proc_mount != null
	finding := result.fail(
		sprintf("%s uses proc mount type %v", [c.subject, proc_mount]),
		array.concat(c.path, ["securityContext", "procMount"]),
	)
}
