# METADATA
# title: Pod or container sets custom SELinux options
# description: |
#   A custom SELinux user, role or a type such as spc_t or unconfined_t lifts the SELinux
#   confinement that keeps containers off host files and processes. The baseline profile allows only
#   the container_t, container_init_t, container_kvm_t and container_engine_t types and no user or
#   role.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0008
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-baseline: ["selinux"]
#     pss-restricted: ["selinux"]
#     nsa-kubernetes: ["hardened-runtime"]
#     soc2: ["CC6.8"]
#     iso27001: ["8.9"]
#   remediation: Remove seLinuxOptions.user and seLinuxOptions.role, and leave seLinuxOptions.type unset or set it to container_t, container_init_t, container_kvm_t or container_engine_t.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.custom_selinux_options

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some sc in pod_security.security_contexts
	selinux_type := object.get(sc.value, ["seLinuxOptions", "type"], "")
	not selinux_type in pod_security.allowed_selinux_types
	finding := result.fail(
		sprintf("%s sets SELinux type %v", [sc.subject, selinux_type]),
		array.concat(sc.path, ["seLinuxOptions", "type"]),
	)
}

deny contains finding if {
	some sc in pod_security.security_contexts
	some key in ["user", "role"]
	value := object.get(sc.value, ["seLinuxOptions", key], "")
	value != ""
	value != null
	finding := result.fail(
		sprintf("%s sets SELinux %s %v", [sc.subject, key, value]),
		array.concat(sc.path, ["seLinuxOptions", key]),
	)
}
