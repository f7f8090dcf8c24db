# METADATA
# title: TLS version helpers
# description: |
#   Reads the many spellings of a TLS or SSL protocol version found in Kubernetes
#   manifests and cloud provider settings ("1.2", "TLSv1.2", "TLS1_2", "TLS_1_2", "Tls12",
#   "TLSv1.2_2021", "SSLv3") and compares them with `params.min_tls_version`.
#   A spelling it does not recognise has no rank, so policies never judge it.
# custom:
#   library: true
package comply.lib.tls

import data.comply.lib.params

# An optional protocol prefix, an optional "v", the major and minor digits with an optional
# separator, and an optional CloudFront-style year suffix ("TLSv1.2_2021").
_pattern := `^(tls|ssl)?[ _-]?v?[ _-]?([0-9])(?:[._-]?([0-9]))?(?:_20[0-9][0-9])?$`

_text(v) := lower(trim_space(v)) if is_string(v)

# Params from YAML may arrive as numbers (`min_tls_version: 1.2`).
_text(v) := sprintf("%v", [v]) if is_number(v)

_match(v) := m if {
	some m in regex.find_all_string_submatch_n(_pattern, _text(v), 1)
}

# version_rank(v) orders protocol versions: SSL 2.0 -> 2, SSL 3.0 -> 3, TLS 1.0 -> 10,
# TLS 1.1 -> 11, TLS 1.2 -> 12, TLS 1.3 -> 13. Undefined for anything it does not recognise.
version_rank(v) := rank if {
	m := _match(v)
	m[1] == "ssl"
	m[2] in {"2", "3"}
	rank := to_number(m[2])
}

version_rank(v) := rank if {
	m := _match(v)
	m[1] != "ssl"
	m[2] == "1"
	rank := 10 + _minor(m[3])
}

_minor(s) := 0 if s == ""

_minor(s) := to_number(s) if s != ""

# version_name(v) is the canonical display name: "TLS 1.2", "SSL 3.0".
version_name(v) := sprintf("SSL %d.0", [r]) if {
	r := version_rank(v)
	r < 10
}

version_name(v) := sprintf("TLS 1.%d", [r - 10]) if {
	r := version_rank(v)
	r >= 10
}

# below(v, min) holds when version v is older than version min; undefined when either is unknown.
below(v, min) if version_rank(v) < version_rank(min)

# below_min(v) holds when version v is older than params.min_tls_version.
# Functions of the library read imported rules by their full path: regorus 0.14.1 leaves an
# import-alias reference (`params.min_tls_version`) inside a function body undefined once the
# caller has evaluated another rule of this package (e.g. min_version_name) in the same query.
below_min(v) if below(v, data.comply.lib.params.min_tls_version)

# The organisation's minimum as a display name ("TLS 1.2"), or the raw value when unrecognised.
min_version_name := version_name(params.min_tls_version)

default min_version_name := "the configured minimum"
