# METADATA
# title: Terraform helpers
# description: |
#   Reads a Terraform resource document (the contract of notes/terraform-contract.md:
#   `input.resource = {address, type, name, provider, values, unknown, default_tags, related}`)
#   without ever failing on a value Terraform cannot know before apply. Paths are relative to
#   `values`; `at(path)` turns one into the finding path of the value or of its closest written
#   parent. Also: tags with the aws provider's default_tags merged, open-network and port
#   awareness for security rules, and the minimum TLS version of AWS named security policies.
# custom:
#   library: true
package comply.lib.terraform

import data.comply.lib.params
import data.comply.lib.tls

type := input.resource.type

name := object.get(input.resource, "name", "")

address := object.get(input.resource, "address", sprintf("%s.%s", [type, name]))

values := _object(object.get(input.resource, "values", {}))

_object(x) := x if is_object(x)

_object(x) := {} if not is_object(x)

# ---------------------------------------------------------------------------------------------
# Any resource-shaped object r ({values, unknown}): input.resource or an entry of `related`.

# unknown_in(r, path): Terraform cannot know the value at path (or one of its parents) before apply.
unknown_in(r, path) if object.get(r, "unknown", {}) == true

unknown_in(r, path) if {
	unk := object.get(r, "unknown", {})
	is_object(unk)
	some n in numbers.range(0, count(path))
	object.get(unk, array.slice(path, 0, n), false) == true
}

# value_in(r, path): the known, non-null value at path; undefined otherwise.
value_in(r, path) := v if {
	v := object.get(_object(object.get(r, "values", {})), path, null)
	v != null
	not unknown_in(r, path)
}

# missing_in(r, path): the argument is not written (or null) and not unknown: its default applies.
missing_in(r, path) if {
	object.get(_object(object.get(r, "values", {})), path, null) == null
	not unknown_in(r, path)
}

# bool_in(r, path): a known boolean, also from the strings "true"/"false" Terraform converts.
bool_in(r, path) := b if {
	b := _bool(value_in(r, path))
}

_bool(v) := v if is_boolean(v)

_bool(v) := true if {
	is_string(v)
	lower(trim_space(v)) == "true"
}

_bool(v) := false if {
	is_string(v)
	lower(trim_space(v)) == "false"
}

# number_in(r, path): a known number, also from a numeric string.
number_in(r, path) := n if {
	n := _number(value_in(r, path))
}

_number(v) := v if is_number(v)

_number(v) := to_number(trim_space(v)) if {
	is_string(v)
	regex.match(`^\s*-?[0-9]+(\.[0-9]+)?\s*$`, v)
}

# string_in(r, path): a known string (numbers and booleans as Terraform would print them).
string_in(r, path) := s if {
	v := value_in(r, path)
	is_string(v)
	s := v
}

string_in(r, path) := s if {
	v := value_in(r, path)
	not is_string(v)
	not is_object(v)
	not is_array(v)
	s := sprintf("%v", [v])
}

# blocks_in(r, path): the nested blocks at path (always arrays in the contract), each with its
# path relative to values (`rel`, for further look-ups) and its finding path (`path`).
blocks_in(r, path) := [b |
	some i, v in _array(object.get(_object(object.get(r, "values", {})), path, []))
	is_object(v)
	rel := array.concat(path, [i])
	b := {"value": v, "rel": rel, "path": array.concat(["values"], rel)}
]

_array(x) := x if is_array(x)

_array(x) := [x] if is_object(x)

_array(x) := [] if {
	not is_array(x)
	not is_object(x)
}

# partly_unknown_in(r, path): the value at path, or some element or key inside it, is unknown
# (a list such as ["10.0.0.0/8", var.extra_cidr] is partly known).
partly_unknown_in(r, path) if unknown_in(r, path)

partly_unknown_in(r, path) if {
	u := object.get(_object(object.get(r, "unknown", {})), path, false)
	not is_boolean(u)
	walk(u, [_, leaf])
	leaf == true
}

# ---------------------------------------------------------------------------------------------
# The same over input.resource.

is_unknown(path) if unknown_in(input.resource, path)

value(path) := value_in(input.resource, path)

known(path) if {
	_ = value_in(input.resource, path)
}

missing(path) if missing_in(input.resource, path)

partly_unknown(path) if partly_unknown_in(input.resource, path)

bool_value(path) := bool_in(input.resource, path)

number_value(path) := number_in(input.resource, path)

string_value(path) := string_in(input.resource, path)

blocks(path) := blocks_in(input.resource, path)

