//! Group commit on SQLite (issue 13: submissions at no less than half the
//! raw insert rate). SQLite has one writer, and `synchronous = FULL` makes
//! every commit wait for the disk; with one transaction per request the
//! disk's flush, and each statement's trip to sqlx's SQLite thread, are
//! paid once per petition, one petition after another. Here the requests
//! that queued while the writer was busy run in one transaction, each in a
//! savepoint of its own, and share one commit: a request that fails rolls
//! back its savepoint and only its own writes, and every request hears its
//! answer only after the commit that made it durable.
//!
//! On PostgreSQL, where transactions run side by side, a job is simply its
//! own transaction.
//!
//! A job must use only the connection it is given: the writer holds
//! SQLite's one write connection while it runs, so a job that asked the
//! write pool for another would wait for ever.
//!
//! On SQLite a job runs to its end even if the request that sent it has
//! gone (the client closed the connection): what it wrote is then kept,
//! which for the idempotent writes that use this is what a resend finds.
//! (On PostgreSQL the request's own transaction is rolled back then.) A
//! job must not begin a transaction of its own.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures_util::FutureExt;
use sqlx::{AnyConnection, AnyPool, Executor};
use tokio::sync::{mpsc, oneshot};

/// Requests that share one commit at most.
const MAX_BATCH: usize = 64;
/// Requests waiting for the writer at most; past this a request waits to
/// be queued (the server's concurrency limit comes first in practice).
const QUEUE: usize = 1024;

/// A job's body: its statements on the connection, in the caller's order.
pub type Body<'c, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>;

/// How a job answers its caller once the batch's end is known: `true` if
/// the batch committed.
type Deliver = Box<dyn FnOnce(bool) + Send>;
/// A job as the writer runs it: whether it succeeded (or its savepoint
/// must be rolled back), and its answer, held until the commit.
type Job = Box<
    dyn for<'c> FnOnce(
            &'c mut AnyConnection,
        ) -> Pin<Box<dyn Future<Output = (bool, Deliver)> + Send + 'c>>
        + Send,
>;

/// The queue to the SQLite writer.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
    /// Transactions committed so far (each one for one batch).
    commits: Arc<AtomicU64>,
}

impl Writer {
    /// Starts the writer over `pool` (SQLite's one-connection pool).
    pub fn start(pool: AnyPool) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let commits = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(pool, queue, commits.clone()));
        Self { jobs, commits }
    }

    /// Transactions committed so far: fewer than the jobs when they
    /// shared commits.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }
}

/// Runs `job` in a transaction: on SQLite through the group-committing
/// `writer`, elsewhere on a connection of `pool` of its own. `Err` from the
/// job rolls back what it wrote, and only that.
pub async fn transaction<T, E, F>(pool: &AnyPool, writer: Option<&Writer>, job: F) -> Result<T, E>
where
    T: Send + 'static,
    E: From<sqlx::Error> + Send + 'static,
    F: for<'c> FnOnce(&'c mut AnyConnection) -> Body<'c, T, E> + Send + 'static,
{
    let Some(writer) = writer else {
        let mut tx = pool.begin().await?;
        let value = job(&mut tx).await?;
        tx.commit().await?;
        return Ok(value);
    };
    let (answer, answered) = oneshot::channel::<Result<T, E>>();
    let queued: Job = Box::new(move |conn| {
        Box::pin(async move {
            let outcome = job(conn).await;
            let succeeded = outcome.is_ok();
            // Even a refusal waits for the commit: it may rest on rows an
            // earlier job of the batch wrote (a quota, an id taken), which
            // a failed commit takes back.
            let deliver: Deliver = Box::new(move |committed| {
                let _ = answer.send(if committed { outcome } else { Err(busy()) });
            });
            (succeeded, deliver)
        })
    });
    writer
        .jobs
        .send(queued)
        .await
        .map_err(|_| E::from(sqlx::Error::PoolClosed))?;
    // Dropped unanswered: the batch could not start, or the job panicked.
    answered.await.unwrap_or_else(|_| Err(busy()))
}

/// What a request whose batch failed hears: nothing of it was stored, and
/// sending it again is safe (`db::is_busy`: 503, try again). The cause is
/// in the log.
fn busy<E: From<sqlx::Error>>() -> E {
    E::from(sqlx::Error::PoolTimedOut)
}

/// How a batch ended.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    Committed,
    RolledBack,
    /// Even the rollback failed: the connection may still be inside the
    /// transaction, and is closed rather than given to the next batch.
    Unsure,
}

async fn run(pool: AnyPool, mut queue: mpsc::Receiver<Job>, commits: Arc<AtomicU64>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let jobs = std::mem::take(&mut batch);
        match pool.acquire().await {
            Ok(mut conn) => match commit_together(&mut conn, jobs).await {
                Ended::Committed => {
                    commits.fetch_add(1, Ordering::Relaxed);
                }
                Ended::RolledBack => {}
                Ended::Unsure => {
                    conn.close_on_drop();
                }
            },
            // Dropping the jobs answers each "busy".
            Err(e) => tracing::error!(error = %e, "the writer has no connection"),
        }
    }
}

