//! `comply webhook`: the admission webhook. Loads the policies, config and params exactly as
//! `comply scan` does (built-ins plus `--policies`, severity overrides, disabled rules, rule
//! options), compiles them once, and hands the webhook crate an evaluator factory: each pool
//! thread gets its own regorus worker. Rules that read the scan inventory cannot run on a single
//! admitted object; they are left out and reported as skipped per review.

use anyhow::{Context, Result};
use comply_model::{DocKind, Document, RuleMeta};
use comply_policy::{EvalLimits, Evaluator, Worker};
use comply_webhook::{Evaluate, Evaluation, Mode, Policies, RuleFailure, WebhookConfig};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::args::{WebhookArgs, WebhookMode};
use crate::commands::scan::make_finding;
use crate::config::Config;
use crate::ruleset::{self, Ruleset};

/// The compiled policies, shared by every evaluation thread.
struct AdmissionPolicies {
    evaluator: Evaluator,
    /// Every rule, with config severity overrides applied.
    rules: Vec<RuleMeta>,
    /// Enabled rules evaluated at admission.
    enabled: Vec<usize>,
    /// Enabled rules skipped at admission because they read the inventory.
    inventory: Vec<usize>,
}

impl AdmissionPolicies {
    /// (rules to evaluate, inventory rules skipped) for one (kind, resource type).
    fn select(&self, doc: &Document) -> (Vec<usize>, Vec<String>) {
        let t = doc.resource_type();
        let pick = |set: &[usize]| -> Vec<usize> {
            set.iter()
                .copied()
                .filter(|i| self.rules[*i].selects(DocKind::Kubernetes, t))
                .collect()
        };
        let skipped = pick(&self.inventory)
            .into_iter()
            .map(|i| self.rules[i].id.clone())
            .collect();
        (pick(&self.enabled), skipped)
    }
}

/// One pool thread's evaluator, kept for the life of the server: its regorus worker is made
/// once (an interpreter clone, prepared on first use) and never given an inventory, so a review
/// costs one evaluation and nothing else.
struct AdmissionWorker<'a> {
    policies: &'a AdmissionPolicies,
    worker: Worker<'a>,
    /// Rule selection per resource type, computed once per type and thread.
    selections: HashMap<String, (Vec<usize>, Vec<String>)>,
}

impl Evaluate for AdmissionWorker<'_> {
    fn evaluate(&mut self, mut doc: Document) -> Evaluation {
        let policies = self.policies;
        let t = doc.resource_type().unwrap_or("");
        if !self.selections.contains_key(t) {
            let sel = policies.select(&doc);
            self.selections.insert(t.to_string(), sel);
        }
        let Some((selected, skipped)) = self.selections.get(t) else {
            return Evaluation::default();
        };
        let mut eval = Evaluation {
            skipped_inventory: skipped.clone(),
            evaluated: selected.len(),
            ..Evaluation::default()
        };
        if selected.is_empty() {
            return eval;
        }
        // The object moves into the policy input and back, instead of being copied into it.
        let resource = std::mem::take(&mut doc.resource);
        let mut input = doc.to_input();
        input["resource"] = resource;
        let out = self.worker.evaluate(&input, selected);
        doc.resource = input["resource"].take();
        for raw in out.findings {
            eval.findings.push(make_finding(
                &policies.rules[raw.rule],
                &doc,
                raw.msg,
                raw.path,
            ));
        }
        for e in out.errors {
            eval.errors.push(RuleFailure {
                rule_id: policies.rules[e.rule].id.clone(),
                message: e.message,
            });
        }
        eval
    }
}

impl Policies for AdmissionPolicies {
    fn rule_ids(&self) -> Vec<String> {
        self.enabled
            .iter()
            .chain(&self.inventory)
            .map(|i| self.rules[*i].id.clone())
            .collect()
    }

    fn with_evaluator(&self, run: &mut dyn FnMut(&mut dyn Evaluate)) {
        let mut w = AdmissionWorker {
            policies: self,
            worker: self.evaluator.worker(),
            selections: HashMap::new(),
        };
        run(&mut w);
    }
}

/// Compiles the policies as `comply scan` would, minus the inventory rules.
fn admission_policies(
    args: &WebhookArgs,
    cfg: &Config,
    limits: EvalLimits,
) -> Result<AdmissionPolicies> {
    let Ruleset {
        set,
        rules,
        enabled,
        params,
        options,
    } = Ruleset::load(&args.policies, cfg)?;
    let (inventory, enabled): (Vec<usize>, Vec<usize>) = enabled
        .into_iter()
        .filter(|i| {
            rules[*i]
                .inputs
                .iter()
                .any(|s| s.kind == DocKind::Kubernetes)
        })
        .partition(|i| rules[*i].uses_inventory);
    let evaluator =
        Evaluator::interpreter_only_with_limits(&set, &enabled, &params, &options, limits)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(AdmissionPolicies {
        evaluator,
        rules,
        enabled,
        inventory,
    })
}

/// Runs the webhook until SIGTERM.
pub(crate) fn run(args: &WebhookArgs) -> Result<i32> {
    let mut cfg = match &args.config {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    for kv in &args.params {
        cfg.params.apply_override(kv)?;
    }
    let fail_on = ruleset::fail_on(args.fail_on, &cfg);
    let mode = match (args.mode, cfg.webhook.mode.as_deref()) {
        (Some(WebhookMode::Enforce), _) => Mode::Enforce,
        (Some(WebhookMode::Warn), _) => Mode::Warn,
        (Some(WebhookMode::Audit), _) => Mode::Audit,
        (None, Some(m)) => m.parse().map_err(|e: String| anyhow::anyhow!(e))?,
        (None, None) => Mode::Enforce,
    };
    let limits = EvalLimits {
        timeout: Duration::from_millis(args.rule_timeout_ms.max(1)),
        ..EvalLimits::default()
    };
    let policies = admission_policies(args, &cfg, limits)?;
    let mut wc = WebhookConfig::new(args.listen, args.tls_cert.clone(), args.tls_key.clone());
    wc.mode = mode;
    wc.fail_on = fail_on;
    if let Some(ns) = &cfg.webhook.exempt_namespaces {
        wc.exempt_namespaces = ns.iter().map(|n| n.value.clone()).collect();
    }
    wc.max_body_bytes = args.max_body_bytes;
    wc.request_timeout = Duration::from_millis(args.request_timeout_ms.max(1));
    wc.cert_reload_interval = Duration::from_millis(args.cert_reload_ms.max(10));
    wc.shutdown_delay = Duration::from_millis(args.shutdown_delay_ms);
    wc.drain_timeout = Duration::from_millis(args.drain_timeout_ms);
    wc.eval_threads = args.jobs.unwrap_or(0);
    comply_webhook::run(wc, Arc::new(policies)).context("webhook")?;
    Ok(0)
}
