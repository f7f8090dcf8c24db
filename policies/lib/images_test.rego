package comply.lib.images_test

import data.comply.lib.images

test_parse_docker_hub_short_names if {
	images.parse("nginx") == {"registry": "docker.io", "repository": "library/nginx", "tag": "", "digest": ""}
	images.parse("nginx:1.27.1") == {"registry": "docker.io", "repository": "library/nginx", "tag": "1.27.1", "digest": ""}
	images.parse("library/nginx:latest").repository == "library/nginx"
	images.parse("bitnami/redis:7.2").repository == "bitnami/redis"
	images.parse("docker.io/nginx").repository == "library/nginx"
	images.parse("index.docker.io/library/nginx").registry == "docker.io"
}

test_parse_registries if {
	images.parse("localhost:5000/x") == {"registry": "localhost:5000", "repository": "x", "tag": "", "digest": ""}
	images.parse("localhost/x:1").registry == "localhost"
	images.parse("Registry.Example.com/team/app:1.4.2") == {
		"registry": "registry.example.com", "repository": "team/app", "tag": "1.4.2", "digest": "",
	}
	images.parse("registry.example.com:5000/team/app:1.4.2") == {
		"registry": "registry.example.com:5000", "repository": "team/app", "tag": "1.4.2", "digest": "",
	}
	images.parse("ghcr.io/org/tool@sha256:abc") == {
		"registry": "ghcr.io", "repository": "org/tool", "tag": "", "digest": "sha256:abc",
	}
	images.parse("quay.io/org/tool:v2@sha256:abc").tag == "v2"
	images.parse("registry.example.com:5000/app").tag == ""
}

test_parse_rejects_empty if {
	not images.parse("")
	not images.parse(null)
	not images.parse("  ")
}

test_helpers if {
	images.name("Nginx") == "docker.io/library/nginx"
	images.registry("gcr.io/distroless/static") == "gcr.io"
	images.has_digest("nginx@sha256:0123")
	not images.has_digest("nginx:1.27.1")
	images.tag("nginx:1.27.1") == "1.27.1"
	images.tag("nginx") == ""
}

test_allowed_hosts_and_prefixes if {
	images.allowed("registry.example.com/team/app:1", ["registry.example.com"])
	images.allowed("registry.example.com/team/app:1", ["registry.example.com/team"])
	images.allowed("REGISTRY.example.com/Team/app:1", ["https://registry.example.com/team/"])
	not images.allowed("registry.example.com/teamevil/app:1", ["registry.example.com/team"])
	not images.allowed("registry.example.com.evil.io/app:1", ["registry.example.com"])
	images.allowed("nginx:1.27.1", ["docker.io"])
	images.allowed("nginx:1.27.1", ["docker.io/library"])
	images.allowed("nginx:1.27.1", ["index.docker.io"])
	not images.allowed("bitnami/redis:7", ["docker.io/library"])
	images.allowed("localhost:5000/x", ["localhost:5000"])
	not images.allowed("localhost:5000/x", ["localhost"])
	images.allowed("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", ["*.dkr.ecr.eu-west-1.amazonaws.com"])
	not images.allowed("dkr.ecr.eu-west-1.amazonaws.com.evil.io/app:1", ["*.dkr.ecr.eu-west-1.amazonaws.com"])
	not images.allowed("nginx", [])
}