# enabled(path): known true. disabled(path): known false. off(path): known false or not written
# (for switches whose default is off).
enabled(path) if bool_value(path) == true

disabled(path) if bool_value(path) == false

off(path) if disabled(path)

off(path) if missing(path)

# at(path): the finding path for a value at path: the value itself when written, else its
# closest written parent (["values"] is the resource's block header).
at(path) := array.concat(["values"], array.slice(path, 0, n)) if {
	n := max({i |
		some i in numbers.range(0, count(path))
		object.get(values, array.slice(path, 0, i), null) != null
	})
}

# replica: a server or database created as a read replica or geo-secondary of another
# (create_mode Replica, Secondary, OnlineSecondary), whose backups are its source's; also when
# create_mode is unknown, since it may be one.
replica if lower(string_value(["create_mode"])) in {"replica", "secondary", "onlinesecondary"}

replica if is_unknown(["create_mode"])

# Resources of the same unit linked to this one by a reference (contract: `related`).
related(t) := [r | some r in _array(object.get(input.resource, ["related", t], []))]

# ---------------------------------------------------------------------------------------------
# Tags

provider_prefix := p if {
	some p in ["azurerm", "aws"]
	startswith(type, concat("", [p, "_"]))
}

taggable if type in azurerm_taggable

taggable if type in aws_taggable

_default_tags := object.get(input.resource, "default_tags", {})

# tags_unknown: the tag set cannot be known before apply, so it is not judged.
tags_unknown if is_unknown(["tags"])

tags_unknown if not is_object(_default_tags)

# A tags value of another type (Terraform rejects it: tags is a map) is not judged either.
tags_unknown if {
	t := object.get(values, "tags", {})
	not is_object(t)
}

# Keys known to be present: written tags (including those whose value is unknown), tags_all
# (plan JSON), and the aws provider's default_tags.
tag_keys := {k | some k, _ in _object(object.get(values, "tags", {}))} | {k |
	some k, v in _object(object.get(_object(object.get(input.resource, "unknown", {})), "tags", {}))
	v == true
} | {k | some k, _ in _object(object.get(values, "tags_all", {}))} | {k | some k, _ in _object(_default_tags)}

# Azure tag names are case-insensitive; AWS tag keys are not.
has_tag(key) if key in tag_keys

has_tag(key) if {
	provider_prefix == "azurerm"
	some k in tag_keys
	lower(k) == lower(key)
}

# missing_tags: required tag keys (params.required_tags) the resource does not carry, sorted.
missing_tags := sort([k |
	some k in {r | some r in params.required_tags}
	not has_tag(k)
]) if not tags_unknown

# ---------------------------------------------------------------------------------------------
# Networks and ports

_open_sources := {"*", "0.0.0.0", "0.0.0.0/0", "::", "::/0", "internet", "any", "/0"}

# open_source(s): an address prefix or CIDR that means "anyone on the internet".
open_source(s) if {
	is_string(s)
	lower(trim_space(s)) in _open_sources
}

open_source(s) if {
	is_string(s)
	regex.match(`^\s*[0-9a-fA-F:.]+/0\s*$`, s)
}

# Remote administration and clear-text file or Windows services that must never face the internet.
admin_ports := {
	20: "FTP data",
	21: "FTP",
	22: "SSH",
	23: "Telnet",
	135: "RPC",
	139: "NetBIOS",
	445: "SMB",
	3389: "RDP",
	5900: "VNC",
	5985: "WinRM",
	5986: "WinRM",
}

database_ports := {
	1433: "SQL Server",
	1434: "SQL Server Browser",
	1521: "Oracle",
	3306: "MySQL",
	5432: "PostgreSQL",
	5984: "CouchDB",
	6379: "Redis",
	6380: "Redis",
	7000: "Cassandra",
	7001: "Cassandra",
	9042: "Cassandra",
	9200: "Elasticsearch",
	9300: "Elasticsearch",
	11211: "Memcached",
	27017: "MongoDB",
	27018: "MongoDB",
	27019: "MongoDB",
}

# ports_in(table, span): the ports of table inside span [lo, hi], as "22 (SSH)", in port order.
ports_in(table, span) := [sprintf("%d (%s)", [p, table[p]]) |
	some p in sort([q | some q, _ in table])
	span[0] <= p
	p <= span[1]
]

# azure_port_spans(s): every span of a port value, which may list several ("21-24, 230").
azure_port_spans(s) := [span |
	some part in split(s, ",")
	trim_space(part) != ""
	span := azure_port_span(part)
]

# azure_port_span(s): "*" -> [0, 65535], "1000-2000" -> [1000, 2000], "22" -> [22, 22].
azure_port_span(s) := [0, 65535] if trim_space(s) == "*"

