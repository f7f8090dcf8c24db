# METADATA
# title: EBS volume is not encrypted
# description: |
#   EBS volumes, instance root and data volumes, and launch configuration/template block devices are
#   unencrypted unless encrypted is true (or the account enables EBS encryption by default, which a
#   module cannot see). Volumes restored from a snapshot inherit its encryption and are not judged.
# custom:
#   id: TF-0109
#   severity: high
#   category: encryption
#   frameworks: {cis-aws: ["2.2.1"], soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Set encrypted = true on the volume or block device (or enable aws_ebs_encryption_by_default).
#   inputs: [{kind: terraform, resources: [aws_ebs_volume, aws_instance, aws_launch_configuration, aws_launch_template]}]
package comply.terraform.aws.ebs_not_encrypted

import data.comply.lib.result
import data.comply.lib.terraform

# [encrypted path, device path] per type.
_devices contains [["encrypted"], ["values"]] if terraform.type == "aws_ebs_volume"

_devices contains [array.concat(b.rel, ["encrypted"]), b.path] if {
	terraform.type in {"aws_instance", "aws_launch_configuration"}
	some block in ["root_block_device", "ebs_block_device"]
	some b in terraform.blocks([block])
}

_devices contains [array.concat(e.rel, ["encrypted"]), e.path] if {
	terraform.type == "aws_launch_template"
	some b in terraform.blocks(["block_device_mappings"])
	some e in terraform.blocks(array.concat(b.rel, ["ebs"]))
}

_from_snapshot(path) if terraform.known(array.concat(array.slice(path, 0, count(path) - 1), ["snapshot_id"]))

_from_snapshot(path) if terraform.is_unknown(array.concat(array.slice(path, 0, count(path) - 1), ["snapshot_id"]))

deny contains finding if {
	some [path, device] in _devices
	not _from_snapshot(path)
	terraform.off(path)
	finding := result.fail(sprintf("%s has an unencrypted volume", [terraform.address]), terraform.at(path))
}
