# METADATA
# title: Duration helpers
# description: |
#   Go-style durations ("720h0m0s", "168h", "72h30m", "1.5h") as found in Kubernetes
#   operators' specs. `time.parse_duration_ns` raises an error on malformed text, which
#   would abort the whole evaluation; `parse_ns` checks the syntax first and is simply
#   undefined for anything that is not a duration.
# custom:
#   library: true
package comply.lib.duration

_pattern := `^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`

nanos_per_second := 1000000000

seconds_per_day := 86400

# parse_ns(s) is the duration in nanoseconds; undefined unless s is a Go duration string.
parse_ns(s) := time.parse_duration_ns(s) if {
	is_string(s)
	regex.match(_pattern, s)
}

parse_ns(s) := 0 if s in {"0", "+0", "-0"}

# parse_seconds(s) is the duration in seconds (a number, possibly fractional).
parse_seconds(s) := parse_ns(s) / nanos_per_second

# days_to_seconds(d) converts a number of days to seconds.
days_to_seconds(d) := d * seconds_per_day

# shorter_than_days(s, d) holds when duration s is shorter than d days.
shorter_than_days(s, d) if parse_seconds(s) < days_to_seconds(d)
