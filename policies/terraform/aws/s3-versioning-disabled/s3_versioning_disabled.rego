# METADATA
# title: S3 bucket does not version objects
# description: |
#   Versioning keeps every overwritten or deleted object recoverable. A bucket is reported when
#   neither its legacy versioning block nor an aws_s3_bucket_versioning resource that refers to it
#   enables it, and a versioning resource is reported when its status is Suspended or Disabled.
# custom:
#   id: TF-0127
#   severity: medium
#   category: backup-retention
#   frameworks: {soc2: ["A1.2"], iso27001: ["8.13"]}
#   remediation: Add aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }.
#   inputs: [{kind: terraform, resources: [aws_s3_bucket, aws_s3_bucket_versioning]}]
package comply.terraform.aws.s3_versioning_disabled

import data.comply.lib.result
import data.comply.lib.terraform

_status_path := ["versioning_configuration", 0, "status"]

_enabled_in(r) if terraform.string_in(r, _status_path) == "Enabled"

_enabled_in(r) if terraform.unknown_in(r, _status_path)

_versioned if terraform.enabled(["versioning", 0, "enabled"])

_versioned if terraform.is_unknown(["versioning", 0, "enabled"])

_versioned if {
	some r in terraform.related("aws_s3_bucket_versioning")
	_enabled_in(r)
}

deny contains finding if {
	terraform.type == "aws_s3_bucket"
	not _versioned
	finding := result.fail(sprintf("%s does not version objects", [terraform.address]), terraform.at(["versioning", 0, "enabled"]))
}

deny contains finding if {
	terraform.type == "aws_s3_bucket_versioning"
	status := terraform.string_value(_status_path)
	status != "Enabled"
	finding := result.fail(sprintf("%s sets versioning %s", [terraform.address, status]), array.concat(["values"], _status_path))
}
