//! The evaluation pool: a fixed set of OS threads, each owning one evaluator made by
//! [`Policies::with_evaluator`] (regorus engines are not `Sync`, so each thread keeps its own and
//! no lock is taken per review). Requests hand jobs over a bounded channel and await a oneshot
//! reply, so a slow evaluation never stalls the network threads, `/healthz` stays responsive,
//! and the per-request time limit holds even while a rule runs.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use comply_model::Document;
use crossbeam_channel::{bounded, Sender, TrySendError};
use tokio::sync::oneshot;

use crate::{Evaluation, Policies, RuleFailure};

struct Job {
    doc: Document,
    deadline: Instant,
    reply: oneshot::Sender<Evaluated>,
}

/// An evaluation and the time the evaluator took (waiting in the queue excluded).
#[derive(Debug)]
pub(crate) struct Evaluated {
    pub(crate) eval: Evaluation,
    pub(crate) took: Duration,
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
                            let started = Instant::now();
                            let doc = job.doc;
                            let eval =
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    ev.evaluate(doc)
                                }))
                                .unwrap_or_else(|p| panicked(&p));
                            let took = started.elapsed();
                            let _ = job.reply.send(Evaluated { eval, took });
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
    ) -> Result<oneshot::Receiver<Evaluated>, SubmitError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Evaluate;
    use comply_model::DocKind;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    /// Set when a worker starts on a "slow" object.
    static SLOW_STARTED: AtomicBool = AtomicBool::new(false);
    use std::time::Duration;

    /// Panics on objects named "boom", sleeps on "slow", otherwise counts and returns nothing.
    struct Fake {
        made: AtomicUsize,
    }

    struct FakeWorker;

    impl Evaluate for FakeWorker {
        fn evaluate(&mut self, doc: Document) -> Evaluation {
            match doc.resource["metadata"]["name"].as_str() {
                Some("boom") => panic!("policy engine exploded"),
                Some("slow") => {
                    SLOW_STARTED.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(300));
                }
                _ => {}
            }
            Evaluation {
                evaluated: 1,
                ..Evaluation::default()
            }
        }
    }

    impl Policies for Fake {
        fn rule_ids(&self) -> Vec<String> {
            Vec::new()
        }
        fn with_evaluator(&self, run: &mut dyn FnMut(&mut dyn Evaluate)) {
            self.made.fetch_add(1, Ordering::SeqCst);
            run(&mut FakeWorker);
        }
    }

    fn doc(name: &str) -> Document {
        Document::new(
            DocKind::Kubernetes,
            "admission",
            0,
            serde_json::json!({"kind": "Pod", "metadata": {"name": name}}),
        )
    }

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(30)
    }

    #[test]
    fn one_evaluator_per_thread_and_panics_are_contained() {
        let fake = Arc::new(Fake {
            made: AtomicUsize::new(0),
        });
        let pool = Pool::start(fake.clone(), 2, 8).expect("pool");
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let boom = pool.submit(doc("boom"), far()).expect("queued");
            let e = boom.await.expect("answered").eval;
            assert_eq!(e.errors.len(), 1);
            assert!(e.errors[0].message.contains("policy engine exploded"));
            // The thread that panicked keeps serving.
            for _ in 0..4 {
                let ok = pool.submit(doc("fine"), far()).expect("queued");
                assert_eq!(ok.await.expect("answered").eval.evaluated, 1);
            }
        });
        pool.stop();
        assert_eq!(fake.made.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_full_queue_is_overload_and_expired_jobs_are_skipped() {
        let fake = Arc::new(Fake {
            made: AtomicUsize::new(0),
        });
        let pool = Pool::start(fake, 1, 1).expect("pool");
        // One job runs (slow), one waits in the queue, the next is refused.
        let running = pool.submit(doc("slow"), far()).expect("queued");
        let started = Instant::now();
        while !SLOW_STARTED.load(Ordering::SeqCst) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "worker never started"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let expired = pool.submit(doc("fine"), Instant::now()).expect("queued");
        assert_eq!(
            pool.submit(doc("fine"), far()).err(),
            Some(SubmitError::Overloaded)
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let slow = running.await.expect("answered");
            assert_eq!(slow.eval.evaluated, 1);
            assert!(slow.took >= Duration::from_millis(300), "{:?}", slow.took);
            // Past its deadline when a thread got to it: dropped without evaluation.
            assert!(expired.await.is_err());
        });
        pool.stop();
    }
}
