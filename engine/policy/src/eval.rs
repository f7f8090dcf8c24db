//! Evaluation of enabled rules on documents: [`Evaluator`] compiles once (RVM program plus an
//! interpreter template for rules the RVM cannot run) and is shared by reference across
//! threads; each thread makes a [`Worker`] and calls [`Worker::evaluate`] per document.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::time::Duration;

use comply_model::PathSeg;
use regorus::rvm::RegoVM;
use regorus::utils::limits::ExecutionTimerConfig;
use regorus::{Engine, Value};

use crate::bundle::PolicySet;
use crate::error::PolicyError;
use crate::extensions;
use crate::findings;
use crate::interp::InterpWorker;
use crate::rvm::{self, RvmProgram};
use crate::rvm_source;

/// One violation reported by a rule's `deny`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RawFinding {
    /// Index of the rule in [`PolicySet::rules`].
    pub rule: usize,
    /// The message.
    pub msg: String,
    /// The JSON path the policy reported (empty when it gave none).
    pub path: Vec<PathSeg>,
}

/// A rule that could not be evaluated on a document, or returned something malformed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RuleError {
    /// Index of the rule in [`PolicySet::rules`].
    pub rule: usize,
    /// What went wrong.
    pub message: String,
}

/// The result of evaluating rules on one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalOutput {
    /// Findings, grouped by rule in the order the rules were given.
    pub findings: Vec<RawFinding>,
    /// Rules that failed on this document.
    pub errors: Vec<RuleError>,
}

/// Per-evaluation limits: a rule that exceeds them on a document yields a [`RuleError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalLimits {
    /// Wall-clock limit for one rule on one document (both paths).
    pub timeout: Duration,
    /// RVM instruction limit for one rule on one document.
    pub max_instructions: usize,
}

impl Default for EvalLimits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(5),
            max_instructions: 50_000_000,
        }
    }
}

/// The inventory of a scan unit (`data.comply.inventory`), converted once and shared.
#[derive(Debug, Clone)]
pub struct Inventory {
    value: Value,
}

/// How a rule is evaluated.
#[derive(Debug, Clone)]
enum Path {
    /// Not among the enabled rules.
    Disabled,
    /// Entry point index in the RVM program.
    Rvm(usize),
    /// `eval_rule` on the interpreter, with why the RVM was not used.
    Interp { entry: String },
}

/// Compiled, enabled rules. `Send + Sync`: share it by reference across threads.
pub struct Evaluator {
    paths: Vec<Path>,
    base_data: Vec<(&'static str, Value)>,
    rvm: Option<RvmProgram>,
    template: Option<Engine>,
    dispatch: Dispatch,
    limits: EvalLimits,
    rvm_errors: Vec<(usize, String)>,
}

impl std::fmt::Debug for Evaluator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evaluator")
            .field("paths", &self.paths)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// `{"comply": {k: v, ...}}`
pub(crate) fn data_doc(entries: &[(&str, Value)]) -> Value {
    let mut comply = Value::new_object();
    if let Ok(m) = comply.as_object_mut() {
        for (k, v) in entries {
            m.insert(Value::from(*k), v.clone());
        }
    }
    let mut data = Value::new_object();
    if let Ok(m) = data.as_object_mut() {
        m.insert(Value::from("comply"), comply);
    }
    data
}

impl Evaluator {
    /// Compiles the libraries and policies of `set`, with `enabled` (indices into
    /// [`PolicySet::rules`]) as entry points. `params` becomes `data.comply.params` and
    /// `rule_options` `data.comply.rule_options`.
    pub fn new(
        set: &PolicySet,
        enabled: &[usize],
        params: &serde_json::Value,
        rule_options: &serde_json::Value,
    ) -> Result<Evaluator, PolicyError> {
        Self::with_limits(set, enabled, params, rule_options, EvalLimits::default())
    }