azure_port_span(s) := [to_number(m[1]), to_number(m[2])] if {
	some m in regex.find_all_string_submatch_n(`^\s*([0-9]+)\s*-\s*([0-9]+)\s*$`, s, 1)
}

azure_port_span(s) := [to_number(m[1]), to_number(m[1])] if {
	some m in regex.find_all_string_submatch_n(`^\s*([0-9]+)\s*$`, s, 1)
}

# aws_port_span(protocol, from, to): the TCP ports an AWS rule opens; "-1"/"all" opens every
# port whatever from/to say. Undefined for UDP, ICMP and unknown values.
aws_port_span(protocol, from, to) := [0, 65535] if lower(sprintf("%v", [protocol])) in {"-1", "all"}

aws_port_span(protocol, from, to) := [f, t] if {
	lower(sprintf("%v", [protocol])) in {"tcp", "6"}
	f := _number(from)
	t := _number(to)
}

# ---------------------------------------------------------------------------------------------
# Messages

# path_name(path): an argument path as written in HCL, block indices dropped
# (["site_config", 0, "minimum_tls_version"] -> "site_config.minimum_tls_version").
path_name(path) := concat(".", [sprintf("%v", [p]) | some p in path; not is_number(p)])

# days(n): "1 day", "0 days", "5 days".
days(n) := "1 day" if n == 1

days(n) := sprintf("%v days", [n]) if n != 1

# ---------------------------------------------------------------------------------------------
# TLS: AWS named security policies.

# Old policies whose names carry no version: their lowest protocol.
_named_policy_rank := {
	"elbsecuritypolicy-2011-08": 3,
	"elbsecuritypolicy-2014-01": 3,
	"elbsecuritypolicy-2014-10": 10,
	"elbsecuritypolicy-2015-02": 10,
	"elbsecuritypolicy-2015-03": 10,
	"elbsecuritypolicy-2015-05": 10,
	"elbsecuritypolicy-2016-08": 10,
	"elbsecuritypolicy-fs-2018-06": 10,
}

_policy_patterns := [
	# ELBSecurityPolicy-TLS13-1-2-2021-06, SecurityPolicy_TLS13_1_3_2025_09
	`tls13-1-([0-3])(?:-|$)`,
	# ELBSecurityPolicy-TLS-1-1-2017-01, TLS_1_0, Policy-Min-TLS-1-2-2019-07
	`(?:^|-)tls-?1-([0-3])(?:-|$)`,
	# ELBSecurityPolicy-FS-1-2-Res-2020-10
	`(?:^|-)fs-1-([0-3])(?:-|$)`,
]

_policy_text(policy_name) := replace(lower(trim_space(policy_name)), "_", "-")

# security_policy_rank(policy_name): the lowest protocol an AWS security policy (ELB/NLB listener,
# API Gateway domain, OpenSearch endpoint) accepts, as a tls.version_rank (TLS 1.2 -> 12).
security_policy_rank(policy_name) := _named_policy_rank[_policy_text(policy_name)]

security_policy_rank(policy_name) := r if {
	not _named_policy_rank[_policy_text(policy_name)]
	ranks := [r |
		some pattern in _policy_patterns
		some m in regex.find_all_string_submatch_n(pattern, _policy_text(policy_name), 1)
		r := 10 + to_number(m[1])
	]
	count(ranks) > 0
	r := ranks[0]
}

# SecurityPolicy_TLS12_..._EDGE / SecurityPolicy_TLS13_2025_EDGE (API Gateway edge policies).
security_policy_rank(policy_name) := 12 if {
	not _named_policy_rank[_policy_text(policy_name)]
	regex.match(`(?:^|-)tls12(?:-|$)`, _policy_text(policy_name))
}

security_policy_rank(policy_name) := 13 if {
	not _named_policy_rank[_policy_text(policy_name)]
	regex.match(`(?:^|-)tls13-20[0-9][0-9](?:-|$)`, _policy_text(policy_name))
}

# security_policy_below_min(policy_name): the policy accepts a protocol older than params.min_tls_version.
# (Full path, not the import alias: see the note on tls.below_min.)
security_policy_below_min(policy_name) if {
	security_policy_rank(policy_name) < tls.version_rank(data.comply.lib.params.min_tls_version)
}

# The display policy_name of a rank ("TLS 1.0").
rank_name(r) := sprintf("SSL %d.0", [r]) if r < 10

rank_name(r) := sprintf("TLS 1.%d", [r - 10]) if r >= 10
