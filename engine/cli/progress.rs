//! Progress on stderr, only when stderr is a terminal (and not `--quiet` / `--no-progress`):
//! a single line rewritten in place, throttled so workers never wait on the terminal.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub(crate) struct Progress {
    enabled: bool,
    done: AtomicUsize,
    total: AtomicUsize,
    phase: Mutex<(&'static str, Instant)>,
}

impl Progress {
    pub(crate) fn new(wanted: bool) -> Self {
        Self {
            enabled: wanted && std::io::stderr().is_terminal(),
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            phase: Mutex::new(("", Instant::now())),
        }
    }

    /// Starts a phase of `total` steps.
    pub(crate) fn phase(&self, name: &'static str, total: usize) {
        if !self.enabled {
            return;
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        if let Ok(mut p) = self.phase.lock() {
            *p = (
                name,
                Instant::now()
                    .checked_sub(Duration::from_secs(1))
                    .unwrap_or_else(Instant::now),
            );
        }
        self.tick(0);
    }

    /// Records `n` finished steps and repaints at most ten times a second.
    pub(crate) fn tick(&self, n: usize) {
        if !self.enabled {
            return;
        }
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        let Ok(mut p) = self.phase.try_lock() else {
            return;
        };
        if p.1.elapsed() < Duration::from_millis(100) {
            return;
        }
        p.1 = Instant::now();
        let total = self.total.load(Ordering::Relaxed);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{} {done}/{total}", p.0);
        let _ = err.flush();
    }

    /// Clears the line.
    pub(crate) fn finish(&self) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
