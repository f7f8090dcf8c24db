//! `comply webhook` end to end: the real binary on a loopback port with certificates made at
//! test time (rcgen), AdmissionReview bodies from `fixtures/admission/`, and a small HTTPS
//! client on rustls that keeps its connection open (for keep-alive and certificate swaps).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::Value;

use crate::common::{comply, repo};

/// A CA and a `localhost` leaf it signed.
struct Certs {
    ca: CertificateDer<'static>,
    cert_pem: String,
    key_pem: String,
}

fn make_certs(name: &str) -> Certs {
    let ca_key = KeyPair::generate().expect("ca key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, format!("comply test CA {name}"));
    let ca = CertifiedIssuer::self_signed(ca_params, ca_key).expect("ca");
    let leaf_key = KeyPair::generate().expect("leaf key");
    let leaf = CertificateParams::new(vec!["localhost".to_string()])
        .expect("leaf params")
        .signed_by(&leaf_key, &ca)
        .expect("leaf");
    Certs {
        ca: ca.der().clone(),
        cert_pem: leaf.pem(),
        key_pem: leaf_key.serialize_pem(),
    }
}

/// Writes the pair the way a secret volume changes: new files renamed into place.
fn install(dir: &Path, c: &Certs) {
    for (name, text) in [("tls.crt", &c.cert_pem), ("tls.key", &c.key_pem)] {
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, text).expect("write cert");
        std::fs::rename(&tmp, dir.join(name)).expect("rename cert");
    }
}

struct Server {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(certs: &Certs, args: &[&str], config: Option<&str>) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        install(dir.path(), certs);
        let mut cmd = comply();
        cmd.arg("webhook")
            .args(["--listen", "127.0.0.1:0", "--tls-cert"])
            .arg(dir.path().join("tls.crt"))
            .arg("--tls-key")
            .arg(dir.path().join("tls.key"))
            .args(["--jobs", "2"])
            .args(args);
        if let Some(text) = config {
            let p = dir.path().join("comply.yaml");
            std::fs::write(&p, text).expect("write config");
            cmd.arg("--config").arg(p);
        }
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("comply webhook starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    if v["msg"] == "listening" {
                        let _ = tx.send(v["addr"].as_str().unwrap_or_default().to_string());
                    }
                }
                sink.lock().expect("log lock").push(line);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no `listening` line: {:?}", log.lock().map(|l| l.clone())));
        Server {
            child,
            addr: addr.parse().expect("listening address"),
            log,
            dir,
        }
    }

    fn client(&self, ca: &CertificateDer<'static>) -> Client {
        Client::connect(self.addr, ca).expect("TLS connection")
    }

    /// Waits (stderr is read by another thread) for a log line matching `pred`.
    fn wait_log(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(l) = self.log_lines().into_iter().find(|l| pred(l)) {
                return l;
            }
            assert!(
                Instant::now() < deadline,
                "no log line {what} in {:#?}",
                self.log_lines()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log_lines(&self) -> Vec<Value> {
        self.log
            .lock()
            .expect("log lock")
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }
}

/// An HTTP/1.1 response.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Client {
    tls: rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
}

impl Client {
    fn connect(addr: SocketAddr, ca: &CertificateDer<'static>) -> Result<Client, String> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(ca.clone()).map_err(|e| e.to_string())?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let cfg = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = ServerName::try_from("localhost").map_err(|e| e.to_string())?;
        let conn = rustls::ClientConnection::new(Arc::new(cfg), name).map_err(|e| e.to_string())?;
        let tcp = TcpStream::connect(addr).map_err(|e| e.to_string())?;
        tcp.set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        while tls.conn.is_handshaking() {
            tls.conn
                .complete_io(&mut tls.sock)
                .map_err(|e| e.to_string())?;
        }
        Ok(Client { tls })
    }

