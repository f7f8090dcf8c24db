# METADATA
# title: Container may run as root
# description: |
#   Without runAsNonRoot true, a container whose image defaults to UID 0 runs as root, which turns
#   any container escape or writable host mount into root on the node. The restricted profile
#   requires runAsNonRoot true for every container, set on the container or inherited from the pod
#   securityContext.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0014
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-restricted: ["running-as-non-root"]
#     cis-kubernetes: ["5.2.7"]
#     nsa-kubernetes: ["non-root-containers"]
#     soc2: ["CC6.1"]
#     iso27001: ["8.2", "8.9"]
#   remediation: Set securityContext.runAsNonRoot to true in the pod securityContext (and do not override it with false in a container), and run the image as a non-zero UID.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.root_user_allowed

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some c in pod_security.containers
	c.run_as_non_root == null
	finding := result.fail(
		sprintf("%s does not set runAsNonRoot", [c.subject]),
		pod_security.missing_path(c, ["runAsNonRoot"]),
	)
}

deny contains finding if {
	some c in pod_security.containers
	setting := c.run_as_non_root
	setting != null
	setting.value != true
	finding := result.fail(
		sprintf("%s sets runAsNonRoot to %v", [c.subject, setting.value]),
		setting.path,
	)
}