    /// [`Evaluator::new`] with explicit limits.
    pub fn with_limits(
        set: &PolicySet,
        enabled: &[usize],
        params: &serde_json::Value,
        rule_options: &serde_json::Value,
        limits: EvalLimits,
    ) -> Result<Evaluator, PolicyError> {
        Self::build(set, enabled, params, rule_options, limits, false)
    }

    /// Like [`Evaluator::new`] but puts every rule on the interpreter. This is what `comply scan`
    /// uses: regorus 0.14.1's RVM mis-evaluates some policies (see `tests/it/equivalence.rs`), and
    /// the interpreter with per-document aggregate queries measured faster anyway.
    pub fn interpreter_only(
        set: &PolicySet,
        enabled: &[usize],
        params: &serde_json::Value,
        rule_options: &serde_json::Value,
    ) -> Result<Evaluator, PolicyError> {
        Self::build(
            set,
            enabled,
            params,
            rule_options,
            EvalLimits::default(),
            true,
        )
    }

    /// [`Evaluator::interpreter_only`] with explicit limits (the admission webhook bounds each
    /// rule's time per object).
    pub fn interpreter_only_with_limits(
        set: &PolicySet,
        enabled: &[usize],
        params: &serde_json::Value,
        rule_options: &serde_json::Value,
        limits: EvalLimits,
    ) -> Result<Evaluator, PolicyError> {
        Self::build(set, enabled, params, rule_options, limits, true)
    }

    fn build(
        set: &PolicySet,
        enabled: &[usize],
        params: &serde_json::Value,
        rule_options: &serde_json::Value,
        limits: EvalLimits,
        force_interp: bool,
    ) -> Result<Evaluator, PolicyError> {
        let rules = set.rules();
        let mut engine = extensions::new_engine();
        engine.set_gather_prints(true);
        // Only the libraries and the enabled policies: regorus walks every module of the engine
        // on each `data` reference it has not resolved yet, so disabled policies (and the policies
        // of other input kinds) would slow every evaluation down.
        for m in needed_modules(set, enabled) {
            engine
                .add_policy(m.path.clone(), m.eval_text.clone())
                .map_err(|e| PolicyError::from_regorus(&m.path, &e))?;
        }
        let dispatch = Dispatch::new(rules, enabled);
        engine
            .add_policy("<comply dispatch>".into(), dispatch.module(rules))
            .map_err(|e| PolicyError::from_regorus("<comply dispatch>", &e))?;
        let base_data = vec![
            ("params", object_or_empty(params)),
            ("rule_options", object_or_empty(rule_options)),
        ];
        engine
            .add_data(data_doc(&base_data))
            .map_err(|e| PolicyError::at("<params>", None, format!("cannot add params: {e:#}")))?;
        engine.set_execution_timer_config(timer(limits));

        let mut enabled: Vec<usize> = enabled.to_vec();
        enabled.sort_unstable();
        enabled.dedup();
        let mut entries = Vec::with_capacity(enabled.len());
        for &i in &enabled {
            let rule = rules.get(i).ok_or_else(|| {
                PolicyError::at(
                    "<rules>",
                    None,
                    format!("rule index {i} out of range ({} rules)", rules.len()),
                )
            })?;
            entries.push(format!("data.{}.deny", rule.package));
        }
        let mut paths = vec![Path::Disabled; rules.len()];
        let mut rvm_errors = Vec::new();
        let mut program = None;
        if let Some(first) = entries.first() {
            let entry: regorus::Rc<str> = first.as_str().into();
            // Prepares the interpreter template (and reports analysis errors) once.
            engine.compile_with_entrypoint(&entry).map_err(|e| {
                let file = rules
                    .get(enabled[0])
                    .map_or("<policies>", |r| r.source.as_str());
                PolicyError::from_regorus(file, &e)
            })?;
            let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
            let split = if force_interp {
                rvm::RvmSplit {
                    program: None,
                    slots: vec![Err("interpreter forced".into()); refs.len()],
                }
            } else {
                match rvm_engine(set, &base_data, limits)
                    .and_then(|mut e| e.compile_with_entrypoint(&entry))
                {
                    Ok(rewritten) => rvm::compile(&rewritten, &refs),
                    Err(e) => rvm::RvmSplit {
                        program: None,
                        slots: vec![Err(format!("{e:#}")); refs.len()],
                    },
                }
            };
            for ((&i, entry), slot) in enabled.iter().zip(&entries).zip(split.slots) {
                paths[i] = match slot {
                    Ok(ix) => Path::Rvm(ix),
                    Err(msg) => {
                        rvm_errors.push((i, msg));
                        Path::Interp {
                            entry: entry.clone(),
                        }
                    }
                };
            }
            program = split.program;
        }
        let needs_interp = paths.iter().any(|p| matches!(p, Path::Interp { .. }));
        Ok(Evaluator {
            paths,
            base_data,
            rvm: program,
            template: needs_interp.then_some(engine),
            dispatch,
            limits,
            rvm_errors,
        })
    }