    fn send(&mut self, method: &str, path: &str, ctype: Option<&str>, body: &[u8]) -> Reply {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n",
            body.len()
        );
        if let Some(c) = ctype {
            head.push_str(&format!("Content-Type: {c}\r\n"));
        }
        head.push_str("\r\n");
        // The server may answer (413) before reading a large body: a failed write is fine.
        let _ = self
            .tls
            .write_all(head.as_bytes())
            .and_then(|()| self.tls.write_all(body))
            .and_then(|()| self.tls.flush());
        self.read_reply()
    }

    fn read_reply(&mut self) -> Reply {
        let mut buf = Vec::new();
        let mut byte = [0u8; 1];
        while !buf.ends_with(b"\r\n\r\n") {
            match self.tls.read(&mut byte) {
                Ok(1) => buf.push(byte[0]),
                other => panic!(
                    "connection ended in headers: {other:?} after {:?}",
                    String::from_utf8_lossy(&buf)
                ),
            }
        }
        let head = String::from_utf8_lossy(&buf).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        self.tls.read_exact(&mut body).expect("body");
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    fn review(&mut self, body: &[u8]) -> Value {
        let r = self.send("POST", "/validate", Some("application/json"), body);
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.header("content-type"), Some("application/json"));
        r.json()
    }

    fn fixture(&mut self, name: &str) -> Value {
        let path: PathBuf = repo().join("fixtures/admission").join(name);
        let body = std::fs::read(&path).expect("fixture");
        let sent: Value = serde_json::from_slice(&body).expect("fixture JSON");
        let answer = self.review(&body);
        assert_eq!(answer["apiVersion"], "admission.k8s.io/v1");
        assert_eq!(answer["kind"], "AdmissionReview");
        assert_eq!(
            answer["response"]["uid"], sent["request"]["uid"],
            "uid echoed"
        );
        answer["response"].clone()
    }
}

