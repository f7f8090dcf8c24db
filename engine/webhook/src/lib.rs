//! comply's admission webhook (DESIGN §10): serves `admission.k8s.io/v1` AdmissionReview over
//! HTTPS only (rustls) and judges each object with the same policies, config and params as
//! `comply scan`. The crate knows nothing of the CLI: the caller hands it a [`Policies`]
//! implementation, and the webhook runs one evaluator per pool thread ([`Policies::with_evaluator`]),
//! so concurrent reviews evaluate in parallel without locks on the hot path.
//!
//! Layout: [`review`] turns a request body into a document and a response, [`decision`] applies
//! the mode and threshold, [`pool`] runs evaluations, [`tls`] loads and hot-reloads the
//! certificate, [`metrics`] and [`log`] are the operational surface, `server` ties them together.

mod decision;
mod error;
mod log;
mod metrics;
mod pool;
mod review;
mod server;
mod tls;

use std::path::PathBuf;
use std::time::Duration;

use comply_model::{Document, Finding, Severity};

pub use decision::Mode;
pub use error::WebhookError;
pub use server::{run, serve};

/// Everything the server needs besides the policies.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Address to listen on (`0.0.0.0:8443`).
    pub listen: std::net::SocketAddr,
    /// PEM certificate chain (leaf first).
    pub tls_cert: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub tls_key: PathBuf,
    /// enforce, warn or audit.
    pub mode: Mode,
    /// Findings at or above this severity are violations (denied in enforce mode); the rest
    /// become warnings. `None` = nothing is a violation.
    pub fail_on: Option<Severity>,
    /// Requests in these namespaces are allowed without evaluation.
    pub exempt_namespaces: Vec<String>,
    /// Largest request body accepted, in bytes (413 above).
    pub max_body_bytes: usize,
    /// Time limit for one request, from the first byte of its headers to the answer.
    pub request_timeout: Duration,
    /// How often the certificate files are checked for changes.
    pub cert_reload_interval: Duration,
    /// After SIGTERM: how long to keep serving while reporting not ready (so endpoints drain).
    pub shutdown_delay: Duration,
    /// After that: how long in-flight requests get to finish.
    pub drain_timeout: Duration,
    /// Evaluation threads (each owns one evaluator). 0 = one per CPU.
    pub eval_threads: usize,
}

impl WebhookConfig {
    /// Defaults for everything but the addresses and files.
    pub fn new(listen: std::net::SocketAddr, tls_cert: PathBuf, tls_key: PathBuf) -> Self {
        Self {
            listen,
            tls_cert,
            tls_key,
            mode: Mode::Enforce,
            fail_on: Some(Severity::High),
            exempt_namespaces: vec!["kube-system".into()],
            max_body_bytes: 3 << 20,
            request_timeout: Duration::from_secs(8),
            cert_reload_interval: Duration::from_secs(5),
            shutdown_delay: Duration::ZERO,
            drain_timeout: Duration::from_secs(20),
            eval_threads: 0,
        }
    }
}

/// A rule that could not be evaluated on the object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFailure {
    /// The rule's id.
    pub rule_id: String,
    /// What went wrong.
    pub message: String,
}

/// The result of evaluating the policies on one admitted object.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Every finding, with the rule's effective severity.
    pub findings: Vec<Finding>,
    /// Rules that failed on the object.
    pub errors: Vec<RuleFailure>,
    /// Ids of rules that select the object but need the scan inventory, so were skipped.
    pub skipped_inventory: Vec<String>,
    /// How many rules were evaluated.
    pub evaluated: usize,
}

/// One thread's evaluator, made once per pool thread and kept for the life of the server.
pub trait Evaluate {
    /// Evaluates every enabled rule that selects `doc`. The document is handed over, so an
    /// implementation can move its parts into the policy input instead of copying them.
    fn evaluate(&mut self, doc: Document) -> Evaluation;
}

/// The policies, compiled once and shared by every pool thread.
pub trait Policies: Send + Sync + 'static {
    /// Ids of the enabled rules (for per-rule metrics), including those skipped for needing
    /// the inventory.
    fn rule_ids(&self) -> Vec<String>;
    /// Makes a per-thread evaluator and hands it to `run`, which returns when the pool stops.
    fn with_evaluator(&self, run: &mut dyn FnMut(&mut dyn Evaluate));
}
