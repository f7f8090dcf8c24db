# METADATA
# title: S3 bucket does not require TLS
# description: |
#   S3 answers plain HTTP requests unless the bucket policy denies them with a condition on
#   aws:SecureTransport = false (or NumericLessThanIfExists on s3:TlsVersion: a plain HTTP request
#   carries no TLS version, so a NumericLessThan condition without IfExists does not match it and
#   only raises the minimum for HTTPS requests). A bucket is reported when neither its policy
#   argument nor an aws_s3_bucket_policy that refers to it has such a Deny statement; policies
#   Terraform cannot know before apply (data sources) are not judged. At-rest encryption is not
#   judged: since January 2023 S3 encrypts every new object with SSE-S3 and it cannot be turned off.
# custom:
#   id: TF-0128
#   severity: medium
#   category: encryption
#   frameworks: {soc2: ["CC6.7"], iso27001: ["8.24"], cis-aws: ["2.1.1"]}
#   remediation: Add a bucket policy statement that denies s3:* when aws:SecureTransport is false.
#   inputs: [{kind: terraform, resources: [aws_s3_bucket]}]
package comply.terraform.aws.s3_tls_not_enforced

import data.comply.lib.result
import data.comply.lib.terraform

_documents contains d if {
	d := _document(terraform.value(["policy"]))
}

_documents contains d if {
	some r in terraform.related("aws_s3_bucket_policy")
	d := _document(terraform.value_in(r, ["policy"]))
}

_document(p) := p if is_object(p)

_document(p) := json.unmarshal(p) if {
	is_string(p)
	json.is_valid(p)
}

_unknown_policy if terraform.is_unknown(["policy"])

_unknown_policy if {
	some r in terraform.related("aws_s3_bucket_policy")
	terraform.unknown_in(r, ["policy"])
}

_statements(d) := s if {
	is_array(d.Statement)
	s := d.Statement
}

_statements(d) := [d.Statement] if is_object(d.Statement)

_denies_plain_http(st) if {
	st.Effect == "Deny"
	some op, cond in st.Condition
	op in {"Bool", "BoolIfExists"}
	some k, v in cond
	lower(k) == "aws:securetransport"
	lower(sprintf("%v", [_first(v)])) == "false"
}

_denies_plain_http(st) if {
	st.Effect == "Deny"
	some op, cond in st.Condition
	op in {"NumericLessThanIfExists", "NumericLessThanEqualsIfExists"}
	some k, _ in cond
	lower(k) == "s3:tlsversion"
}

_first(v) := v[0] if is_array(v)

_first(v) := v if not is_array(v)

_enforced if {
	some d in _documents
	some st in _statements(d)
	_denies_plain_http(st)
}

deny contains finding if {
	terraform.type == "aws_s3_bucket"
	not _enforced
	not _unknown_policy
	finding := result.fail(sprintf("%s does not deny requests without TLS", [terraform.address]), terraform.at(["policy"]))
}
