# METADATA
# title: Container has no RuntimeDefault or Localhost seccomp profile
# description: |
#   Without a seccomp profile the container runs with every system call allowed on most runtimes.
#   The restricted profile requires seccompProfile.type RuntimeDefault or Localhost for every
#   container, set on the container or inherited from the pod securityContext (an explicit
#   Unconfined is reported by seccomp-unconfined). Pods with spec.os.name windows are exempt, as in
#   the Pod Security Standards.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
# custom:
#   id: K8S-0016
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-restricted: ["seccomp"]
#     cis-kubernetes: ["5.7.2"]
#     nsa-kubernetes: ["hardened-runtime"]
#     soc2: ["CC6.8"]
#     iso27001: ["8.9"]
#   remediation: Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a localhostProfile) in the pod securityContext.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.seccomp_profile_unset

import data.comply.lib.pod_security
import data.comply.lib.result

# Unconfined is the baseline violation reported by seccomp-unconfined.
_known_types := {"RuntimeDefault", "Localhost", "Unconfined"}

deny contains finding if {
	not pod_security.is_windows
	some c in pod_security.containers
	c.seccomp_type == null
	finding := result.fail(
		sprintf("%s has no seccomp profile", [c.subject]),
		pod_security.missing_path(c, ["seccompProfile", "type"]),
	)
}

deny contains finding if {
	not pod_security.is_windows
	some c in pod_security.containers
	setting := c.seccomp_type
	setting != null
	not setting.value in _known_types
	finding := result.fail(
		sprintf("%s sets seccomp profile type %v", [c.subject, setting.value]),
		setting.path,
	)
}
