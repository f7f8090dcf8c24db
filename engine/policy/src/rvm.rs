//! The fast path: one RVM program with an entry point per rule (`data.<pkg>.deny`), and one
//! `RegoVM` per worker. Rules the RVM compiler rejects are reported so the evaluator can put
//! them on the interpreter path.

use std::sync::Arc;

use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::Program;
use regorus::rvm::RegoVM;
use regorus::utils::limits::ExecutionTimerConfig;
use regorus::{CompiledPolicy, Value};

/// A compiled program shared by all workers.
#[derive(Debug, Clone)]
pub(crate) struct RvmProgram {
    program: Arc<Program>,
    policy: CompiledPolicy,
}

/// The outcome of compiling a set of entry points.
pub(crate) struct RvmSplit {
    /// The program for the entry points that compiled (`None` when none did).
    pub(crate) program: Option<RvmProgram>,
    /// Per requested entry point: its index in the program, or the compiler's error.
    pub(crate) slots: Vec<Result<usize, String>>,
}

/// Compiles `entries` into one program. When the whole set fails, each entry is compiled alone
/// to find the culprits, and the program is rebuilt from the rest.
pub(crate) fn compile(policy: &CompiledPolicy, entries: &[&str]) -> RvmSplit {
    if entries.is_empty() {
        return RvmSplit {
            program: None,
            slots: Vec::new(),
        };
    }
    let mut failures: Vec<Option<String>> = vec![None; entries.len()];
    if Compiler::compile_from_policy(policy, entries).is_err() {
        for (i, e) in entries.iter().enumerate() {
            if let Err(err) = Compiler::compile_from_policy(policy, &[*e]) {
                failures[i] = Some(err.to_string());
            }
        }
    }
    loop {
        let ok: Vec<&str> = entries
            .iter()
            .zip(&failures)
            .filter(|(_, f)| f.is_none())
            .map(|(e, _)| *e)
            .collect();
        if ok.is_empty() {
            return RvmSplit {
                program: None,
                slots: failures
                    .into_iter()
                    .map(|f| Err(f.unwrap_or_default()))
                    .collect(),
            };
        }
        match Compiler::compile_from_policy(policy, &ok) {
            Ok(program) => {
                let names = program
                    .entry_points
                    .keys()
                    .cloned()
                    .collect::<Vec<String>>();
                let slots = entries
                    .iter()
                    .zip(failures)
                    .map(|(e, f)| match f {
                        Some(msg) => Err(msg),
                        None => names
                            .iter()
                            .position(|n| n == e)
                            .ok_or_else(|| format!("entry point {e} missing from the program")),
                    })
                    .collect();
                return RvmSplit {
                    program: Some(RvmProgram {
                        program,
                        policy: policy.clone(),
                    }),
                    slots,
                };
            }
            // Individually fine but not together: give up on the RVM for all of them.
            Err(err) => {
                for f in failures.iter_mut().filter(|f| f.is_none()) {
                    *f = Some(err.to_string());
                }
            }
        }
    }
}

impl RvmProgram {
    /// A VM for one worker, with `data` loaded.
    pub(crate) fn vm(
        &self,
        data: Value,
        timer: ExecutionTimerConfig,
        max_instructions: usize,
    ) -> (RegoVM, Option<String>) {
        let mut vm = RegoVM::new_with_policy(self.policy.clone());
        vm.load_program(self.program.clone());
        vm.set_execution_timer_config(Some(timer));
        vm.set_max_instructions(max_instructions);
        let err = vm.set_data(data).err().map(|e| e.to_string());
        (vm, err)
    }
}
