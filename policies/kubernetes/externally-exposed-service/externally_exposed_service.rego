# METADATA
# title: Service exposed outside the cluster
# description: |
#   A Service of type LoadBalancer gets an external address, and a NodePort Service opens its
#   port on every node; either puts the workload behind it in reach of networks outside the
#   cluster, bypassing the Ingress layer where TLS, authentication and WAF rules usually live.
#   LoadBalancers annotated as internal (AWS, Azure, GKE, OCI annotations) only get a private
#   address and are not reported. Rule options of `externally-exposed-service`: `allowed`, a list
#   of `"<namespace>/<name>"` Services (or `"<namespace>/*"`) that may be exposed, and
#   `allowed_types`, a list of types (`LoadBalancer`, `NodePort`) accepted everywhere.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
# custom:
#   id: K8S-0054
#   severity: medium
#   category: network-isolation
#   frameworks:
#     nsa-kubernetes: ["network-separation"]
#     soc2: ["CC6.6"]
#     iso27001: ["8.20", "8.22"]
#   remediation: Use a ClusterIP Service behind an Ingress or Gateway, mark the load balancer as internal, or list the Service in the rule's allowed option.
#   inputs: [{kind: kubernetes, resources: [Service]}]
package comply.kubernetes.externally_exposed_service

import data.comply.lib.kubernetes
import data.comply.lib.result

default _allowed := []

_allowed := a if {
	a := data.comply.rule_options["externally-exposed-service"].allowed
	is_array(a)
}

default _allowed_types := []

_allowed_types := t if {
	t := data.comply.rule_options["externally-exposed-service"].allowed_types
	is_array(t)
}

_exposed_types := {"LoadBalancer", "NodePort"}

deny contains finding if {
	kubernetes.kind == "Service"
	service_type := input.resource.spec.type
	service_type in _exposed_types
	not service_type in _allowed_types
	not _allowed_service
	not _internal_load_balancer(service_type)
	finding := result.fail(
		sprintf("Service %q in namespace %q is of type %s, reachable from outside the cluster", [kubernetes.name, kubernetes.namespace, service_type]),
		["spec", "type"],
	)
}

_allowed_service if sprintf("%s/%s", [kubernetes.namespace, kubernetes.name]) in _allowed

_allowed_service if sprintf("%s/*", [kubernetes.namespace]) in _allowed

# Annotations that make a cloud load balancer private, with the value that does it.
_internal_annotations := {
	"service.beta.kubernetes.io/aws-load-balancer-internal": "true",
	"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
	"service.beta.kubernetes.io/azure-load-balancer-internal": "true",
	"networking.gke.io/load-balancer-type": "internal",
	"cloud.google.com/load-balancer-type": "internal",
	"service.beta.kubernetes.io/oci-load-balancer-internal": "true",
}

_internal_load_balancer("LoadBalancer") if {
	annotations := input.resource.metadata.annotations
	is_object(annotations)
	some key, value in _internal_annotations
	lower(sprintf("%v", [annotations[key]])) == value
}
