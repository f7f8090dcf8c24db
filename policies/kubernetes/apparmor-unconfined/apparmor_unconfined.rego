# METADATA
# title: AppArmor confinement is disabled or overridden
# description: |
#   The container runtime applies its default AppArmor profile on supported hosts; an Unconfined
#   profile removes that mandatory access control. The baseline profile allows only the
#   RuntimeDefault and Localhost profiles, in securityContext.appArmorProfile or in the pre-1.30
#   container.apparmor.security.beta.kubernetes.io annotations.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
#   - https://kubernetes.io/docs/tutorials/security/apparmor/
# custom:
#   id: K8S-0007
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-baseline: ["apparmor"]
#     pss-restricted: ["apparmor"]
#     nsa-kubernetes: ["hardened-runtime"]
#     soc2: ["CC6.8"]
#     iso27001: ["8.9"]
#   remediation: Set appArmorProfile.type to RuntimeDefault or Localhost (or the annotation to runtime/default or localhost/<profile>), or remove the setting.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.apparmor_unconfined

import data.comply.lib.kubernetes
import data.comply.lib.pod_security
import data.comply.lib.result

_allowed_types := {"RuntimeDefault", "Localhost"}

_annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains finding if {
	some sc in pod_security.security_contexts
	profile_type := object.get(sc.value, ["appArmorProfile", "type"], "RuntimeDefault")
	profile_type != null
	not profile_type in _allowed_types
	finding := result.fail(
		sprintf("%s sets AppArmor profile type %v", [sc.subject, profile_type]),
		array.concat(sc.path, ["appArmorProfile", "type"]),
	)
}

deny contains finding if {
	some key, value in pod_security.object_at(pod_security.pod_metadata, ["annotations"])
	startswith(key, _annotation_prefix)
	not _allowed_annotation(value)
	finding := result.fail(
		sprintf("%s sets AppArmor profile %v for container %q", [pod_security.describe_workload, value, substring(key, count(_annotation_prefix), -1)]),
		array.concat(kubernetes.pod_metadata.path, ["annotations", key]),
	)
}

_allowed_annotation(value) if value == "runtime/default"

_allowed_annotation(value) if {
	is_string(value)
	startswith(value, "localhost/")
}
