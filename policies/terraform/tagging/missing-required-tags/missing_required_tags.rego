# METADATA
# title: Cloud resource lacks required tags
# description: |
#   Every azurerm and aws resource type that accepts tags must carry every key listed in
#   params.required_tags (cost allocation, ownership, data classification). Tags set by the aws
#   provider's default_tags count; Azure tag names are compared case-insensitively. Resources whose
#   tags Terraform cannot know before apply are not judged, and nothing is reported while
#   required_tags is empty.
# custom:
#   id: TF-0201
#   severity: low
#   category: tagging
#   frameworks: {soc2: ["CC6.1"], iso27001: ["5.9"]}
#   remediation: Add the missing keys to the resource's tags (or to the aws provider's default_tags).
#   inputs: [{kind: terraform}]
package comply.terraform.tagging.missing_required_tags

import data.comply.lib.params
import data.comply.lib.result
import data.comply.lib.terraform

deny contains finding if {
	# First the cheap test: with no required tags there is nothing to judge, and the taggable
	# type sets below hold about 1,200 names.
	count(params.required_tags) > 0
	terraform.taggable
	missing := terraform.missing_tags
	count(missing) > 0
	finding := result.fail(
		sprintf("%s lacks required tags: %s", [terraform.address, concat(", ", missing)]),
		terraform.at(["tags"]),
	)
}
