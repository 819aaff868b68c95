//! The work queue of a PostgreSQL store (issue 12): batches of raw articles that `marsad ingest
//! --queue` enqueued, claimed and applied by any number of `marsad worker` processes.
//!
//! # The life of a batch
//!
//! `pending` → `claimed` (by one worker, under a lease) → `done`, or back to `pending` when its
//! worker releases it, or `failed` (parked, with its error) after [`MAX_FAILURES`] failures or
//! [`MAX_CLAIMS`] claims that never finished. A parked batch keeps its documents and is shown by
//! [`Store::queue_status`] until [`Store::requeue_failed`] puts it back: never retried forever,
//! never dropped.
//!
//! - **Claim** ([`Store::claim`]): one statement takes the lowest pending batch, or the lowest
//!   claimed one whose lease ran out (its worker vanished), with `FOR UPDATE SKIP LOCKED`, so two
//!   workers never take the same batch and none waits for another's row lock. Each claim gets a
//!   fresh token.
//! - **Apply**: the worker codes the batch outside any transaction (the slow part, in parallel
//!   across workers), then opens a write [`Batch`] (which holds the store's write lock), checks
//!   that it is its turn ([`Batch::is_turn`]: no lower batch is pending or claimed), writes the
//!   articles, mentions and merged events, and marks the batch done with its token
//!   ([`Batch::finish_claim`]) — all in one transaction. A worker killed at any point leaves either
//!   the whole batch applied and done, or nothing and the batch claimed until its lease ends.
//! - **Order**: batches are applied in the order they were enqueued, as one sequential ingest
//!   would apply them, so exact- and near-duplicate decisions and the merge are those of a
//!   sequential run. Only the coding runs in parallel. A worker whose turn has not come waits
//!   (renewing its lease); when a lower batch can be claimed (its worker vanished), the waiting
//!   worker releases its own batch and takes the lower one ([`Turn::Yield`]), so the queue never
//!   deadlocks on a dead worker's batch. A parked batch is passed over: the one place where the
//!   result may differ from a sequential run (its articles are missing until it is requeued,
//!   and are then applied after later batches).

use std::time::Duration;

use crate::db::{vals, Row};
use crate::{Batch, Engine, ErrorKind, Result, Store, R};

/// Failures (errors recorded by a worker) after which a batch is parked.
pub const MAX_FAILURES: i64 = 3;
/// Claims after which a batch whose worker vanished again is parked rather than claimed again.
pub const MAX_CLAIMS: i64 = 10;

/// A batch a worker has claimed.
#[derive(Clone, Debug)]
pub struct Claim {
    /// The batch's number: batches apply in this order.
    pub seq: i64,
    /// This claim's token: the batch is still this worker's while the token matches.
    pub token: String,
    /// The documents, as the enqueuer serialised them (a JSON array).
    pub docs: String,
    /// How many times the batch has been claimed, this claim included.
    pub claims: i64,
    /// How many failures were recorded on it before.
    pub failures: i64,
}

/// Whether a claimed batch may be applied now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    /// Every lower batch is done (or parked): apply.
    Go,
    /// Lower batches are claimed by live workers: wait.
    Wait,
    /// A lower batch can be claimed (pending, or its lease ran out): release this one and claim.
    Yield,
    /// The claim was lost (the lease ran out and another worker took the batch).
    Lost,
}

/// What [`Store::release`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Released {
    /// Back to pending.
    Pending,
    /// Parked as failed.
    Parked,
    /// The claim had been lost already; nothing changed.
    Lost,
}

/// One batch as [`Store::queue_status`] lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QueueBatch {
    pub seq: i64,
    pub state: String,
    /// Documents in the batch.
    pub size: u64,
    pub worker: Option<String>,
    /// Seconds left on a claimed batch's lease (negative: ran out).
    pub lease_left: Option<f64>,
    pub claims: u64,
    pub failures: u64,
    pub error: Option<String>,
}

/// The queue at a glance.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct QueueStatus {
    /// Batches (and their documents) in each state.
    pub pending: (u64, u64),
    pub claimed: (u64, u64),
    pub done: (u64, u64),
    pub failed: (u64, u64),
    /// Every claimed and every failed batch, by number.
    pub open: Vec<QueueBatch>,
}

impl QueueStatus {
    /// Nothing left to do: no batch pending or claimed.
    pub fn is_empty(&self) -> bool {
        self.pending.0 == 0 && self.claimed.0 == 0
    }
}