    /// Indices of the enabled rules evaluated by the interpreter because the RVM compiler
    /// rejected them (see [`Evaluator::rvm_errors`] for why).
    pub fn interpreted_rules(&self) -> Vec<usize> {
        self.paths
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, Path::Interp { .. }))
            .map(|(i, _)| i)
            .collect()
    }

    /// For each interpreted rule, the RVM compiler's message.
    pub fn rvm_errors(&self) -> &[(usize, String)] {
        &self.rvm_errors
    }

    /// Converts a scan unit's inventory once; pass it to every worker's
    /// [`Worker::set_inventory`].
    pub fn inventory(&self, inv: &serde_json::Value) -> Inventory {
        Inventory {
            value: findings::to_value(inv),
        }
    }

    /// A worker for one thread.
    pub fn worker(&self) -> Worker<'_> {
        let mut w = Worker {
            ev: self,
            vm: None,
            vm_data_error: None,
            interp: self.template.as_ref().map(InterpWorker::new),
            inventory: None,
            groups: HashMap::new(),
        };
        if let Some(p) = &self.rvm {
            let (vm, err) = p.vm(
                data_doc(&self.base_data),
                timer(self.limits),
                self.limits.max_instructions,
            );
            w.vm = Some(vm);
            w.vm_data_error = err;
        }
        w
    }
}