/// One transaction for `jobs`, a savepoint each. The outer savepoint
/// `batch` proves at the end that the transaction begun here is still the
/// one open: if SQLite rolled it back under a job that then carried on,
/// the job's later statements ran in a transaction of their own, `batch`
/// is gone, and the whole batch is rolled back and answered "busy" rather
/// than reported stored.
async fn commit_together(conn: &mut AnyConnection, jobs: Vec<Job>) -> Ended {
    if let Err(e) = conn.execute("BEGIN IMMEDIATE").await {
        tracing::error!(error = %e, "the writer cannot begin");
        return Ended::RolledBack;
    }
    let mut broken = conn.execute("SAVEPOINT batch").await.err();
    let mut answers: Vec<Deliver> = Vec::with_capacity(jobs.len());
    for job in jobs {
        if broken.is_some() {
            // Dropped: its caller hears "busy".
            continue;
        }
        if let Err(e) = conn.execute("SAVEPOINT job").await {
            broken = Some(e);
            continue;
        }
        // A panic in one job must not stop the writer for every later one;
        // its caller hears "busy".
        match AssertUnwindSafe(job(&mut *conn)).catch_unwind().await {
            Ok((true, deliver)) => answers.push(deliver),
            Ok((false, deliver)) => {
                answers.push(deliver);
                broken = conn.execute("ROLLBACK TO job").await.err();
            }
            Err(_) => broken = conn.execute("ROLLBACK TO job").await.err(),
        }
    }
    if broken.is_none() {
        broken = conn.execute("RELEASE batch").await.err();
    }
    if broken.is_none() {
        broken = conn.execute("COMMIT").await.err();
    }
    let ended = match broken {
        None => Ended::Committed,
        Some(e) => {
            tracing::error!(error = %e, "a group commit failed; its requests may be sent again");
            match conn.execute("ROLLBACK").await {
                Ok(_) => Ended::RolledBack,
                Err(e) => {
                    tracing::error!(error = %e, "the rollback failed too; closing the connection");
                    Ended::Unsure
                }
            }
        }
    };
    for deliver in answers {
        deliver(ended == Ended::Committed);
    }
    ended
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    /// A job that writes `name`, then fails (on a real SQL error: the
    /// name again, a taken key), panics or succeeds.
    async fn job(db: &Db, name: String, end: End) -> Result<(), sqlx::Error> {
        db.transaction(move |conn| {
            Box::pin(async move {
                let insert = "INSERT INTO server_settings (name, value) VALUES ($1, 'x')";
                sqlx::query(insert).bind(&name).execute(&mut *conn).await?;
                match end {
                    End::Fail => {
                        sqlx::query(insert).bind(&name).execute(&mut *conn).await?;
                        Ok(())
                    }
                    End::Panic => panic!("a defect in one job"),
                    End::Succeed => Ok(()),
                }
            })
        })
        .await
    }

    /// Whether `name` is stored, as another connection sees it.
    async fn committed(db: &Db, name: &str) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM server_settings WHERE name = $1")
            .bind(name)
            .fetch_one(&db.read)
            .await
            .unwrap()
            == 1
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum End {
        Fail,
        Panic,
        Succeed,
    }

    fn end_of(i: usize) -> End {
        match i {
            7 => End::Panic,
            i if i % 3 == 0 => End::Fail,
            _ => End::Succeed,
        }
    }

    #[tokio::test]
    async fn jobs_sharing_a_commit_keep_their_writes_unless_they_fail_and_a_panic_stops_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let writer = db.writer.clone().unwrap();
        // Hold the one write connection while the jobs queue, so they run
        // as one batch once it is free. (`#[tokio::test]` runs every task on
        // this one thread, in the order they were woken: the jobs send
        // before the writer, woken by the first send, runs.)
        let held = db.write.acquire().await.unwrap();
        let started = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let jobs: Vec<_> = (0..=20)
            .map(|i| {
                let db = db.clone();
                let started = started.clone();
                tokio::spawn(async move {
                    started.fetch_add(1, Ordering::Relaxed);
                    let name = format!("k{i}");
                    let answer = job(&db, name.clone(), end_of(i)).await;
                    // Answered only once the commit is visible to others.
                    if answer.is_ok() {
                        assert!(
                            committed(&db, &name).await,
                            "{name} answered before its commit"
                        );
                    }
                    answer
                })
            })
            .collect();
        // Every job has been sent (a send to a queue with room does not
        // wait), and the writer has taken them all and waits for the
        // connection (the queue is empty again).
        let queued = async {
            while started.load(Ordering::Relaxed) < 21 || writer.jobs.capacity() < QUEUE {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(10), queued)
            .await
            .expect("the jobs reach the writer");
        let before = writer.commits();
        drop(held);
        let mut answers = Vec::new();
        for j in jobs {
            answers.push(j.await.unwrap().is_ok());
        }
        assert_eq!(writer.commits(), before + 1, "one commit for 21 jobs");
        let expected: Vec<bool> = (0..=20).map(|i| end_of(i) == End::Succeed).collect();
        assert_eq!(answers, expected);
        let mut stored: Vec<String> =
            sqlx::query_scalar("SELECT name FROM server_settings WHERE name LIKE 'k%'")
                .fetch_all(&db.read)
                .await
                .unwrap();
        stored.sort();
        let mut kept: Vec<String> = (0..=20)
            .filter(|&i| end_of(i) == End::Succeed)
            .map(|i| format!("k{i}"))
            .collect();
        kept.sort();
        assert_eq!(stored, kept);
        // The writer still runs after the panic.
        job(&db, "after".into(), End::Succeed).await.unwrap();
    }
}
