# METADATA
# title: Container image reference helpers
# description: |
#   Splits an image reference into registry, repository, tag and digest the way the
#   container runtime does (distribution/reference normalisation): a first path component
#   is a registry host only when it contains "." or ":", is "localhost", or has upper-case
#   letters; otherwise the image comes from Docker Hub (`docker.io`), where single-name
#   images live under `library/`. Also matches images against an allow-list of registries.
# custom:
#   library: true
package comply.lib.images

import data.comply.lib.kubernetes

# Other names of Docker Hub.
_docker_hub_aliases := {"index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}

_canonical_host(h) := "docker.io" if {
	lower(h) in _docker_hub_aliases
} else := lower(h)

# parse(ref) = {"registry", "repository", "tag", "digest"}; tag and digest are "" when absent.
# The registry is lower-cased and Docker Hub aliases become "docker.io".
parse(ref) := {
	"registry": registry,
	"repository": repository,
	"tag": tag,
	"digest": digest,
} if {
	is_string(ref)
	text := trim_space(ref)
	text != ""
	[name_tag, digest] := _split_digest(text)
	[registry, remainder] := _split_registry(name_tag)
	[path, tag] := _split_tag(remainder)
	repository := _hub_library(registry, path)
}

# parse(image) of every container image of the resource, keyed by the reference: computed once
# per document for the policies that check every container's image.
parsed_images[ref] := p if {
	some c in kubernetes.containers
	ref := c.value.image
	p := parse(ref)
}

_split_digest(s) := [substring(s, 0, i), substring(s, i + 1, -1)] if {
	i := indexof(s, "@")
	i >= 0
} else := [s, ""]

_split_registry(s) := [_canonical_host(first), substring(s, count(first) + 1, -1)] if {
	parts := split(s, "/")
	count(parts) > 1
	first := parts[0]
	_is_host(first)
} else := ["docker.io", s]

_is_host(s) if contains(s, ".")

_is_host(s) if contains(s, ":")

_is_host(s) if s == "localhost"

_is_host(s) if lower(s) != s

# The tag follows the last ":" of the last path component (a ":" before it belongs to a host).
_split_tag(s) := [substring(s, 0, (count(s) - count(tag)) - 1), tag] if {
	parts := split(s, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	pieces := split(last, ":")
	tag := pieces[count(pieces) - 1]
} else := [s, ""]

_hub_library(registry, path) := concat("/", ["library", path]) if {
	registry == "docker.io"
	not contains(path, "/")
} else := path

# name(ref) is "registry/repository", lower-cased: "docker.io/library/nginx".
name(ref) := lower(concat("/", [p.registry, p.repository])) if p := parse(ref)

# registry(ref) is the registry host of an image reference ("docker.io" for Docker Hub).
registry(ref) := parse(ref).registry

# has_digest(ref) holds when the reference pins a digest ("app@sha256:...").
has_digest(ref) if parse(ref).digest != ""

# tag(ref) is the tag, or "" when the reference has none.
tag(ref) := parse(ref).tag

# An allow-list entry: a registry host ("registry.example.com", "localhost:5000"), a host and
# path prefix ("registry.example.com/team", "docker.io/library"), or a host wildcard
# ("*.dkr.ecr.eu-west-1.amazonaws.com"). Case-insensitive; a scheme and trailing "/" are ignored.
_entry(e) := {"host": _canonical_host(parts[0]), "path": array.slice(parts, 1, count(parts))} if {
	is_string(e)
	text := trim_suffix(trim_prefix(trim_prefix(lower(trim_space(e)), "https://"), "http://"), "/")
	text != ""
	parts := split(text, "/")
}

_host_matches(host, pattern) if host == pattern

_host_matches(host, pattern) if {
	startswith(pattern, "*.")
	endswith(host, substring(pattern, 1, -1))
}

# The repository path starts with the entry's path, on whole path components.
_path_matches(repository, prefix) if {
	components := split(lower(repository), "/")
	count(components) >= count(prefix)
	array.slice(components, 0, count(prefix)) == prefix
}

# allowed(ref, entries) holds when the image comes from one of the allow-listed registries.
allowed(ref, entries) if {
	p := parse(ref)
	some e in entries
	entry := _entry(e)
	_host_matches(p.registry, entry.host)
	_path_matches(p.repository, entry.path)
}
