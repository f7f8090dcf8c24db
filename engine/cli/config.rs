//! `.comply.yaml` (DESIGN §4): the organisation's params, the failure threshold, excludes and rule
//! overrides. Parsed with comply's own positioned YAML loader so that every unknown key or bad
//! value is reported with the file and line where it is written.

use anyhow::{bail, Context, Result};
use comply_model::{PathSeg, Severity, SpanNode};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Supported TLS versions, lowest first.
pub(crate) const TLS_VERSIONS: [&str; 4] = ["1.0", "1.1", "1.2", "1.3"];

/// The organisation standards every built-in policy reads as `data.comply.params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Params {
    pub(crate) min_tls_version: String,
    pub(crate) backup_retention_days: u32,
    pub(crate) required_tags: Vec<String>,
    pub(crate) allowed_registries: Vec<String>,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            min_tls_version: "1.2".into(),
            backup_retention_days: 7,
            required_tags: Vec::new(),
            allowed_registries: Vec::new(),
        }
    }
}

impl Params {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "min_tls_version": self.min_tls_version,
            "backup_retention_days": self.backup_retention_days,
            "required_tags": self.required_tags,
            "allowed_registries": self.allowed_registries,
        })
    }

    /// Applies `--param KEY=VALUE`. Lists take a comma-separated value or a JSON array.
    pub(crate) fn apply_override(&mut self, kv: &str) -> Result<()> {
        let Some((key, raw)) = kv.split_once('=') else {
            bail!("--param {kv}: expected KEY=VALUE");
        };
        let key = key.trim();
        let raw = raw.trim();
        match key {
            "min_tls_version" => self.min_tls_version = check_tls(raw).map_err(|e| anyhow::anyhow!("--param {kv}: {e}"))?,
            "backup_retention_days" => {
                self.backup_retention_days = raw
                    .parse::<u32>()
                    .ok()
                    .filter(|d| *d <= 36_500)
                    .with_context(|| format!("--param {kv}: expected a whole number of days (0 to 36500)"))?;
            }
            "required_tags" => self.required_tags = parse_list(raw).with_context(|| format!("--param {kv}"))?,
            "allowed_registries" => {
                self.allowed_registries = parse_list(raw).with_context(|| format!("--param {kv}"))?;
            }
            other => bail!(
                "--param {kv}: unknown param `{other}` (expected min_tls_version, backup_retention_days, required_tags or allowed_registries)"
            ),
        }
        Ok(())
    }
}

fn parse_list(raw: &str) -> Result<Vec<String>> {
    if raw.starts_with('[') {
        let v: Vec<String> =
            serde_json::from_str(raw).context("expected a JSON array of strings")?;
        return Ok(v);
    }
    Ok(raw
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}

fn check_tls(v: &str) -> std::result::Result<String, String> {
    if TLS_VERSIONS.contains(&v) {
        Ok(v.to_string())
    } else {
        Err(format!(
            "`{v}` is not a TLS version (expected \"1.0\", \"1.1\", \"1.2\" or \"1.3\")"
        ))
    }
}

/// A value with the line it was written on, for errors raised after the policies are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AtLine<T> {
    pub(crate) value: T,
    pub(crate) line: u32,
}

/// The whole configuration, with defaults for everything absent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    /// Where it was read from; `None` = defaults only.
    pub(crate) file: Option<PathBuf>,
    pub(crate) params: Params,
    /// `None` = never fail on findings. Absent from the file: `Some(High)`.
    pub(crate) fail_on: Option<Option<Severity>>,
    pub(crate) exclude: Vec<AtLine<String>>,
    pub(crate) disable: Vec<AtLine<String>>,
    pub(crate) severity: Vec<(AtLine<String>, Severity)>,
    /// `rules.options`: rule id or name → options object, exposed as `data.comply.rule_options`.
    pub(crate) options: Vec<(AtLine<String>, Value)>,
    /// `webhook:` settings, read by `comply webhook` only.
    pub(crate) webhook: WebhookSection,
}

