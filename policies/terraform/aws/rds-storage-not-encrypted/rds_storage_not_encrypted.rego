# METADATA
# title: RDS database storage is not encrypted
# description: |
#   RDS instances and Aurora, DocumentDB and Neptune clusters store data, logs, backups and
#   snapshots unencrypted unless storage_encrypted is true; it defaults to false and cannot be
#   changed after creation. Not reported when storage_encrypted is not written but encryption
#   comes from elsewhere: a kms_key_id (encrypted replicas), a read replica or snapshot restore
#   (inherits the source's encryption), an instance of an Aurora cluster (the cluster decides),
#   or Aurora Serverless v1 (always encrypted).
# custom:
#   id: TF-0101
#   severity: high
#   category: encryption
#   frameworks: {cis-aws: ["2.3.1"], soc2: ["CC6.1", "C1.1"], iso27001: ["8.24"]}
#   remediation: Set storage_encrypted = true (optionally with kms_key_id) when creating the database.
#   inputs: [{kind: terraform, resources: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster]}]
package comply.terraform.aws.rds_storage_not_encrypted

import data.comply.lib.result
import data.comply.lib.terraform

_paths := [["storage_encrypted"]]

deny contains finding if {
	terraform.type in {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"}
	some p in _paths
	terraform.disabled(p)
	finding := result.fail(sprintf("%s stores data unencrypted", [terraform.address]), terraform.at(p))
}

# Arguments that, written (or unknown), mean storage encryption is decided elsewhere. On an
# aws_db_instance, cluster_identifier makes it a member of a cluster, whose setting applies; on
# a cluster it is only the cluster's own name.
_inherited_from := ["kms_key_id", "replicate_source_db", "snapshot_identifier", "replication_source_identifier"]

_inherited_args contains a if some a in _inherited_from

_inherited_args contains "cluster_identifier" if terraform.type == "aws_db_instance"

_inherited if {
	some a in _inherited_args
	terraform.string_value([a]) != ""
}

_inherited if {
	some a in _inherited_args
	terraform.is_unknown([a])
}

_inherited if {
	terraform.type == "aws_rds_cluster"
	lower(terraform.string_value(["engine_mode"])) == "serverless"
}

_inherited if terraform.is_unknown(["engine_mode"])

deny contains finding if {
	terraform.type in {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"}
	every p in _paths {
		terraform.missing(p)
	}
	not _inherited
	finding := result.fail(sprintf("%s stores data unencrypted", [terraform.address]), terraform.at(_paths[0]))
}
