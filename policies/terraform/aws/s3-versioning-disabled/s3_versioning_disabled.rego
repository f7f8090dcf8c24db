# METADATA
# title: S3 bucket does not version objects
# description: |
#   Versioning keeps every overwritten or deleted object recoverable. A bucket is reported when its
#   legacy versioning block does not enable it and no aws_s3_bucket_versioning resource refers to
#   it; a versioning resource is reported (on its own status line, not again on the bucket) when
#   its status is Suspended or Disabled. A bucket created with Object Lock (object_lock_enabled,
#   or the legacy object_lock_configuration { object_lock_enabled = "Enabled" }) is always
#   versioned.
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

_covered if terraform.enabled(["versioning", 0, "enabled"])

_covered if terraform.is_unknown(["versioning", 0, "enabled"])

_covered if terraform.enabled(["object_lock_enabled"])

_covered if terraform.is_unknown(["object_lock_enabled"])

_covered if terraform.string_value(["object_lock_configuration", 0, "object_lock_enabled"]) == "Enabled"

# A related versioning resource decides (the provider lets it override the legacy block); when it
# does not enable versioning, that resource is the one reported.
_covered if count(terraform.related("aws_s3_bucket_versioning")) > 0

deny contains finding if {
	terraform.type == "aws_s3_bucket"
	not _covered
	finding := result.fail(sprintf("%s does not version objects", [terraform.address]), terraform.at(["versioning", 0, "enabled"]))
}

deny contains finding if {
	terraform.type == "aws_s3_bucket_versioning"
	status := terraform.string_value(_status_path)
	status != "Enabled"
	finding := result.fail(sprintf("%s sets versioning %s", [terraform.address, status]), array.concat(["values"], _status_path))
}
