//! Where staff passwords are checked: a few threads of their own, one per
//! core, and a semaphore in front. A leaf.
//!
//! An argon2 check needs 19 MiB and tens of milliseconds of one core.
//! Run on tokio's blocking pool, each check could land on a new thread,
//! and each thread's allocator keeps its own 19 MiB after the check: a
//! flood of sign-ins grew the server to half a gigabyte on two cores.
//! Fixed threads keep that to one buffer per core. A check waits at most
//! `PASSWORD_CHECK_WAIT_MS` for a free thread; then the caller answers
//! 503 instead of queueing without end.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use letterbox_core::limits::PASSWORD_CHECK_WAIT_MS;
use tokio::sync::{oneshot, Semaphore};

type Job = Box<dyn FnOnce() + Send>;

pub struct PasswordChecks {
    permits: Arc<Semaphore>,
    jobs: Mutex<mpsc::Sender<Job>>,
}

/// No thread became free in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl PasswordChecks {
    /// `threads` checking threads (at least one). They end when this is
    /// dropped.
    pub fn new(threads: usize) -> Self {
        let threads = threads.max(1);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-check-{i}"))
                .spawn(move || loop {
                    let job = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    let Ok(job) = job else { return };
                    // A panicking check answers nothing (its caller sees a
                    // failed check); the thread goes on.
                    let _ = catch_unwind(AssertUnwindSafe(job));
                });
            if let Err(e) = spawned {
                tracing::error!("cannot start a password-check thread: {e}");
            }
        }
        Self {
            permits: Arc::new(Semaphore::new(threads)),
            jobs: Mutex::new(tx),
        }
    }

    /// Runs `check` on a checking thread; `Err(Busy)` when none frees
    /// within `PASSWORD_CHECK_WAIT_MS`. The thread stays taken until the
    /// check ends, even if the caller has gone.
    pub async fn run<F>(&self, check: F) -> Result<bool, Busy>
    where
        F: FnOnce() -> bool + Send + 'static,
    {
        let wait = Duration::from_millis(PASSWORD_CHECK_WAIT_MS);
        let permit = tokio::time::timeout(wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _thread = permit;
            let _ = tx.send(check());
        });
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(job)
            .map_err(|_| Busy)?;
        Ok(rx.await.unwrap_or(false))
    }

    /// The semaphore in front of the threads (tests fill it to see 503).
    pub fn permits(&self) -> &Arc<Semaphore> {
        &self.permits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn checks_run_on_the_threads_and_a_full_house_is_busy() {
        let checks = PasswordChecks::new(2);
        assert_eq!(checks.run(|| true).await, Ok(true));
        assert_eq!(checks.run(|| false).await, Ok(false));
        let name = checks
            .run(|| {
                std::thread::current()
                    .name()
                    .is_some_and(|n| n.starts_with("password-check-"))
            })
            .await;
        assert_eq!(name, Ok(true));
        assert_eq!(checks.run(|| panic!("a broken check")).await, Ok(false));
        assert_eq!(checks.run(|| true).await, Ok(true), "the thread went on");
        let held = checks
            .permits()
            .clone()
            .acquire_many_owned(2)
            .await
            .unwrap();
        assert_eq!(checks.run(|| true).await, Err(Busy));
        drop(held);
        assert_eq!(checks.run(|| true).await, Ok(true));
    }
}