/// The `webhook:` section: `{exempt_namespaces: [...], mode: enforce|warn|audit}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WebhookSection {
    /// Namespaces whose requests are allowed without evaluation; `None` = the default
    /// (`kube-system`).
    pub(crate) exempt_namespaces: Option<Vec<AtLine<String>>>,
    /// `enforce`, `warn` or `audit` (checked); `--mode` overrides it.
    pub(crate) mode: Option<String>,
}

/// Webhook modes accepted in `webhook.mode`.
pub(crate) const WEBHOOK_MODES: [&str; 3] = ["enforce", "warn", "audit"];

/// An error in the configuration file, naming the file and line.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub(crate) struct ConfigError {
    pub(crate) file: String,
    pub(crate) line: u32,
    pub(crate) message: String,
}

impl Config {
    /// Reads and validates a configuration file.
    pub(crate) fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        Self::parse(&text, path)
    }

    /// Parses configuration text; `path` is used in messages.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Self> {
        let file = path.display().to_string();
        let opts = comply_yaml::Options {
            schema: comply_yaml::Schema::Core,
            ..comply_yaml::Options::default()
        };
        let doc = comply_yaml::parse_single(text, &opts).map_err(|e| ConfigError {
            file: file.clone(),
            line: e.line,
            message: format!("invalid YAML: {}", e.message),
        })?;
        let mut cfg = Self {
            file: Some(path.to_path_buf()),
            ..Self::default()
        };
        let v = Checker {
            file: &file,
            spans: &doc.spans,
        };
        let root = match &doc.value {
            Value::Null => return Ok(cfg),
            Value::Object(m) => m,
            _ => return Err(v.err(&[], "the configuration must be a mapping").into()),
        };
        for (key, val) in root {
            let at = [PathSeg::Key(key.clone())];
            match key.as_str() {
                "params" => cfg.params = v.params(val)?,
                "fail_on" => cfg.fail_on = Some(v.fail_on(&at, val)?),
                "exclude" => cfg.exclude = v.strings(&at, val)?,
                "rules" => v.rules(val, &mut cfg)?,
                "webhook" => cfg.webhook = v.webhook(val)?,
                other => {
                    return Err(v
                        .err(
                            &at,
                            &format!(
                            "unknown key `{other}` (expected params, fail_on, exclude, rules or webhook)"
                        ),
                        )
                        .into())
                }
            }
        }
        Ok(cfg)
    }

    /// `data.comply.rule_options`, keyed by the names the rules know themselves by.
    pub(crate) fn rule_options_json(&self, resolve: impl Fn(&str) -> Option<String>) -> Value {
        let mut m = Map::new();
        for (k, v) in &self.options {
            let name = resolve(&k.value).unwrap_or_else(|| k.value.clone());
            m.insert(name, v.clone());
        }
        Value::Object(m)
    }
}

struct Checker<'a> {
    file: &'a str,
    spans: &'a SpanNode,
}

