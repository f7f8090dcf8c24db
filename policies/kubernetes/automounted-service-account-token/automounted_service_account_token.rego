# METADATA
# title: Pod mounts its service account token automatically
# description: |
#   Unless automounting is disabled, every container of the pod gets a Kubernetes API token at
#   /var/run/secrets/kubernetes.io/serviceaccount, which an attacker can use against the API server.
#   Pods that do not call the API should set automountServiceAccountToken false, on the pod or on a
#   ServiceAccount of the same scan that the pod uses.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
# custom:
#   id: K8S-0020
#   severity: low
#   category: pod-security
#   frameworks:
#     cis-kubernetes: ["5.1.6"]
#     nsa-kubernetes: ["service-account-tokens"]
#     soc2: ["CC6.1"]
#     iso27001: ["5.17"]
#   remediation: Set automountServiceAccountToken to false in the pod spec (or on its ServiceAccount), and mount a projected token only in pods that call the Kubernetes API.
#   inventory: [ServiceAccount]
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.automounted_service_account_token

import data.comply.lib.kubernetes
import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	value := pod_security.value_at(pod_security.spec, ["automountServiceAccountToken"])
	value != false
	finding := result.fail(
		sprintf("%s mounts the service account token automatically", [pod_security.describe_workload]),
		array.concat(kubernetes.pod_spec.path, ["automountServiceAccountToken"]),
	)
}

deny contains finding if {
	kubernetes.pod_spec
	not pod_security.has_value(pod_security.spec, ["automountServiceAccountToken"])
	not _service_account_opts_out
	finding := result.fail(
		sprintf("%s does not disable automounting of the %q service account token", [pod_security.describe_workload, _service_account]),
		kubernetes.pod_spec.path,
	)
}

_service_account := name if {
	some key in ["serviceAccountName", "serviceAccount"]
	name := object.get(pod_security.spec, key, "")
	is_string(name)
	name != ""
} else := "default"

# A ServiceAccount of the same scan unit, in the pod's namespace, that disables automounting.
_service_account_opts_out if {
	some account in data.comply.inventory.by_kind.ServiceAccount
	account.resource.metadata.name == _service_account
	object.get(account.resource, ["metadata", "namespace"], "default") == kubernetes.namespace
	account.resource.automountServiceAccountToken == false
}
