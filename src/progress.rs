//! Long work's progress and its cancellation. The GEMM engines report finished rows or cycle
//! steps to a [`Progress`] and stop with [`Interrupted`] at the next one once it is cancelled:
//! that is how Python's Ctrl-C stops a long call (its bindings poll Python's signal handlers
//! while the work runs on another thread) and leaves the process healthy.

use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::ProgressBar;

/// The work was cancelled before it finished (Ctrl-C in Python).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// A progress bar (hidden or drawn on stderr) and a cancellation flag.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    cancelled: AtomicBool,
}

impl Progress {
    /// No bar; cancellable.
    pub fn hidden() -> Self {
        Progress::new(ProgressBar::hidden())
    }

    /// Reports to `bar`.
    pub fn new(bar: ProgressBar) -> Self {
        Progress { bar, cancelled: AtomicBool::new(false) }
    }

    /// The bar (to set its length, or finish it).
    pub fn bar(&self) -> &ProgressBar {
        &self.bar
    }

    /// Asks the work to stop at its next step.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// `Err(Interrupted)` once cancelled.
    pub fn check(&self) -> Result<(), Interrupted> {
        if self.cancelled.load(Ordering::Relaxed) {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }

    /// Advances the bar by `n` finished units, then [`Progress::check`]s.
    pub fn step(&self, n: u64) -> Result<(), Interrupted> {
        self.bar.inc(n);
        self.check()
    }
}