impl Checker<'_> {
    fn line(&self, path: &[PathSeg]) -> u32 {
        self.spans.locate(path).0.start.line.max(1)
    }

    fn err(&self, path: &[PathSeg], message: &str) -> ConfigError {
        ConfigError {
            file: self.file.to_string(),
            line: self.line(path),
            message: message.to_string(),
        }
    }

    fn params(&self, val: &Value) -> Result<Params> {
        let mut p = Params::default();
        let base = [PathSeg::Key("params".into())];
        let Value::Object(m) = val else {
            if val.is_null() {
                return Ok(p);
            }
            return Err(self.err(&base, "`params` must be a mapping").into());
        };
        for (k, v) in m {
            let at = [base[0].clone(), PathSeg::Key(k.clone())];
            match k.as_str() {
                "min_tls_version" => {
                    let s = match v {
                        Value::String(s) => s.clone(),
                        // `1.2` unquoted is a float; accept it when it is exactly a version.
                        Value::Number(n) => n.to_string(),
                        _ => String::new(),
                    };
                    p.min_tls_version = check_tls(&s).map_err(|e| self.err(&at, &format!("min_tls_version: {e}")))?;
                }
                "backup_retention_days" => {
                    p.backup_retention_days = v
                        .as_u64()
                        .filter(|d| *d <= 36_500)
                        .and_then(|d| u32::try_from(d).ok())
                        .ok_or_else(|| {
                            self.err(&at, "backup_retention_days: expected a whole number of days (0 to 36500)")
                        })?;
                }
                "required_tags" => p.required_tags = self.strings(&at, v)?.into_iter().map(|s| s.value).collect(),
                "allowed_registries" => {
                    p.allowed_registries = self.strings(&at, v)?.into_iter().map(|s| s.value).collect();
                }
                other => {
                    return Err(self
                        .err(
                            &at,
                            &format!(
                                "unknown param `{other}` (expected min_tls_version, backup_retention_days, required_tags or allowed_registries)"
                            ),
                        )
                        .into())
                }
            }
        }
        Ok(p)
    }

    fn webhook(&self, val: &Value) -> Result<WebhookSection> {
        let base = [PathSeg::Key("webhook".into())];
        let mut w = WebhookSection::default();
        let Value::Object(m) = val else {
            if val.is_null() {
                return Ok(w);
            }
            return Err(self.err(&base, "`webhook` must be a mapping").into());
        };
        for (k, v) in m {
            let at = [base[0].clone(), PathSeg::Key(k.clone())];
            match k.as_str() {
                "exempt_namespaces" => w.exempt_namespaces = Some(self.strings(&at, v)?),
                "mode" => match v.as_str() {
                    Some(s) if WEBHOOK_MODES.contains(&s) => w.mode = Some(s.to_string()),
                    _ => {
                        return Err(self
                            .err(&at, "webhook.mode: expected enforce, warn or audit")
                            .into())
                    }
                },
                other => {
                    return Err(self
                        .err(
                            &at,
                            &format!(
                                "unknown key `webhook.{other}` (expected exempt_namespaces or mode)"
                            ),
                        )
                        .into())
                }
            }
        }
        Ok(w)
    }

    fn fail_on(&self, at: &[PathSeg], val: &Value) -> Result<Option<Severity>> {
        match val.as_str() {
            Some("never") => Ok(None),
            Some(s) => s.parse::<Severity>().map(Some).map_err(|_| {
                self.err(
                    at,
                    &format!("fail_on: `{s}` is not one of critical, high, medium, low, never"),
                )
                .into()
            }),
            None => Err(self
                .err(
                    at,
                    "fail_on: expected one of critical, high, medium, low, never",
                )
                .into()),
        }
    }

    fn strings(&self, at: &[PathSeg], val: &Value) -> Result<Vec<AtLine<String>>> {
        let Value::Array(items) = val else {
            if val.is_null() {
                return Ok(Vec::new());
            }
            return Err(self.err(at, "expected a list of strings").into());
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mut p = at.to_vec();
            p.push(PathSeg::Index(i));
            let Some(s) = item.as_str() else {
                return Err(self.err(&p, "expected a string").into());
            };
            out.push(AtLine {
                value: s.to_string(),
                line: self.line(&p),
            });
        }
        Ok(out)
    }

    /// The entries of `rules.<key>`, a mapping from rule ids or names to `what`: each rule with
    /// its line, its value and the value's path.
    fn rule_map<'v>(
        &self,
        at: &[PathSeg],
        key: &str,
        val: &'v Value,
        what: &str,
    ) -> Result<Vec<(AtLine<String>, &'v Value, Vec<PathSeg>)>> {
        let Value::Object(m) = val else {
            return Err(self
                .err(
                    at,
                    &format!("`rules.{key}` must map rule ids or names to {what}"),
                )
                .into());
        };
        Ok(m.iter()
            .map(|(rule, v)| {
                let mut p = at.to_vec();
                p.push(PathSeg::Key(rule.clone()));
                (
                    AtLine {
                        value: rule.clone(),
                        line: self.line(&p),
                    },
                    v,
                    p,
                )
            })
            .collect())
    }

    fn rules(&self, val: &Value, cfg: &mut Config) -> Result<()> {
        let base = [PathSeg::Key("rules".into())];
        let Value::Object(m) = val else {
            if val.is_null() {
                return Ok(());
            }
            return Err(self.err(&base, "`rules` must be a mapping").into());
        };
        for (k, v) in m {
            let at = [base[0].clone(), PathSeg::Key(k.clone())];
            match k.as_str() {
                "disable" => cfg.disable = self.strings(&at, v)?,
                "severity" => {
                    for (rule, s, p) in self.rule_map(&at, "severity", v, "severities")? {
                        let parsed = s
                            .as_str()
                            .and_then(|s| s.parse::<Severity>().ok())
                            .ok_or_else(|| {
                                self.err(
                                    &p,
                                    &format!(
                                        "rules.severity.{}: expected critical, high, medium or low",
                                        rule.value
                                    ),
                                )
                            })?;
                        cfg.severity.push((rule, parsed));
                    }
                }
                "options" => {
                    for (rule, o, p) in self.rule_map(&at, "options", v, "option mappings")? {
                        if !o.is_object() {
                            return Err(self
                                .err(
                                    &p,
                                    &format!("rules.options.{}: expected a mapping", rule.value),
                                )
                                .into());
                        }
                        cfg.options.push((rule, o.clone()));
                    }
                }
                other => {
                    return Err(self
                        .err(
                            &at,
                            &format!(
                            "unknown key `rules.{other}` (expected disable, severity or options)"
                        ),
                        )
                        .into())
                }
            }
        }
        Ok(())
    }
}

