//! The rules a run evaluates: the built-in and `--policies` rules with the configuration applied
//! (disabled rules, severity overrides, rule options, params) and the `--fail-on` threshold.
//! `comply scan` and `comply webhook` both start here, so a manifest is judged alike in CI and
//! at admission.

use anyhow::Result;
use comply_model::{RuleMeta, Severity};
use comply_policy::PolicySet;
use std::path::PathBuf;

use crate::args::FailOn;
use crate::commands::scan::load_policies;
use crate::config::{self, Config};

/// Loaded policies with the configuration applied.
pub(crate) struct Ruleset {
    pub(crate) set: PolicySet,
    /// Every rule, indexed like `set.rules()`, with config severity overrides applied.
    pub(crate) rules: Vec<RuleMeta>,
    /// Indices of the rules the configuration does not disable.
    pub(crate) enabled: Vec<usize>,
    /// `data.comply.params`.
    pub(crate) params: serde_json::Value,
    /// `data.comply.rule_options`.
    pub(crate) options: serde_json::Value,
}

impl Ruleset {
    /// Loads the built-in policies plus `extra` directories and applies `cfg`; a rule the config
    /// names that does not exist is an error naming the config line.
    pub(crate) fn load(extra: &[PathBuf], cfg: &Config) -> Result<Self> {
        let set = load_policies(extra)?;
        config::check_rule_refs(cfg, |r| set.find_rule(r).is_some())?;
        let overrides = config::severity_overrides(cfg, |r| {
            set.find_rule(r).map(|i| set.rules()[i].id.clone())
        });
        let disabled: Vec<usize> = cfg
            .disable
            .iter()
            .filter_map(|d| set.find_rule(&d.value))
            .collect();
        let rules: Vec<RuleMeta> = set
            .rules()
            .iter()
            .map(|r| {
                let mut r = r.clone();
                if let Some(s) = overrides.get(&r.id) {
                    r.severity = *s;
                }
                r
            })
            .collect();
        let enabled = (0..rules.len()).filter(|i| !disabled.contains(i)).collect();
        let options =
            cfg.rule_options_json(|r| set.find_rule(r).map(|i| set.rules()[i].name.clone()));
        Ok(Self {
            params: cfg.params.to_json(),
            options,
            set,
            rules,
            enabled,
        })
    }
}

/// The severity at or above which findings fail the run: the flag, else the config's
/// `fail_on`, else high. `None` = never fail.
pub(crate) fn fail_on(flag: Option<FailOn>, cfg: &Config) -> Option<Severity> {
    match flag {
        Some(FailOn::Never) => None,
        Some(FailOn::Critical) => Some(Severity::Critical),
        Some(FailOn::High) => Some(Severity::High),
        Some(FailOn::Medium) => Some(Severity::Medium),
        Some(FailOn::Low) => Some(Severity::Low),
        None => cfg.fail_on.unwrap_or(Some(Severity::High)),
    }
}