/// The modules an evaluator of `enabled` needs: those policies, and the libraries they (or the
/// libraries they read) reference, found from the `data` paths in their text. Only these: regorus
/// walks every module of the engine on each `data` reference it has not resolved yet, so unused
/// modules (disabled policies, other kinds' policies and libraries) slow every evaluation down.
fn needed_modules<'s>(set: &'s PolicySet, enabled: &[usize]) -> Vec<&'s crate::bundle::Module> {
    let wanted: std::collections::HashSet<&str> = enabled
        .iter()
        .filter_map(|i| set.rules().get(*i))
        .map(|r| r.package.as_str())
        .collect();
    let modules = set.modules();
    let mut keep: Vec<bool> = modules
        .iter()
        .map(|m| {
            m.policy_package
                .as_deref()
                .is_some_and(|p| wanted.contains(p))
        })
        .collect();
    // Libraries reachable from what is kept, to a fixed point.
    loop {
        let mut grew = false;
        for (i, lib) in modules.iter().enumerate() {
            if keep[i] || lib.policy_package.is_some() {
                continue;
            }
            let read = modules
                .iter()
                .zip(&keep)
                .any(|(m, k)| *k && crate::import_paths::may_read(&m.references, &lib.package));
            if read {
                keep[i] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    modules
        .iter()
        .zip(keep)
        .filter_map(|(m, k)| k.then_some(m))
        .collect()
}

/// The engine the RVM program is compiled from: the same modules with `:=` rewritten (see
/// [`crate::rvm_source`]).
fn rvm_engine(
    set: &PolicySet,
    base_data: &[(&'static str, Value)],
    limits: EvalLimits,
) -> anyhow::Result<Engine> {
    let mut engine = extensions::new_engine();
    for m in set.modules() {
        engine.add_policy(m.path.clone(), rvm_source::rewrite_colon_assign(&m.text))?;
    }
    engine.add_data(data_doc(base_data))?;
    engine.set_execution_timer_config(timer(limits));
    Ok(engine)
}

/// The package of the generated aggregate rules.
const DISPATCH_PACKAGE: &str = "comply.__dispatch";

/// The generated aggregate rules: one per distinct set of enabled rules that select the
/// documents of some (document kind, resource type), so a document evaluates only the rules
/// that apply to it.
#[derive(Debug, Clone, Default)]
struct Dispatch {
    /// Each group's entry point (`data.comply.__dispatch.g<n>`) and its rules, sorted.
    groups: Vec<(String, Vec<usize>)>,
}

impl Dispatch {
    fn new(rules: &[comply_model::RuleMeta], enabled: &[usize]) -> Self {
        let mut sets: Vec<Vec<usize>> = Vec::new();
        for kind in comply_model::DocKind::ALL {
            let mut types: Vec<Option<&str>> = vec![None];
            for &i in enabled {
                let Some(r) = rules.get(i) else { continue };
                for s in r.inputs.iter().filter(|s| s.kind == kind) {
                    types.extend(s.resources.iter().map(|t| Some(t.as_str())));
                }
            }
            for t in types {
                let mut set: Vec<usize> = enabled
                    .iter()
                    .copied()
                    .filter(|&i| rules.get(i).is_some_and(|r| r.selects(kind, t)))
                    .collect();
                set.sort_unstable();
                set.dedup();
                if set.len() >= 2 && !sets.contains(&set) {
                    sets.push(set);
                }
            }
        }
        let groups = sets
            .into_iter()
            .enumerate()
            .map(|(n, set)| (format!("data.{DISPATCH_PACKAGE}.g{n}"), set))
            .collect();
        Self { groups }
    }

    /// `{"<rule index>": data.<pkg>.deny, ...}` per group. Evaluating one computes the shared
    /// library rules once per document instead of once per rule: the interpreter's cache lives
    /// for one query.
    fn module(&self, rules: &[comply_model::RuleMeta]) -> String {
        let mut out = format!("package {DISPATCH_PACKAGE}\n");
        for (n, (_, set)) in self.groups.iter().enumerate() {
            let members: Vec<String> = set
                .iter()
                .filter_map(|&i| {
                    rules
                        .get(i)
                        .map(|r| format!("\"{i}\": data.{}.deny", r.package))
                })
                .collect();
            // One entry per line: regorus rejects lines longer than 1024 columns.
            out.push_str(&format!("\ng{n} := {{\n\t{},\n}}\n", members.join(",\n\t")));
        }
        out
    }

    /// The smallest group holding every rule of `wanted` (sorted), as an index into `groups`.
    fn group_for(&self, wanted: &[usize]) -> Option<usize> {
        self.groups
            .iter()
            .enumerate()
            .filter(|(_, (_, set))| wanted.iter().all(|r| set.binary_search(r).is_ok()))
            .min_by_key(|(_, (_, set))| set.len())
            .map(|(n, _)| n)
    }
}

fn object_or_empty(v: &serde_json::Value) -> Value {
    if v.is_object() {
        findings::to_value(v)
    } else {
        Value::new_object()
    }
}

fn timer(limits: EvalLimits) -> ExecutionTimerConfig {
    ExecutionTimerConfig {
        limit: limits.timeout,
        check_interval: NonZeroU32::new(256).unwrap_or(NonZeroU32::MIN),
    }
}

/// Per-thread evaluation state: a `RegoVM` and, when some rules need it, an interpreter engine.
pub struct Worker<'e> {
    ev: &'e Evaluator,
    vm: Option<RegoVM>,
    vm_data_error: Option<String>,
    interp: Option<InterpWorker<'e>>,
    inventory: Option<Value>,
    /// The dispatch group of each batch of interpreter rules seen so far.
    groups: HashMap<Vec<usize>, Option<usize>>,
}

impl std::fmt::Debug for Worker<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("has_inventory", &self.inventory.is_some())
            .finish_non_exhaustive()
    }
}

impl Worker<'_> {
    /// Evaluates the interpreter rules among `rules` in one query of the kind's aggregate rule.
    /// Returns the rules it handled; on any error it handles none, and the caller evaluates
    /// rule by rule so the error is attributed to the rule that raised it.
    fn evaluate_batch(
        &mut self,
        input: &Value,
        rules: &[usize],
        out: &mut EvalOutput,
    ) -> Vec<usize> {
        let interp: Vec<usize> = rules
            .iter()
            .copied()
            .filter(|r| matches!(self.ev.paths.get(*r), Some(Path::Interp { .. })))
            .collect();
        if interp.len() < 2 {
            return Vec::new();
        }
        let dispatch = &self.ev.dispatch;
        let group = *self.groups.entry(interp.clone()).or_insert_with(|| {
            let mut wanted = interp.clone();
            wanted.sort_unstable();
            dispatch.group_for(&wanted)
        });
        let Some((entry, _)) = group.and_then(|g| dispatch.groups.get(g)) else {
            return Vec::new();
        };
        let Some(i) = &mut self.interp else {
            return Vec::new();
        };
        let Ok(all) = i.eval(entry, input, self.inventory.as_ref()) else {
            return Vec::new();
        };
        let mut batch = EvalOutput::default();
        for &rule in &interp {
            let v = &all[&Value::from(rule.to_string())];
            if *v == Value::Undefined {
                return Vec::new();
            }
            findings::collect(rule, v, &mut batch);
        }
        out.findings.extend(batch.findings);
        out.errors.extend(batch.errors);
        interp
    }

    /// Sets `data.comply.inventory` for the following evaluations (`None` = absent). Cheap: the
    /// inventory is shared, not copied.
    pub fn set_inventory(&mut self, inv: Option<&Inventory>) {
        self.inventory = inv.map(|i| i.value.clone());
        if let Some(vm) = &mut self.vm {
            let mut entries = self.ev.base_data.clone();
            if let Some(v) = &self.inventory {
                entries.push(("inventory", v.clone()));
            }
            self.vm_data_error = vm.set_data(data_doc(&entries)).err().map(|e| e.to_string());
        }
        if let Some(i) = &mut self.interp {
            i.inventory_changed();
        }
    }

    /// Evaluates `data.<pkg>.deny` of each rule in `rules` (indices into
    /// [`PolicySet::rules`]) on `input`. Rules that are not enabled yield a [`RuleError`].
    pub fn evaluate(&mut self, input: &serde_json::Value, rules: &[usize]) -> EvalOutput {
        let input = findings::to_value(input);
        self.evaluate_value(&input, rules)
    }

    fn evaluate_value(&mut self, input: &Value, rules: &[usize]) -> EvalOutput {
        let mut out = EvalOutput::default();
        let mut vm_input_set = false;
        let batched = self.evaluate_batch(input, rules, &mut out);
        for &rule in rules {
            if batched.contains(&rule) {
                continue;
            }
            let result = match self.ev.paths.get(rule) {
                None | Some(Path::Disabled) => {
                    Err("rule is not enabled in this evaluator".to_string())
                }
                Some(Path::Rvm(ix)) => match (&mut self.vm, &self.vm_data_error) {
                    (_, Some(e)) => Err(format!("cannot set data: {e}")),
                    (Some(vm), None) => {
                        if !vm_input_set {
                            vm.set_input(input.clone());
                            vm_input_set = true;
                        }
                        vm.execute_entry_point_by_index(*ix)
                            .map_err(|e| e.to_string())
                    }
                    (None, None) => Err("no RVM program".to_string()),
                },
                Some(Path::Interp { entry }) => match &mut self.interp {
                    Some(i) => i.eval(entry, input, self.inventory.as_ref()),
                    None => Err("no interpreter".to_string()),
                },
            };
            match result {
                Ok(v) => findings::collect(rule, &v, &mut out),
                Err(message) => out.errors.push(RuleError { rule, message }),
            }
        }
        out
    }
}