/// Resolves rule references of the configuration against the loaded rules: every id or name must
/// exist, so that a typo does not silently leave a rule enabled.
pub(crate) fn check_rule_refs(cfg: &Config, exists: impl Fn(&str) -> bool) -> Result<()> {
    let file = cfg
        .file
        .as_ref()
        .map_or_else(|| ".comply.yaml".to_string(), |p| p.display().to_string());
    let refs = cfg
        .disable
        .iter()
        .chain(cfg.severity.iter().map(|(r, _)| r))
        .chain(cfg.options.iter().map(|(r, _)| r));
    for r in refs {
        if !exists(&r.value) {
            return Err(ConfigError {
                file: file.clone(),
                line: r.line,
                message: format!("unknown rule `{}` (see `comply policies`)", r.value),
            }
            .into());
        }
    }
    Ok(())
}

/// Severity overrides keyed by the given resolver (id → severity).
pub(crate) fn severity_overrides(
    cfg: &Config,
    resolve: impl Fn(&str) -> Option<String>,
) -> BTreeMap<String, Severity> {
    cfg.severity
        .iter()
        .filter_map(|(r, s)| resolve(&r.value).map(|id| (id, *s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Path::new(".comply.yaml"))
    }

    #[test]
    fn full_config_parses() {
        let cfg = parse(
            "params:\n  min_tls_version: \"1.3\"\n  backup_retention_days: 30\n  required_tags: [owner, env]\n  allowed_registries:\n    - registry.example.com\nfail_on: medium\nexclude: [\"vendor/**\"]\nrules:\n  disable: [K8S-0001]\n  severity: {K8S-0002: low}\n  options:\n    service-exposed: {allowed: [\"prod/edge\"]}\n",
        )
        .expect("valid config");
        assert_eq!(cfg.params.min_tls_version, "1.3");
        assert_eq!(cfg.params.backup_retention_days, 30);
        assert_eq!(cfg.params.required_tags, vec!["owner", "env"]);
        assert_eq!(cfg.fail_on, Some(Some(Severity::Medium)));
        assert_eq!(cfg.disable[0].line, 10);
        assert_eq!(cfg.severity[0].1, Severity::Low);
        assert_eq!(cfg.options.len(), 1);
    }

    #[test]
    fn unknown_key_names_line() {
        let e = parse("params:\n  min_tls_version: \"1.2\"\n  colour: blue\n")
            .expect_err("unknown key");
        assert_eq!(e.to_string(), ".comply.yaml:3: unknown param `colour` (expected min_tls_version, backup_retention_days, required_tags or allowed_registries)");
        let e = parse("fail_on: high\nrulez: {}\n").expect_err("unknown top key");
        assert!(
            e.to_string()
                .starts_with(".comply.yaml:2: unknown key `rulez`"),
            "{e}"
        );
    }

    #[test]
    fn bad_values_name_line() {
        let e = parse("params:\n  min_tls_version: \"1.5\"\n").expect_err("bad tls");
        assert!(
            e.to_string().starts_with(".comply.yaml:2: min_tls_version"),
            "{e}"
        );
        let e = parse("params:\n  backup_retention_days: -3\n").expect_err("bad days");
        assert!(
            e.to_string()
                .starts_with(".comply.yaml:2: backup_retention_days"),
            "{e}"
        );
        let e = parse("fail_on: sometimes\n").expect_err("bad fail_on");
        assert!(e.to_string().starts_with(".comply.yaml:1: fail_on"), "{e}");
        let e = parse("exclude:\n  - ok\n  - 3\n").expect_err("bad exclude");
        assert!(e.to_string().starts_with(".comply.yaml:3:"), "{e}");
        let e = parse("params: [1]\n: : :\n").expect_err("bad yaml");
        assert!(e.to_string().starts_with(".comply.yaml:"), "{e}");
    }

    #[test]
    fn webhook_section_parses_and_names_bad_lines() {
        let cfg = parse("fail_on: high\nwebhook:\n  mode: warn\n  exempt_namespaces:\n    - kube-system\n    - comply\n")
            .expect("valid");
        assert_eq!(cfg.webhook.mode.as_deref(), Some("warn"));
        let ns = cfg.webhook.exempt_namespaces.expect("listed");
        assert_eq!((ns[1].value.as_str(), ns[1].line), ("comply", 6));
        assert_eq!(
            parse("fail_on: low\n").expect("valid").webhook,
            WebhookSection::default()
        );
        let e = parse("webhook:\n  mode: block\n").expect_err("bad mode");
        assert_eq!(
            e.to_string(),
            ".comply.yaml:2: webhook.mode: expected enforce, warn or audit"
        );
        let e =
            parse("webhook:\n  exempt_namespaces: [a]\n  namespaces: [b]\n").expect_err("unknown");
        assert!(
            e.to_string()
                .starts_with(".comply.yaml:3: unknown key `webhook.namespaces`"),
            "{e}"
        );
        let e = parse("webhook:\n  exempt_namespaces:\n    - a\n    - {b: 1}\n")
            .expect_err("not a string");
        assert!(e.to_string().starts_with(".comply.yaml:4:"), "{e}");
    }

    #[test]
    fn unquoted_tls_float_and_never() {
        let cfg = parse("params:\n  min_tls_version: 1.3\nfail_on: never\n").expect("valid");
        assert_eq!(cfg.params.min_tls_version, "1.3");
        assert_eq!(cfg.fail_on, Some(None));
    }

    #[test]
    fn param_overrides() {
        let mut p = Params::default();
        p.apply_override("backup_retention_days=14").expect("ok");
        p.apply_override("allowed_registries=a.io, b.io/team")
            .expect("ok");
        p.apply_override("required_tags=[\"owner\"]").expect("ok");
        assert_eq!(p.backup_retention_days, 14);
        assert_eq!(p.allowed_registries, vec!["a.io", "b.io/team"]);
        assert_eq!(p.required_tags, vec!["owner"]);
        assert!(p.apply_override("min_tls_version=2").is_err());
        assert!(p.apply_override("nope=1").is_err());
        assert!(p.apply_override("nope").is_err());
    }
}
