# METADATA
# title: Pod or container runs as UID 0
# description: |
#   runAsUser 0 runs the container processes as root whatever the image says, and defeats
#   runAsNonRoot. The restricted profile forbids runAsUser 0 at the pod and container level.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0015
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-restricted: ["running-as-non-root-user"]
#     cis-kubernetes: ["5.2.7"]
#     nsa-kubernetes: ["non-root-containers"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Set securityContext.runAsUser to a non-zero UID, or remove it and run an image whose default user is not root.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.run_as_user_root

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some sc in pod_security.security_contexts
	_is_root(object.get(sc.value, "runAsUser", null))
	finding := result.fail(
		sprintf("%s runs as UID 0", [sc.subject]),
		array.concat(sc.path, ["runAsUser"]),
	)
}

_is_root(uid) if uid == 0

_is_root(uid) if {
	is_string(uid)
	trim_space(uid) == "0"
}
