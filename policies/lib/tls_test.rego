package comply.lib.tls_test

import data.comply.lib.tls

test_rank_of_every_spelling if {
	every v in ["1.2", "TLSv1.2", "TLS1_2", "TLS1.2", "Tls12", "tls1_2", "TLS_1_2", "TLS 1.2", "tlsv1_2", "TLSv1.2_2021", 1.2] {
		tls.version_rank(v) == 12
	}
}

test_rank_of_tls_1_0_spellings if {
	every v in ["1.0", "1", "TLSv1", "TLS1_0", "Tls10", "TLSv1_2016", 1] {
		tls.version_rank(v) == 10
	}
}

test_rank_of_ssl if {
	tls.version_rank("SSLv3") == 3
	tls.version_rank("SSLv2") == 2
	tls.version_rank("ssl3.0") == 3
}

test_unknown_spellings_have_no_rank if {
	every v in ["", "TLS2", "3.0", "modern", "ELBSecurityPolicy-2016-08", "TLS1.2.3", "HIGH:!aNULL", true, null] {
		not tls.version_rank(v)
	}
}

test_below if {
	tls.below("TLSv1.1", "1.2")
	tls.below("SSLv3", "TLS1_0")
	not tls.below("TLSv1.2", "1.2")
	not tls.below("TLSv1.3", "1.2")
	not tls.below("whatever", "1.2")
	not tls.below("TLSv1", "whatever")
}

test_below_min_reads_params if {
	tls.below_min("TLSv1.1")
	not tls.below_min("TLSv1.2")
	tls.below_min("TLSv1.2") with data.comply.params as {"min_tls_version": "1.3"}
	not tls.below_min("TLSv1.1") with data.comply.params as {"min_tls_version": "1.1"}
	tls.below_min("1.1") with data.comply.params as {"min_tls_version": 1.2}
}

test_names if {
	tls.version_name("TLS1_2") == "TLS 1.2"
	tls.version_name("TLSv1") == "TLS 1.0"
	tls.version_name("SSLv3") == "SSL 3.0"
	tls.min_version_name == "TLS 1.2"
	tls.min_version_name == "TLS 1.3" with data.comply.params as {"min_tls_version": "TLSv1.3"}
	tls.min_version_name == "the configured minimum" with data.comply.params as {"min_tls_version": "modern"}
}

# regorus 0.14.1: a function reading an import alias failed once a rule of its package had been
# evaluated in the same query (the message of one finding, then the condition of the next).
test_below_min_after_min_version_name if {
	name := tls.min_version_name
	name == "TLS 1.2"
	tls.below_min("1.1")
}