fn warnings(resp: &Value) -> Vec<String> {
    resp["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn message(resp: &Value) -> &str {
    resp["status"]["message"].as_str().unwrap_or("")
}

fn metric(text: &str, line_prefix: &str) -> u64 {
    text.lines()
        .find(|l| l.starts_with(line_prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no metric {line_prefix} in\n{text}"))
}

#[test]
fn enforce_mode_judges_every_kind_on_one_keep_alive_connection() {
    let certs = make_certs("a");
    let server = Server::start(&certs, &[], None);
    let mut c = server.client(&certs.ca);

    let r = c.fixture("pod-create-denied.json");
    assert_eq!(r["allowed"], false);
    assert_eq!(r["status"]["code"], 403);
    assert!(
        message(&r).starts_with(
            "comply denied Pod/team-a/web: 1 violation: [K8S-0001 privileged-container]"
        ),
        "{r}"
    );
    assert!(
        message(&r).contains("(at spec.containers[0].securityContext.privileged)"),
        "{r}"
    );
    // Findings below fail_on (high) come back as warnings.
    assert!(
        warnings(&r)
            .iter()
            .any(|w| w.starts_with("comply medium [K8S-0013")),
        "{r}"
    );

    let r = c.fixture("pod-create-allowed.json");
    assert_eq!(r["allowed"], true, "{r}");
    assert!(r["status"].get("message").is_none(), "{r}");

    let r = c.fixture("deployment-create-denied.json");
    assert_eq!(r["allowed"], false);
    assert!(message(&r).contains("[K8S-0002 host-namespace]"), "{r}");
    assert!(
        message(&r).contains("spec.template.spec.hostNetwork"),
        "{r}"
    );

    // UPDATE judges the new object: a fix is admitted even though the old object was bad...
    let r = c.fixture("deployment-update-fixed.json");
    assert_eq!(r["allowed"], true, "{r}");
    // ...and a regression is denied even though the old object was good.
    let r = c.fixture("deployment-update-broken.json");
    assert_eq!(r["allowed"], false, "{r}");
    assert!(
        message(&r).contains("[K8S-0001 privileged-container]"),
        "{r}"
    );

    // DELETE is allowed without evaluation, whatever the old object holds.
    let r = c.fixture("pod-delete.json");
    assert_eq!(r["allowed"], true);
    assert!(r.get("warnings").is_none(), "{r}");

    // dryRun requests get the same answer (the webhook has no side effects).
    let r = c.fixture("pod-create-dry-run-denied.json");
    assert_eq!(r["allowed"], false, "{r}");

    // kube-system is exempt by default.
    let r = c.fixture("pod-create-kube-system.json");
    assert_eq!(r["allowed"], true, "{r}");
    assert!(r.get("warnings").is_none(), "{r}");

    let r = c.fixture("ingress-create-denied.json");
    assert_eq!(r["allowed"], false);
    assert!(
        message(&r).contains("[K8S-0057 ingress-without-tls]"),
        "{r}"
    );
    let r = c.fixture("ingress-create-allowed.json");
    assert_eq!(r["allowed"], true, "{r}");

    // Medium findings: allowed with warnings under the default fail_on (high).
    let r = c.fixture("service-create-load-balancer.json");
    assert_eq!(r["allowed"], true);
    assert!(
        warnings(&r)
            .iter()
            .any(|w| w.contains("[K8S-0054 externally-exposed-service]")),
        "{r}"
    );
    let r = c.fixture("namespace-create.json");
    assert_eq!(r["allowed"], true);
    assert!(
        warnings(&r)
            .iter()
            .any(|w| w.contains("[K8S-0021 namespace-pss-unenforced]")),
        "{r}"
    );

    let m = c.send("GET", "/metrics", None, b"");
    assert_eq!(m.status, 200);
    let t = &m.body;
    assert_eq!(
        metric(
            t,
            "comply_webhook_decisions_total{mode=\"enforce\",decision=\"denied\"}"
        ),
        5
    );
    assert_eq!(
        metric(
            t,
            "comply_webhook_decisions_total{mode=\"enforce\",decision=\"exempt\"}"
        ),
        1
    );
    assert_eq!(
        metric(
            t,
            "comply_webhook_decisions_total{mode=\"enforce\",decision=\"skipped\"}"
        ),
        1
    );
    assert_eq!(metric(t, "comply_webhook_dry_run_reviews_total"), 1);
    assert_eq!(
        metric(
            t,
            "comply_webhook_findings_total{rule=\"K8S-0001\",mode=\"enforce\",action=\"deny\"}"
        ),
        3
    );
    // automounted-service-account-token reads the inventory: skipped for each Pod/Deployment.
    assert!(
        metric(
            t,
            "comply_webhook_rules_skipped_total{rule=\"K8S-0020\",reason=\"inventory\"}"
        ) >= 5
    );
    assert_eq!(
        metric(t, "comply_webhook_request_duration_seconds_count"),
        12
    );
    assert_eq!(metric(t, "comply_webhook_requests_total{code=\"200\"}"), 12);
    assert_eq!(c.send("GET", "/healthz", None, b"").status, 200);
    assert_eq!(c.send("GET", "/readyz", None, b"").status, 200);

    // Denials are logged as JSON with every finding.
    let denied = server.wait_log("review denied", |l| {
        l["msg"] == "review denied" && l["uid"] == "c0a8f3a2-0001-4f0e-9a1b-1d2e3f4a5b6c"
    });
    assert_eq!(denied["level"], "warn");
    assert_eq!(denied["findings"][0]["rule"], "K8S-0001");
    assert_eq!(denied["findings"][0]["action"], "deny");
}

#[test]
fn bad_requests_get_reasons_and_the_connection_survives() {
    let certs = make_certs("b");
    let server = Server::start(&certs, &["--max-body-bytes", "65536"], None);
    let mut c = server.client(&certs.ca);

    let r = c.send(
        "POST",
        "/validate",
        Some("application/json"),
        b"{\"apiVersion\": ",
    );
    assert_eq!(r.status, 400);
    assert!(
        r.body.starts_with("invalid JSON: EOF while parsing"),
        "{}",
        r.body
    );
    let r = c.send(
        "POST",
        "/validate",
        Some("application/json"),
        br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x"}}"#,
    );
    assert_eq!(r.status, 400);
    assert!(
        r.body.starts_with("invalid AdmissionReview: missing field"),
        "{}",
        r.body
    );
    let r = c.send("POST", "/validate", Some("text/plain"), b"{}");
    assert_eq!(r.status, 415);
    let r = c.send("POST", "/validate", None, b"{}");
    assert_eq!(r.status, 415);
    let r = c.send("GET", "/validate", None, b"");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    assert_eq!(c.send("GET", "/nope", None, b"").status, 404);
    // Still the same connection: a valid review after all that.
    let body =
        std::fs::read(repo().join("fixtures/admission/pod-create-allowed.json")).expect("fixture");
    assert_eq!(c.review(&body)["response"]["allowed"], true);

    // Oversized: the declared length is refused before the body is read (only the headers are
    // sent, so the server's close never races unread data).
    let mut c2 = server.client(&certs.ca);
    let head = "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
    c2.tls.write_all(head.as_bytes()).expect("write head");
    c2.tls.flush().expect("flush");
    let r = c2.read_reply();
    assert_eq!(r.status, 413);
    assert_eq!(r.body.trim(), "request body larger than 65536 bytes");
    // A body that goes over the limit while streaming (chunked, no length) is refused too. The
    // last byte sent is the one over the limit, so the server reads everything it was sent.
    let mut c3 = server.client(&certs.ca);
    let chunk = vec![b' '; 16 * 1024];
    let mut req = Vec::from(
        &b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"[..],
    );
    for _ in 0..4 {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(&chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"1\r\n ");
    c3.tls.write_all(&req).expect("write chunked");
    c3.tls.flush().expect("flush");
    let r = c3.read_reply();
    assert_eq!(r.status, 413);

    // Plain HTTP on the TLS port gets no HTTP answer.
    let mut plain = TcpStream::connect(server.addr).expect("tcp");
    plain
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    plain
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("write");
    let mut got = Vec::new();
    let _ = plain.read_to_end(&mut got);
    assert!(
        !got.starts_with(b"HTTP/"),
        "plain HTTP answered: {:?}",
        String::from_utf8_lossy(&got)
    );

    let m = c.send("GET", "/metrics", None, b"");
    assert_eq!(
        metric(&m.body, "comply_webhook_requests_total{code=\"400\"}"),
        2
    );
    assert_eq!(
        metric(&m.body, "comply_webhook_requests_total{code=\"415\"}"),
        2
    );
    assert_eq!(
        metric(&m.body, "comply_webhook_requests_total{code=\"413\"}"),
        2
    );
    server.wait_log("bad request 415", |l| {
        l["msg"] == "bad request" && l["status"] == 415
    });
}

#[test]
fn config_threshold_exemptions_and_modes() {
    let certs = make_certs("c");
    let cfg = "fail_on: medium\nwebhook:\n  exempt_namespaces: [sandbox]\n";
    let server = Server::start(&certs, &[], Some(cfg));
    let mut c = server.client(&certs.ca);
    let r = c.fixture("service-create-load-balancer.json");
    assert_eq!(r["allowed"], false, "{r}");
    assert!(
        message(&r).contains("[K8S-0054 externally-exposed-service]"),
        "{r}"
    );
    let r = c.fixture("namespace-create.json");
    assert_eq!(r["allowed"], false, "{r}");
    // kube-system is no longer exempt: the config's list replaces the default.
    let r = c.fixture("pod-create-kube-system.json");
    assert_eq!(r["allowed"], false, "{r}");
    drop(server);

    // warn: the denial becomes a warning; audit: nothing reaches the client.
    let warn = Server::start(&certs, &["--mode", "warn"], None);
    let r = warn.client(&certs.ca).fixture("pod-create-denied.json");
    assert_eq!(r["allowed"], true);
    assert!(
        warnings(&r)
            .iter()
            .any(|w| w.starts_with("comply high [K8S-0001 privileged-container]")),
        "{r}"
    );
    let audit = Server::start(&certs, &["--mode", "audit"], None);
    let mut ac = audit.client(&certs.ca);
    let r = ac.fixture("pod-create-denied.json");
    assert_eq!(r["allowed"], true);
    assert!(r.get("warnings").is_none(), "{r}");
    let m = ac.send("GET", "/metrics", None, b"");
    assert_eq!(
        metric(
            &m.body,
            "comply_webhook_findings_total{rule=\"K8S-0001\",mode=\"audit\",action=\"audit\"}"
        ),
        1
    );
    audit.wait_log("audit finding", |l| {
        l["msg"] == "review allowed with findings" && l["audit_only"] == true
    });

    // A bad webhook section is an error naming the line, before anything listens.
    let dir = tempfile::tempdir().expect("tempdir");
    install(dir.path(), &certs);
    let p = dir.path().join("bad.yaml");
    std::fs::write(&p, "webhook:\n  mode: block\n").expect("write");
    let o = comply()
        .args(["webhook", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(dir.path().join("tls.crt"))
        .arg("--tls-key")
        .arg(dir.path().join("tls.key"))
        .arg("--config")
        .arg(&p)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.yaml:2: webhook.mode: expected enforce, warn or audit"),
        "{err}"
    );
}

/// A custom policy directory: `team-label` (reads its rule options) and `slow-count`, which runs
/// far past any sane time limit.
fn custom_policies(dir: &Path) {
    let team = dir.join("team-label");
    std::fs::create_dir_all(&team).expect("mkdir");
    std::fs::write(
        team.join("team_label.rego"),
        r#"# METADATA
# title: Workload without an owning team label
# description: Every workload names the team that owns it.
# custom:
#   id: ORG-0001
#   severity: medium
#   category: tagging
#   frameworks: {}
#   remediation: Add the label.
#   inputs: [{kind: kubernetes, resources: [Pod, Deployment]}]
package org.team_label

_label := object.get(object.get(data.comply.rule_options, "team-label", {}), "label", "team")

deny contains {"msg": sprintf("%s %q has no %s label", [input.resource.kind, input.resource.metadata.name, _label]), "path": ["metadata"]} if {
	not input.resource.metadata.labels[_label]
}
"#,
    )
    .expect("write policy");
    let slow = dir.join("slow-count");
    std::fs::create_dir_all(&slow).expect("mkdir");
    std::fs::write(
        slow.join("slow_count.rego"),
        r#"# METADATA
# title: Pathologically slow rule
# description: Counts products of two large ranges.
# custom:
#   id: ORG-0002
#   severity: low
#   category: network-isolation
#   frameworks: {}
#   remediation: None.
#   inputs: [{kind: kubernetes, resources: [Service]}]
package org.slow_count

deny contains {"msg": sprintf("%d products", [n]), "path": []} if {
	n := count([x | some i in numbers.range(1, 20000); some j in numbers.range(1, 20000); x := i * j])
	n > 0
}
"#,
    )
    .expect("write policy");
}

#[test]
fn custom_policies_rule_options_and_evaluation_limits() {
    let certs = make_certs("e");
    let policies = tempfile::tempdir().expect("tempdir");
    custom_policies(policies.path());
    let dir = policies.path().to_string_lossy().into_owned();
    let cfg = "rules:\n  severity: {ORG-0001: high}\n  options:\n    team-label: {label: owner}\n";
    let server = Server::start(
        &certs,
        &["--policies", &dir, "--rule-timeout-ms", "200"],
        Some(cfg),
    );
    let mut c = server.client(&certs.ca);
    // The custom rule, with its severity raised by the config and its label from rules.options.
    let r = c.fixture("pod-create-allowed.json");
    assert_eq!(r["allowed"], false, "{r}");
    assert!(
        message(&r).contains("[ORG-0001 team-label] Pod \"web\" has no owner label (at metadata)"),
        "{r}"
    );
    // A rule that exceeds its time limit fails closed, and the review still answers in time.
    let started = Instant::now();
    let r = c.fixture("service-create-load-balancer.json");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r["allowed"], false, "{r}");
    assert!(
        message(&r).contains("[ORG-0002] could not be evaluated"),
        "{r}"
    );
    let m = c.send("GET", "/metrics", None, b"");
    assert_eq!(
        metric(
            &m.body,
            "comply_webhook_policy_errors_total{rule=\"ORG-0002\"}"
        ),
        1
    );
}

#[test]
fn certificate_swap_keeps_open_connections_and_serves_the_new_one() {
    let old = make_certs("old");
    let server = Server::start(&old, &["--cert-reload-ms", "100"], None);
    let mut kept = server.client(&old.ca);
    assert_eq!(kept.send("GET", "/healthz", None, b"").status, 200);

    let new = make_certs("new");
    install(server.dir.path(), &new);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut fresh = loop {
        match Client::connect(server.addr, &new.ca) {
            Ok(c) => break c,
            Err(e) if Instant::now() > deadline => panic!("new certificate never served: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    assert_eq!(fresh.send("GET", "/healthz", None, b"").status, 200);
    // The connection opened before the swap is still up and still answers reviews.
    let body =
        std::fs::read(repo().join("fixtures/admission/pod-create-denied.json")).expect("fixture");
    assert_eq!(kept.review(&body)["response"]["allowed"], false);
    // Clients that only trust the old CA can no longer connect.
    assert!(Client::connect(server.addr, &old.ca).is_err());
    let m = fresh.send("GET", "/metrics", None, b"");
    assert_eq!(
        metric(
            &m.body,
            "comply_webhook_certificate_reloads_total{result=\"ok\"}"
        ),
        1
    );
    server.wait_log("certificate reloaded", |l| {
        l["msg"] == "certificate reloaded"
    });
}

#[test]
fn sigterm_drains_and_exits_cleanly() {
    let certs = make_certs("d");
    let mut server = Server::start(&certs, &[], None);
    let mut c = server.client(&certs.ca);
    assert_eq!(c.send("GET", "/readyz", None, b"").status, 200);
    let pid = server.child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = server.child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "webhook did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    server.wait_log("stopped", |l| l["msg"] == "stopped" && l["drained"] == true);
}
