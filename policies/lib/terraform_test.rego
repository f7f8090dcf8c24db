package comply.lib.terraform_test

import data.comply.lib.terraform

_doc(t, vals, unk) := {"kind": "terraform", "resource": {
	"address": sprintf("%s.this", [t]),
	"type": t,
	"name": "this",
	"values": vals,
	"unknown": unk,
}}

test_value_known_and_unknown if {
	doc := _doc("azurerm_linux_web_app", {"site_config": [{"minimum_tls_version": "1.0"}], "https_only": false}, {"client_certificate_mode": true})
	terraform.value(["site_config", 0, "minimum_tls_version"]) == "1.0" with input as doc
	terraform.known(["https_only"]) with input as doc
	terraform.disabled(["https_only"]) with input as doc
	terraform.off(["https_only"]) with input as doc
	not terraform.known(["client_certificate_mode"]) with input as doc
	terraform.is_unknown(["client_certificate_mode"]) with input as doc
	not terraform.missing(["client_certificate_mode"]) with input as doc
	terraform.missing(["ftps_state"]) with input as doc
	terraform.off(["ftps_state"]) with input as doc
}

test_unknown_parent_hides_children if {
	doc := _doc("aws_security_group", {}, {"ingress": true})
	terraform.is_unknown(["ingress", 0, "cidr_blocks"]) with input as doc
	not terraform.missing(["ingress"]) with input as doc
	count(terraform.blocks(["ingress"])) == 0 with input as doc
	doc2 := _doc("aws_security_group", {"ingress": [{"cidr_blocks": ["10.0.0.0/8"]}]}, {"ingress": [{"cidr_blocks": [true]}]})
	terraform.is_unknown(["ingress", 0, "cidr_blocks", 0]) with input as doc2
	not terraform.is_unknown(["ingress", 0, "from_port"]) with input as doc2
}

test_whole_resource_unknown if {
	terraform.is_unknown(["anything"]) with input as _doc("aws_s3_bucket", {}, true)
}

test_null_is_missing if {
	doc := _doc("aws_db_instance", {"storage_encrypted": null}, {})
	terraform.missing(["storage_encrypted"]) with input as doc
	not terraform.known(["storage_encrypted"]) with input as doc
}

test_string_booleans_and_numbers if {
	doc := _doc("aws_db_instance", {"storage_encrypted": "true", "backup_retention_period": "3", "port": 5432}, {})
	terraform.enabled(["storage_encrypted"]) with input as doc
	terraform.number_value(["backup_retention_period"]) == 3 with input as doc
	terraform.string_value(["port"]) == "5432" with input as doc
}

test_at_points_to_closest_written_parent if {
	doc := _doc("azurerm_linux_web_app", {"site_config": [{"http2_enabled": true}]}, {})
	terraform.at(["site_config", 0, "minimum_tls_version"]) == ["values", "site_config", 0] with input as doc
	terraform.at(["site_config", 0, "http2_enabled"]) == ["values", "site_config", 0, "http2_enabled"] with input as doc
	terraform.at(["identity", 0, "type"]) == ["values"] with input as doc
}

test_blocks_carry_paths if {
	doc := _doc("azurerm_network_security_group", {"security_rule": [{"name": "a"}, {"name": "b"}]}, {})
	bs := terraform.blocks(["security_rule"]) with input as doc
	[b.path | some b in bs] == [["values", "security_rule", 0], ["values", "security_rule", 1]]
	[b.rel | some b in bs] == [["security_rule", 0], ["security_rule", 1]]
}

test_related if {
	doc := {"kind": "terraform", "resource": {
		"type": "aws_s3_bucket",
		"values": {},
		"related": {"aws_s3_bucket_versioning": [{"type": "aws_s3_bucket_versioning", "values": {"versioning_configuration": [{"status": "Enabled"}]}, "unknown": {}}]},
	}}
	some r in terraform.related("aws_s3_bucket_versioning") with input as doc
	terraform.value_in(r, ["versioning_configuration", 0, "status"]) == "Enabled"
	count(terraform.related("aws_s3_bucket_acl")) == 0 with input as doc
}