impl Store {
    fn queue_only(&self) -> R<()> {
        match self.engine() {
            Engine::Postgres => Ok(()),
            Engine::Sqlite => Err(ErrorKind::Unsupported(
                "the work queue needs a PostgreSQL database (--db postgres://…); \
                 a SQLite database is written by `marsad ingest` directly",
            )),
        }
    }

    /// Enqueues one batch of `size` documents (`docs`, a JSON array); its number.
    pub fn enqueue(&mut self, docs: &str, size: usize) -> Result<i64> {
        self.wrap_ref(|s| {
            s.queue_only()?;
            s.conn
                .query_one(
                    "INSERT INTO queue(docs, size) VALUES (?1, ?2) RETURNING seq",
                    vals![docs, size as i64],
                )?
                .get(0)
        })
    }

    /// Claims the lowest batch that is pending or whose lease ran out, for `lease`; `None` when
    /// there is none. A batch claimed [`MAX_CLAIMS`] times whose lease ran out again is parked.
    pub fn claim(&mut self, worker: &str, lease: Duration) -> Result<Option<Claim>> {
        self.wrap_ref(|s| {
            s.queue_only()?;
            s.conn.execute(
                "UPDATE queue SET state = 'failed', token = NULL, lease_until = NULL, \
                 error = 'claimed ' || claims || ' times and never finished: its workers \
                 vanished (killed, out of memory?) while holding it' \
                 WHERE state = 'claimed' AND lease_until < now() AND claims >= ?1",
                vals![MAX_CLAIMS],
            )?;
            let token = new_token(worker);
            let row = s.conn.query_opt(
                "UPDATE queue SET state = 'claimed', worker = ?1, token = ?2, \
                 lease_until = now() + make_interval(secs => ?3), claims = claims + 1 \
                 WHERE seq = (SELECT seq FROM queue \
                              WHERE state IN ('pending', 'claimed') \
                              AND (state = 'pending' OR lease_until < now()) \
                              ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING seq, docs, claims, failures",
                vals![worker, &token, lease.as_secs_f64()],
            )?;
            row.map(|r| {
                Ok(Claim {
                    seq: r.get(0)?,
                    token: token.clone(),
                    docs: r.get(1)?,
                    claims: r.get(2)?,
                    failures: r.get(3)?,
                })
            })
            .transpose()
        })
    }

    /// Extends the claim's lease to `lease` from now; false when the claim was lost.
    pub fn renew(&self, claim: &Claim, lease: Duration) -> Result<bool> {
        self.wrap_ref(|s| {
            Ok(s.conn.execute(
                "UPDATE queue SET lease_until = now() + make_interval(secs => ?3) \
                 WHERE seq = ?1 AND token = ?2 AND state = 'claimed'",
                vals![claim.seq, &claim.token, lease.as_secs_f64()],
            )? == 1)
        })
    }

    /// Whether the claimed batch may be applied now (see [`Turn`]); a hint for waiting; the
    /// decision that counts is [`Batch::is_turn`], taken under the write lock.
    pub fn turn(&self, claim: &Claim) -> Result<Turn> {
        self.wrap_ref(|s| turn(s, claim))
    }

    /// Gives the batch back: to pending, or (with an `error`, counted as a failure) parked as
    /// failed once it has failed [`MAX_FAILURES`] times.
    pub fn release(&mut self, claim: &Claim, error: Option<&str>) -> Result<Released> {
        self.wrap_ref(|s| {
            let row = match error {
                None => s.conn.query_opt(
                    "UPDATE queue SET state = 'pending', worker = NULL, token = NULL, \
                     lease_until = NULL WHERE seq = ?1 AND token = ?2 AND state = 'claimed' \
                     RETURNING state",
                    vals![claim.seq, &claim.token],
                )?,
                Some(error) => s.conn.query_opt(
                    "UPDATE queue SET failures = failures + 1, error = ?3, token = NULL, \
                     lease_until = NULL, \
                     state = CASE WHEN failures + 1 >= ?4 THEN 'failed' ELSE 'pending' END \
                     WHERE seq = ?1 AND token = ?2 AND state = 'claimed' RETURNING state",
                    vals![claim.seq, &claim.token, error, MAX_FAILURES],
                )?,
            };
            Ok(match row {
                None => Released::Lost,
                Some(r) if r.get::<String>(0)? == "failed" => Released::Parked,
                Some(_) => Released::Pending,
            })
        })
    }

