//! The evaluation pool: a fixed set of OS threads, each owning one evaluator made by
//! [`Policies::with_evaluator`] (regorus engines are not `Sync`, so each thread keeps its own and
//! no lock is taken per review). Requests hand jobs over a bounded channel and await a oneshot
//! reply, so a slow evaluation never stalls the network threads, `/healthz` stays responsive,
//! and the per-request time limit holds even while a rule runs.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

use comply_model::Document;
use crossbeam_channel::{bounded, Sender, TrySendError};
use tokio::sync::oneshot;

use crate::{Evaluation, Policies, RuleFailure};

struct Job {
    doc: Document,
    deadline: Instant,
    reply: oneshot::Sender<Evaluation>,
}

/// Why a job was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubmitError {
    /// Every thread is busy and the queue is full.
    Overloaded,
    /// The pool is shutting down.
    Closed,
}

pub(crate) struct Pool {
    tx: Option<Sender<Job>>,
    threads: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `threads` workers with room for `queue` waiting jobs.
    pub(crate) fn start(
        policies: Arc<dyn Policies>,
        threads: usize,
        queue: usize,
    ) -> std::io::Result<Self> {
        let (tx, rx) = bounded::<Job>(queue.max(1));
        let mut handles = Vec::with_capacity(threads);
        for n in 0..threads.max(1) {
            let rx = rx.clone();
            let policies = Arc::clone(&policies);
            let h = std::thread::Builder::new()
                .name(format!("comply-eval-{n}"))
                .spawn(move || {
                    policies.with_evaluator(&mut |ev| {
                        while let Ok(job) = rx.recv() {
                            // The client gave up (timeout) or the deadline passed: skip the work.
                            if job.reply.is_closed() || Instant::now() >= job.deadline {
                                continue;
                            }
                            let out =
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    ev.evaluate(&job.doc)
                                }))
                                .unwrap_or_else(|p| panicked(&p));
                            let _ = job.reply.send(out);
                        }
                    });
                })?;
            handles.push(h);
        }
        Ok(Self {
            tx: Some(tx),
            threads: handles,
        })
    }

    /// Queues `doc`; the receiver yields its evaluation.
    pub(crate) fn submit(
        &self,
        doc: Document,
        deadline: Instant,
    ) -> Result<oneshot::Receiver<Evaluation>, SubmitError> {
        let (reply, rx) = oneshot::channel();
        let tx = self.tx.as_ref().ok_or(SubmitError::Closed)?;
        match tx.try_send(Job {
            doc,
            deadline,
            reply,
        }) {
            Ok(()) => Ok(rx),
            Err(TrySendError::Full(_)) => Err(SubmitError::Overloaded),
            Err(TrySendError::Disconnected(_)) => Err(SubmitError::Closed),
        }
    }

    /// Lets queued jobs finish, then joins the threads.
    pub(crate) fn stop(mut self) {
        self.tx = None;
        for h in self.threads.drain(..) {
            let _ = h.join();
        }
    }
}

/// An evaluation that panicked: reported as a failure of the whole evaluation (rule id "").
fn panicked(payload: &Box<dyn std::any::Any + Send>) -> Evaluation {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    Evaluation {
        errors: vec![RuleFailure {
            rule_id: String::new(),
            message: format!("internal error: {what}"),
        }],
        ..Evaluation::default()
    }
}