test_taggable_types if {
	terraform.taggable with input as _doc("aws_s3_bucket", {}, {})
	terraform.taggable with input as _doc("azurerm_storage_account", {}, {})
	not terraform.taggable with input as _doc("aws_s3_bucket_versioning", {}, {})
	not terraform.taggable with input as _doc("azurerm_mssql_firewall_rule", {}, {})
}

test_missing_tags_merges_default_tags if {
	doc := {"kind": "terraform", "resource": {
		"type": "aws_s3_bucket",
		"values": {"tags": {"Name": "logs"}},
		"unknown": {"tags": {"Owner": true}},
		"default_tags": {"CostCenter": "42"},
	}}
	terraform.missing_tags == ["Environment"] with input as doc
		with data.comply.params as {"required_tags": ["Name", "Owner", "CostCenter", "Environment"]}
}

test_missing_tags_from_tags_all if {
	doc := _doc("aws_s3_bucket", {"tags_all": {"Owner": "a"}}, {})
	terraform.missing_tags == [] with input as doc with data.comply.params as {"required_tags": ["Owner"]}
}

test_azure_tags_are_case_insensitive if {
	doc := _doc("azurerm_resource_group", {"tags": {"owner": "a"}}, {})
	terraform.missing_tags == ["Env"] with input as doc with data.comply.params as {"required_tags": ["Owner", "Env"]}
	terraform.missing_tags == ["owner"] with input as _doc("aws_s3_bucket", {"tags": {"Owner": "a"}}, {})
		with data.comply.params as {"required_tags": ["owner"]}
}

test_unknown_tags_are_not_judged if {
	not terraform.missing_tags with input as _doc("aws_s3_bucket", {}, {"tags": true}) with data.comply.params as {"required_tags": ["Owner"]}
}

test_tags_of_another_type_are_not_judged if {
	not terraform.missing_tags with input as _doc("azurerm_cosmosdb_account", {"tags": "team"}, {}) with data.comply.params as {"required_tags": ["Owner"]}
	terraform.missing_tags == ["Owner"] with input as _doc("azurerm_cosmosdb_account", {}, {}) with data.comply.params as {"required_tags": ["Owner"]}
}

test_open_sources if {
	every s in ["*", "0.0.0.0/0", "::/0", "Internet", "Any", " 0.0.0.0/0 ", "0.0.0.0"] {
		terraform.open_source(s)
	}
	every s in ["10.0.0.0/8", "VirtualNetwork", "AzureLoadBalancer", "1.2.3.4/32", "", 0] {
		not terraform.open_source(s)
	}
}

test_ports if {
	terraform.ports_in(terraform.admin_ports, [0, 65535]) == ["20 (FTP data)", "21 (FTP)", "22 (SSH)", "23 (Telnet)", "135 (RPC)", "139 (NetBIOS)", "445 (SMB)", "3389 (RDP)", "5900 (VNC)", "5985 (WinRM)", "5986 (WinRM)"]
	terraform.ports_in(terraform.admin_ports, [22, 22]) == ["22 (SSH)"]
	terraform.ports_in(terraform.database_ports, [3000, 3400]) == ["3306 (MySQL)"]
	terraform.ports_in(terraform.admin_ports, [80, 80]) == []
	terraform.ports_in(terraform.admin_ports, [443, 443]) == []
	terraform.ports_in(terraform.admin_ports, [100, 200]) == ["135 (RPC)", "139 (NetBIOS)"]
}

test_azure_port_spans if {
	terraform.azure_port_span("*") == [0, 65535]
	terraform.azure_port_span("1000-2000") == [1000, 2000]
	terraform.azure_port_span(" 22 ") == [22, 22]
	not terraform.azure_port_span("ssh")
	terraform.azure_port_spans("21-24, 230") == [[21, 24], [230, 230]]
	terraform.azure_port_spans("*") == [[0, 65535]]
}

