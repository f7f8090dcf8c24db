//! Prometheus metrics, kept in atomics (no lock on the request path) and rendered as the text
//! exposition format on `/metrics`: requests by HTTP status, decisions by mode, findings by rule
//! and action, rules skipped for needing the inventory, policy errors, certificate reloads, a
//! latency histogram of `/validate`, and one of the time spent in the policy engine alone (so
//! the two histograms show how much of a review is evaluation and how much is the server).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use crate::decision::{Action, Mode};

/// HTTP statuses the server answers with; anything else is counted as "other".
const CODES: [u16; 9] = [200, 400, 404, 405, 413, 415, 500, 503, 504];

/// Latency buckets of `/validate`, in seconds.
const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// How a review ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Allowed,
    Denied,
    /// Allowed, with warnings.
    Warned,
    /// Allowed without evaluation: the namespace is exempt.
    Exempt,
    /// Allowed without evaluation: DELETE or CONNECT.
    Skipped,
}

impl Outcome {
    const ALL: [Self; 5] = [
        Self::Allowed,
        Self::Denied,
        Self::Warned,
        Self::Exempt,
        Self::Skipped,
    ];
    const fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Warned => "warned",
            Self::Exempt => "exempt",
            Self::Skipped => "skipped",
        }
    }
    const fn index(self) -> usize {
        match self {
            Self::Allowed => 0,
            Self::Denied => 1,
            Self::Warned => 2,
            Self::Exempt => 3,
            Self::Skipped => 4,
        }
    }
}

fn counters(n: usize) -> Vec<AtomicU64> {
    (0..n).map(|_| AtomicU64::new(0)).collect()
}

/// A Prometheus histogram of durations over [`BUCKETS`].
#[derive(Debug)]
struct Histogram {
    /// Per bucket, not cumulative (summed when rendered).
    buckets: Vec<AtomicU64>,
    count: AtomicU64,
    sum_ns: AtomicU64,
}

impl Histogram {
    fn new() -> Self {
        Self {
            buckets: counters(BUCKETS.len()),
            count: AtomicU64::new(0),
            sum_ns: AtomicU64::new(0),
        }
    }

    fn observe(&self, d: Duration) {
        let secs = d.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            self.buckets[i].fetch_add(1, Relaxed);
        }
        self.count.fetch_add(1, Relaxed);
        let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.sum_ns.fetch_add(ns, Relaxed);
    }

    fn render(&self, o: &mut String, name: &str, help: &str) {
        let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} histogram");
        let mut cumulative = 0;
        for (b, c) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += c.load(Relaxed);
            let _ = writeln!(o, "{name}_bucket{{le=\"{b}\"}} {cumulative}");
        }
        let count = self.count.load(Relaxed);
        let _ = writeln!(o, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let sum = self.sum_ns.load(Relaxed) as f64 / 1e9;
        let _ = writeln!(o, "{name}_sum {sum}");
        let _ = writeln!(o, "{name}_count {count}");
    }
}

/// Every counter of one server.
#[derive(Debug)]
pub(crate) struct Metrics {
    mode: Mode,
    requests: Vec<AtomicU64>,
    decisions: Vec<AtomicU64>,
    dry_run: AtomicU64,
    rule_ids: Vec<String>,
    rule_index: HashMap<String, usize>,
    /// rule × action
    findings: Vec<AtomicU64>,
    inventory_skips: Vec<AtomicU64>,
    /// One per rule, plus one for failures not tied to a rule (a worker panic).
    policy_errors: Vec<AtomicU64>,
    cert_reloads_ok: AtomicU64,
    cert_reloads_failed: AtomicU64,
    /// `/validate`, from headers read to answer.
    latency: Histogram,
    /// The policy engine's part of a review (on its evaluation thread).
    evaluation: Histogram,
}

