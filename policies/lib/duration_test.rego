package comply.lib.duration_test

import data.comply.lib.duration

test_parse_go_durations if {
	duration.parse_ns("720h0m0s") == 720 * 3600 * 1000000000
	duration.parse_seconds("168h") == 168 * 3600
	duration.parse_seconds("72h30m") == (72 * 3600) + 1800
	duration.parse_seconds("1.5h") == 5400
	duration.parse_seconds("0") == 0
}

test_malformed_durations_are_undefined if {
	every s in ["30d", "", "h", "720", "1w", "72 h", 720, null] {
		not duration.parse_ns(s)
	}
}

test_shorter_than_days if {
	duration.shorter_than_days("72h", 7)
	duration.shorter_than_days("167h59m", 7)
	not duration.shorter_than_days("168h", 7)
	not duration.shorter_than_days("720h0m0s", 30)
	not duration.shorter_than_days("30d", 60)
}
