# METADATA
# title: Container binds a host port
# description: |
#   A hostPort binds the container to a port on the node's own interfaces, bypassing Services and
#   NetworkPolicies and tying the pod to nodes where the port is free. The baseline profile allows
#   only 0 or no hostPort.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: K8S-0004
#   severity: medium
#   category: pod-security
#   frameworks:
#     pss-baseline: ["host-ports"]
#     pss-restricted: ["host-ports"]
#     cis-kubernetes: ["5.2.13"]
#     nsa-kubernetes: ["pod-security"]
#     soc2: ["CC6.6"]
#     iso27001: ["8.9", "8.20"]
#   remediation: Remove ports[].hostPort (or set it to 0) and expose the container through a Service.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]}]
package comply.kubernetes.host_port

import data.comply.lib.pod_security
import data.comply.lib.result

deny contains finding if {
	some c in pod_security.containers
	some j, port in pod_security.array_at(c.value, ["ports"])
	is_object(port)
	pod_security.nonzero_port(port.hostPort)
	finding := result.fail(
		sprintf("%s binds host port %v", [c.subject, port.hostPort]),
		array.concat(c.path, ["ports", j, "hostPort"]),
	)
}