test_aws_port_spans if {
	terraform.aws_port_span("-1", 0, 0) == [0, 65535]
	terraform.aws_port_span("all", 0, 0) == [0, 65535]
	terraform.aws_port_span(-1, 0, 0) == [0, 65535]
	terraform.aws_port_span("tcp", 20, 25) == [20, 25]
	terraform.aws_port_span("6", "22", "22") == [22, 22]
	not terraform.aws_port_span("udp", 53, 53)
	not terraform.aws_port_span("icmp", -1, -1)
}

test_security_policy_ranks if {
	terraform.security_policy_rank("ELBSecurityPolicy-2016-08") == 10
	terraform.security_policy_rank("ELBSecurityPolicy-2011-08") == 3
	terraform.security_policy_rank("ELBSecurityPolicy-FS-2018-06") == 10
	terraform.security_policy_rank("ELBSecurityPolicy-TLS-1-1-2017-01") == 11
	terraform.security_policy_rank("ELBSecurityPolicy-TLS-1-2-Ext-2018-06") == 12
	terraform.security_policy_rank("ELBSecurityPolicy-FS-1-1-2019-08") == 11
	terraform.security_policy_rank("ELBSecurityPolicy-FS-1-2-Res-2020-10") == 12
	terraform.security_policy_rank("ELBSecurityPolicy-TLS13-1-0-2021-06") == 10
	terraform.security_policy_rank("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09") == 12
	terraform.security_policy_rank("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04") == 13
	terraform.security_policy_rank("TLS_1_0") == 10
	terraform.security_policy_rank("TLS_1_2") == 12
	terraform.security_policy_rank("SecurityPolicy_TLS13_1_3_2025_09") == 13
	terraform.security_policy_rank("SecurityPolicy_TLS12_PFS_2025_EDGE") == 12
	terraform.security_policy_rank("SecurityPolicy_TLS13_2025_EDGE") == 13
	terraform.security_policy_rank("Policy-Min-TLS-1-0-2019-07") == 10
	terraform.security_policy_rank("Policy-Min-TLS-1-2-PFS-2023-10") == 12
	not terraform.security_policy_rank("my-custom-policy")
}

test_security_policy_below_min if {
	terraform.security_policy_below_min("ELBSecurityPolicy-2016-08")
	not terraform.security_policy_below_min("ELBSecurityPolicy-TLS13-1-2-2021-06")
	terraform.security_policy_below_min("ELBSecurityPolicy-TLS13-1-2-2021-06") with data.comply.params as {"min_tls_version": "1.3"}
	not terraform.security_policy_below_min("ELBSecurityPolicy-TLS-1-1-2017-01") with data.comply.params as {"min_tls_version": "1.1"}
	not terraform.security_policy_below_min("unknown-policy")
	terraform.rank_name(10) == "TLS 1.0"
	terraform.rank_name(3) == "SSL 3.0"
}

# Evaluated after a rule of the package, as every policy does (see the note on tls.below_min).
test_security_policy_below_min_after_a_rule if {
	terraform.admin_ports[22] == "SSH"
	terraform.security_policy_below_min("ELBSecurityPolicy-2016-08")
}

test_partly_unknown if {
	r := {"values": {"cidrs": ["10.0.0.0/8", null]}, "unknown": {"cidrs": [false, true], "name": true}}
	terraform.partly_unknown_in(r, ["cidrs"])
	terraform.partly_unknown_in(r, ["name"])
	not terraform.partly_unknown_in(r, ["other"])
	not terraform.partly_unknown_in({"values": {"cidrs": ["a"]}, "unknown": {"cidrs": [false]}}, ["cidrs"])
}

test_days if {
	terraform.days(1) == "1 day"
	terraform.days(0) == "0 days"
	terraform.days(30) == "30 days"
}

test_path_name_drops_block_indices if {
	terraform.path_name(["site_config", 0, "minimum_tls_version"]) == "site_config.minimum_tls_version"
	terraform.path_name(["min_tls_version"]) == "min_tls_version"
}
