//! Loading a set of policy sources: parse every module with regorus, read and validate METADATA,
//! derive names, detect libraries and tests, and reject duplicates. All errors are collected.

use std::collections::HashMap;

use comply_model::RuleMeta;

use crate::error::PolicyError;
use crate::extensions;
use crate::import_paths;
use crate::metadata::{self, Declared};
use crate::naming;

/// One `.rego` file as comply received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// Display path (`policies/kubernetes/privileged-container/privileged_container.rego` or a
    /// user's path); errors and coverage name files by it.
    pub path: String,
    /// The Rego text.
    pub text: String,
    /// Whether the file ships with comply.
    pub builtin: bool,
}

impl PolicySource {
    /// A source from its path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>, builtin: bool) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            builtin,
        }
    }
}

/// A parsed, non-test module that evaluation needs (a library or a policy).
#[derive(Debug, Clone)]
pub(crate) struct Module {
    pub(crate) path: String,
    pub(crate) text: String,
    /// `text` with import aliases spelled as full data paths: what evaluation runs (see
    /// [`crate::import_paths`]).
    pub(crate) eval_text: String,
    /// Its package, without `data.`.
    pub(crate) package: String,
    /// The `data` paths it references (see [`crate::import_paths::data_references`]).
    pub(crate) references: Vec<String>,
    /// The package of the policy it defines (`comply.kubernetes.x`); `None` for a library.
    pub(crate) policy_package: Option<String>,
}

/// Parsed and validated policies, libraries and tests.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    rules: Vec<RuleMeta>,
    modules: Vec<Module>,
    tests: Vec<PolicySource>,
}