impl Metrics {
    pub(crate) fn new(mode: Mode, mut rule_ids: Vec<String>) -> Self {
        rule_ids.sort();
        rule_ids.dedup();
        let rule_index = rule_ids
            .iter()
            .enumerate()
            .map(|(i, r)| (r.clone(), i))
            .collect();
        let n = rule_ids.len();
        Self {
            mode,
            requests: counters(CODES.len() + 1),
            decisions: counters(Outcome::ALL.len()),
            dry_run: AtomicU64::new(0),
            rule_index,
            findings: counters(n * Action::ALL.len()),
            inventory_skips: counters(n),
            policy_errors: counters(n + 1),
            rule_ids,
            cert_reloads_ok: AtomicU64::new(0),
            cert_reloads_failed: AtomicU64::new(0),
            latency: Histogram::new(),
            evaluation: Histogram::new(),
        }
    }

    pub(crate) fn request(&self, code: u16) {
        let i = CODES.iter().position(|c| *c == code).unwrap_or(CODES.len());
        self.requests[i].fetch_add(1, Relaxed);
    }

    pub(crate) fn decision(&self, outcome: Outcome, dry_run: bool) {
        self.decisions[outcome.index()].fetch_add(1, Relaxed);
        if dry_run {
            self.dry_run.fetch_add(1, Relaxed);
        }
    }

    pub(crate) fn finding(&self, rule: &str, action: Action) {
        if let Some(i) = self.rule_index.get(rule) {
            self.findings[i * Action::ALL.len() + action.index()].fetch_add(1, Relaxed);
        }
    }

    pub(crate) fn inventory_skip(&self, rule: &str) {
        if let Some(i) = self.rule_index.get(rule) {
            self.inventory_skips[*i].fetch_add(1, Relaxed);
        }
    }

    /// A rule failed (`None`: the evaluation failed as a whole).
    pub(crate) fn policy_error(&self, rule: Option<&str>) {
        let i = rule
            .and_then(|r| self.rule_index.get(r).copied())
            .unwrap_or(self.rule_ids.len());
        self.policy_errors[i].fetch_add(1, Relaxed);
    }

    pub(crate) fn cert_reload(&self, ok: bool) {
        if ok {
            self.cert_reloads_ok.fetch_add(1, Relaxed);
        } else {
            self.cert_reloads_failed.fetch_add(1, Relaxed);
        }
    }

    pub(crate) fn latency(&self, d: Duration) {
        self.latency.observe(d);
    }

    /// Time the policy engine took on one review.
    pub(crate) fn evaluation(&self, d: Duration) {
        self.evaluation.observe(d);
    }