    /// Puts parked batches back in the queue (`seq`, or every one when `None`) with their
    /// failures cleared; how many.
    pub fn requeue_failed(&mut self, seq: Option<i64>) -> Result<u64> {
        self.wrap_ref(|s| {
            s.queue_only()?;
            s.conn.execute(
                "UPDATE queue SET state = 'pending', failures = 0, claims = 0, worker = NULL \
                 WHERE state = 'failed' AND (CAST(?1 AS BIGINT) IS NULL OR seq = ?1)",
                vals![seq],
            )
        })
    }

    /// Counts of batches and documents by state, with every claimed and failed batch.
    pub fn queue_status(&self) -> Result<QueueStatus> {
        self.wrap_ref(|s| {
            s.queue_only()?;
            let mut status = QueueStatus::default();
            for r in s.conn.query(
                "SELECT state, count(*), CAST(COALESCE(sum(size), 0) AS BIGINT) FROM queue \
                 GROUP BY state",
                &[],
            )? {
                let n = (r.get(1)?, r.get(2)?);
                match r.get::<String>(0)?.as_str() {
                    "pending" => status.pending = n,
                    "claimed" => status.claimed = n,
                    "done" => status.done = n,
                    _ => status.failed = n,
                }
            }
            status.open = s
                .conn
                .query(
                    "SELECT seq, state, size, worker, \
                     CAST(EXTRACT(EPOCH FROM lease_until - now()) AS DOUBLE PRECISION), \
                     claims, failures, error FROM queue \
                     WHERE state IN ('claimed', 'failed') ORDER BY seq",
                    &[],
                )?
                .iter()
                .map(queue_batch)
                .collect::<R<_>>()?;
            Ok(status)
        })
    }
}

impl Batch<'_> {
    /// Whether the claimed batch may be applied in this transaction: the claim still holds and
    /// no lower batch is pending or claimed. Asked under the write lock, so the answer holds until
    /// the commit.
    pub fn is_turn(&self, claim: &Claim) -> Result<Turn> {
        turn(self.store, claim).map_err(|k| self.store.err(k))
    }

    /// Marks the claimed batch done in this transaction (its documents are dropped from the
    /// queue: they are in `articles` now). False when the claim was lost: the caller must then
    /// drop the batch without committing.
    pub fn finish_claim(&mut self, claim: &Claim) -> Result<bool> {
        let n = self
            .store
            .conn
            .execute(
                "UPDATE queue SET state = 'done', docs = '', done_at = now(), \
                 lease_until = NULL, token = NULL, error = NULL \
                 WHERE seq = ?1 AND token = ?2 AND state = 'claimed'",
                vals![claim.seq, &claim.token],
            )
            .map_err(|k| self.store.err(k))?;
        Ok(n == 1)
    }

    /// The number (`seq`) of the last article stored, 0 when there is none.
    pub fn last_article_seq(&self) -> Result<i64> {
        let row = self
            .store
            .conn
            .query_one("SELECT COALESCE(max(seq), 0) FROM articles", &[])
            .map_err(|k| self.store.err(k))?;
        row.get(0).map_err(|k| self.store.err(k))
    }
}

fn turn(s: &Store, claim: &Claim) -> R<Turn> {
    s.queue_only()?;
    let mine = s.conn.query_opt(
        "SELECT 1 FROM queue WHERE seq = ?1 AND token = ?2 AND state = 'claimed'",
        vals![claim.seq, &claim.token],
    )?;
    if mine.is_none() {
        return Ok(Turn::Lost);
    }
    let r = s.conn.query_one(
        "SELECT count(*), count(*) FILTER (WHERE state = 'pending' OR lease_until < now()) \
         FROM queue WHERE state IN ('pending', 'claimed') AND seq < ?1",
        vals![claim.seq],
    )?;
    let (before, claimable): (i64, i64) = (r.get(0)?, r.get(1)?);
    Ok(match (before, claimable) {
        (0, _) => Turn::Go,
        (_, 0) => Turn::Wait,
        _ => Turn::Yield,
    })
}

fn queue_batch(r: &Row) -> R<QueueBatch> {
    Ok(QueueBatch {
        seq: r.get(0)?,
        state: r.get(1)?,
        size: r.get(2)?,
        worker: r.get(3)?,
        lease_left: r.get(4)?,
        claims: r.get(5)?,
        failures: r.get(6)?,
        error: r.get(7)?,
    })
}

/// A token no other claim has: the worker's name, the process, the time and a counter.
fn new_token(worker: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{worker}/{}/{nanos}/{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