impl PolicySet {
    /// Parses and validates `sources`. Files ending in `_test.rego` are kept for
    /// [`crate::run_tests`] and never evaluated in scans (they are not parsed here). Every other
    /// file is a library (package `comply.lib.*` or `custom.library: true`) or a policy with a
    /// valid METADATA block and a `deny` rule. Returns every error found, not just the first.
    pub fn load(sources: Vec<PolicySource>) -> Result<PolicySet, Vec<PolicyError>> {
        let mut errors = Vec::new();
        let mut engine = extensions::new_engine();
        let mut rules = Vec::new();
        let mut modules = Vec::new();
        let mut tests = Vec::new();
        let only_builtin = sources.iter().all(|s| s.builtin);
        for src in sources {
            if naming::is_test_file(&src.path) {
                tests.push(src);
                continue;
            }
            // The built-in policies are parsed by comply's own tests and again by every evaluator
            // that needs them; a run with only those reads their package line instead of parsing
            // all of them here (a third of the start-up time of a small scan).
            let textual = only_builtin.then(|| builtin_package(&src.text)).flatten();
            let package = match textual {
                Some(p) => p,
                None => match engine.add_policy(src.path.clone(), src.text.clone()) {
                    Ok(p) => p
                        .strip_prefix("data.")
                        .map_or_else(|| p.clone(), str::to_string),
                    Err(e) => {
                        errors.push(PolicyError::from_regorus(&src.path, &e));
                        continue;
                    }
                },
            };
            let mut policy_package = None;
            match classify(&engine, &src, &package) {
                Ok(Some(rule)) => {
                    policy_package = Some(rule.meta.package.clone());
                    rules.push(rule);
                }
                Ok(None) => {}
                Err(mut es) => errors.append(&mut es),
            }
            let eval_text = import_paths::rewrite(&src.text);
            modules.push(Module {
                path: src.path,
                references: import_paths::data_references(&eval_text),
                eval_text,
                text: src.text,
                package,
                policy_package,
            });
        }
        check_duplicates(&rules, &mut errors);
        // The built-in policies are analysed by comply's own tests; a run with only those skips
        // the analysis, which is most of the start-up time of a small scan.
        if errors.is_empty() && !only_builtin {
            // Analysis (unsafe variables, unknown functions, recursion) happens when regorus
            // prepares the modules for evaluation, not when it parses them.
            if let Err(e) = engine.eval_query("data.comply.__comply_load_check__".into(), false) {
                let fallback = modules
                    .first()
                    .map_or("<policies>", |m: &Module| m.path.as_str());
                errors.push(PolicyError::from_regorus(fallback, &e));
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
            errors.dedup();
            return Err(errors);
        }
        let mut rules: Vec<RuleMeta> = rules.into_iter().map(|l| l.meta).collect();
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(PolicySet {
            rules,
            modules,
            tests,
        })
    }

    /// The policies' metadata, sorted by id.
    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    /// The index in [`PolicySet::rules`] of the rule with this id (case-insensitive) or name.
    pub fn find_rule(&self, id_or_name: &str) -> Option<usize> {
        self.rules
            .iter()
            .position(|r| r.id.eq_ignore_ascii_case(id_or_name))
            .or_else(|| self.rules.iter().position(|r| r.name == id_or_name))
    }

    /// The `_test.rego` sources that were given to [`PolicySet::load`].
    pub fn test_sources(&self) -> &[PolicySource] {
        &self.tests
    }

    /// Libraries and policies, in load order.
    pub(crate) fn modules(&self) -> &[Module] {
        &self.modules
    }
}

/// A policy's metadata with the lines duplicate checks point at.
struct Loaded {
    meta: RuleMeta,
    id_line: u32,
    name_line: u32,
}

/// `Ok(None)` for a library, `Ok(Some(..))` for a valid policy.
fn classify(
    engine: &regorus::Engine,
    src: &PolicySource,
    package: &str,
) -> Result<Option<Loaded>, Vec<PolicyError>> {
    let block = metadata::find_block(&src.text);
    let pkg_line = metadata::find_package(&src.text).map(|p| p.line);
    if package.starts_with("comply.lib.") {
        return Ok(None);
    }
    let Some(block) = block else {
        return Err(vec![PolicyError::at(
            &src.path,
            pkg_line,
            format!(
                "package {package} has no `# METADATA` block before `package` (a policy needs title and custom: {{id, severity, category, remediation, inputs}}; a library uses package comply.lib.* or custom: {{library: true}})"
            ),
        )]);
    };
    let meta = match metadata::parse(&src.path, &block)? {
        Declared::Library => return Ok(None),
        Declared::Policy(m) => m,
    };
    let has_deny = engine
        .has_declared_rule_rooted_at(&src.path, "deny")
        .unwrap_or_else(|_| declares_deny_textually(&src.text));
    if !has_deny {
        return Err(vec![PolicyError::at(
            &src.path,
            pkg_line,
            format!("policy {} (package {package}) defines no `deny` rule (expected `deny contains {{\"msg\": ..., \"path\": [...]}} if {{ ... }}`)", meta.id),
        )]);
    }
    let name = meta
        .name
        .clone()
        .unwrap_or_else(|| naming::derive_name(&src.path));
    let (id_line, name_line) = (meta.id_line, meta.name_line);
    let meta = RuleMeta {
        id: meta.id,
        name,
        title: meta.title,
        description: meta.description,
        severity: meta.severity,
        category: meta.category,
        frameworks: meta.frameworks,
        remediation: meta.remediation,
        inputs: meta.inputs,
        related_resources: meta.related_resources,
        package: package.to_string(),
        source: src.path.clone(),
        uses_inventory: src.text.contains("data.comply.inventory"),
        inventory_kinds: meta.inventory,
        builtin: src.builtin,
    };
    Ok(Some(Loaded {
        meta,
        id_line,
        name_line,
    }))
}

/// The package of a built-in module from its `package a.b.c` line; `None` when the line is not
/// that simple (the caller then parses the module).
fn builtin_package(text: &str) -> Option<String> {
    let decl = metadata::find_package(text)?;
    let line = text.lines().nth(decl.line as usize - 1)?;
    let name = line.trim_start().strip_prefix("package")?.trim();
    let simple = !name.is_empty()
        && name.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    simple.then(|| name.to_string())
}

/// Fallback when regorus cannot answer (two sources with one path): a line starting with `deny`.
fn declares_deny_textually(text: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix("deny").is_some_and(|r| {
            r.is_empty() || !r.starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    })
}

fn check_duplicates(rules: &[Loaded], errors: &mut Vec<PolicyError>) {
    let mut by_id: HashMap<String, &RuleMeta> = HashMap::new();
    let mut by_name: HashMap<&str, &RuleMeta> = HashMap::new();
    let mut by_pkg: HashMap<&str, &RuleMeta> = HashMap::new();
    for l in rules {
        let r = &l.meta;
        if let Some(first) = by_id.insert(r.id.to_ascii_uppercase(), r) {
            errors.push(PolicyError::at(
                &r.source,
                Some(l.id_line),
                format!(
                    "duplicate rule id {}: also declared in {} (ids must be unique)",
                    r.id, first.source
                ),
            ));
        }
        if let Some(first) = by_name.insert(&r.name, r) {
            errors.push(PolicyError::at(
                &r.source,
                Some(l.name_line),
                format!(
                    "duplicate rule name {}: also used by {} ({}); set custom.name to rename one",
                    r.name, first.source, first.id
                ),
            ));
        }
        if let Some(first) = by_pkg.insert(&r.package, r) {
            errors.push(PolicyError::at(
                &r.source,
                None,
                format!("duplicate policy package {}: also declared in {} (each policy needs its own package)", r.package, first.source),
            ));
        }
    }
}
