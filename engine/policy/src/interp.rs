//! The fallback path: a prepared regorus `Engine` (the interpreter), cloned per worker, with
//! `eval_rule("data.<pkg>.deny")` per rule. Used for rules the RVM cannot compile (extensions,
//! `with`, ...). Changing the inventory means a fresh clone plus `add_data`, which makes regorus
//! re-analyse the modules on the next evaluation (≈ 0.5 ms): done lazily, once per inventory.

use regorus::{Engine, Value};

/// One worker's interpreter state.
pub(crate) struct InterpWorker<'e> {
    /// The evaluator's prepared engine, cloned again when the inventory changes.
    template: &'e Engine,
    engine: Engine,
    /// The inventory `engine` was built with differs from the wanted one.
    stale: bool,
}

impl<'e> InterpWorker<'e> {
    pub(crate) fn new(template: &'e Engine) -> Self {
        Self {
            template,
            engine: template.clone(),
            stale: false,
        }
    }

    /// Marks the inventory as changed; applied on the next evaluation.
    pub(crate) fn inventory_changed(&mut self) {
        self.stale = true;
    }

    /// Evaluates `entry` on `input`; `inventory` is the worker's current inventory.
    pub(crate) fn eval(
        &mut self,
        entry: &str,
        input: &Value,
        inventory: Option<&Value>,
    ) -> Result<Value, String> {
        if self.stale {
            self.engine = self.template.clone();
            if let Some(inv) = inventory {
                self.engine
                    .add_data(crate::eval::data_doc(&[("inventory", inv.clone())]))
                    .map_err(|e| format!("{e:#}"))?;
            }
            self.stale = false;
        }
        self.engine.set_input(input.clone());
        self.engine
            .eval_rule(entry.to_string())
            .map_err(|e| format!("{e:#}"))
    }
}