    /// The Prometheus text exposition.
    pub(crate) fn render(&self) -> String {
        let mut o = String::with_capacity(4096);
        let mode = self.mode.as_str();
        o.push_str("# HELP comply_webhook_requests_total HTTP requests by status code.\n# TYPE comply_webhook_requests_total counter\n");
        for (i, c) in self.requests.iter().enumerate() {
            let code = CODES
                .get(i)
                .map_or_else(|| "other".to_string(), u16::to_string);
            let _ = writeln!(
                o,
                "comply_webhook_requests_total{{code=\"{code}\"}} {}",
                c.load(Relaxed)
            );
        }
        o.push_str("# HELP comply_webhook_decisions_total Admission reviews by outcome and mode.\n# TYPE comply_webhook_decisions_total counter\n");
        for out in Outcome::ALL {
            let _ = writeln!(
                o,
                "comply_webhook_decisions_total{{mode=\"{mode}\",decision=\"{}\"}} {}",
                out.as_str(),
                self.decisions[out.index()].load(Relaxed)
            );
        }
        o.push_str("# HELP comply_webhook_dry_run_reviews_total Reviews of dry-run requests (also counted in decisions).\n# TYPE comply_webhook_dry_run_reviews_total counter\n");
        let _ = writeln!(
            o,
            "comply_webhook_dry_run_reviews_total {}",
            self.dry_run.load(Relaxed)
        );
        o.push_str("# HELP comply_webhook_findings_total Findings by rule, mode and what they turned into (deny, warn, audit).\n# TYPE comply_webhook_findings_total counter\n");
        for (r, id) in self.rule_ids.iter().enumerate() {
            for a in Action::ALL {
                let v = self.findings[r * Action::ALL.len() + a.index()].load(Relaxed);
                let _ = writeln!(
                    o,
                    "comply_webhook_findings_total{{rule=\"{id}\",mode=\"{mode}\",action=\"{}\"}} {v}",
                    a.as_str()
                );
            }
        }
        o.push_str("# HELP comply_webhook_rules_skipped_total Rules that selected an object but need the scan inventory, so were not evaluated at admission.\n# TYPE comply_webhook_rules_skipped_total counter\n");
        for (r, id) in self.rule_ids.iter().enumerate() {
            let v = self.inventory_skips[r].load(Relaxed);
            let _ = writeln!(
                o,
                "comply_webhook_rules_skipped_total{{rule=\"{id}\",reason=\"inventory\"}} {v}"
            );
        }
        o.push_str("# HELP comply_webhook_policy_errors_total Rules that failed on an object (rule=\"\": the whole evaluation failed).\n# TYPE comply_webhook_policy_errors_total counter\n");
        for (r, c) in self.policy_errors.iter().enumerate() {
            let id = self.rule_ids.get(r).map_or("", String::as_str);
            let _ = writeln!(
                o,
                "comply_webhook_policy_errors_total{{rule=\"{id}\"}} {}",
                c.load(Relaxed)
            );
        }
        o.push_str("# HELP comply_webhook_certificate_reloads_total Certificate reloads after the files changed.\n# TYPE comply_webhook_certificate_reloads_total counter\n");
        let _ = writeln!(
            o,
            "comply_webhook_certificate_reloads_total{{result=\"ok\"}} {}",
            self.cert_reloads_ok.load(Relaxed)
        );
        let _ = writeln!(
            o,
            "comply_webhook_certificate_reloads_total{{result=\"error\"}} {}",
            self.cert_reloads_failed.load(Relaxed)
        );
        self.latency.render(
            &mut o,
            "comply_webhook_request_duration_seconds",
            "Time to answer /validate, from headers read to response ready.",
        );
        self.evaluation.render(
            &mut o,
            "comply_webhook_evaluation_duration_seconds",
            "Time the policy engine took on one review (part of the request duration).",
        );
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_histogram() {
        let m = Metrics::new(Mode::Warn, vec!["K-2".into(), "K-1".into()]);
        m.request(200);
        m.request(418);
        m.decision(Outcome::Warned, true);
        m.finding("K-2", Action::Warn);
        m.finding("unknown", Action::Warn);
        m.inventory_skip("K-1");
        m.policy_error(None);
        m.latency(Duration::from_micros(300));
        m.latency(Duration::from_millis(3));
        m.evaluation(Duration::from_micros(80));
        let t = m.render();
        for line in [
            "comply_webhook_requests_total{code=\"200\"} 1",
            "comply_webhook_requests_total{code=\"other\"} 1",
            "comply_webhook_decisions_total{mode=\"warn\",decision=\"warned\"} 1",
            "comply_webhook_dry_run_reviews_total 1",
            "comply_webhook_findings_total{rule=\"K-2\",mode=\"warn\",action=\"warn\"} 1",
            "comply_webhook_rules_skipped_total{rule=\"K-1\",reason=\"inventory\"} 1",
            "comply_webhook_policy_errors_total{rule=\"\"} 1",
            "comply_webhook_request_duration_seconds_bucket{le=\"0.0005\"} 1",
            "comply_webhook_request_duration_seconds_bucket{le=\"0.005\"} 2",
            "comply_webhook_request_duration_seconds_bucket{le=\"+Inf\"} 2",
            "comply_webhook_request_duration_seconds_count 2",
            "comply_webhook_evaluation_duration_seconds_bucket{le=\"0.0001\"} 1",
            "comply_webhook_evaluation_duration_seconds_sum 0.00008",
            "comply_webhook_evaluation_duration_seconds_count 1",
        ] {
            assert!(t.lines().any(|l| l == line), "missing {line} in\n{t}");
        }
    }
}
