//! Ingest through the work queue of a PostgreSQL store (issue 12): [`enqueue`] reads the inputs
//! into batches of raw documents, and any number of [`Worker`]s, on any machines, code them and
//! apply them. The queue's rules (claims, leases, turns, parking) are in `marsad_store::queue`;
//! this module is what a worker does with a batch.
//!
//! A worker codes its batch in parallel with the other workers, then applies it in queue order,
//! in one transaction with the batch's `done` mark: the decisions a sequential ingest takes
//! (already present, near-duplicate copy, merge into an event) are taken then, against the store
//! as every earlier batch left it, so the result is that of one `marsad ingest` over the same
//! input in the same order. To code only what needs it, a document already stored when the
//! batch is claimed is not coded (it stays stored); a document that turns out to be a copy when
//! the batch is applied is stored without its events, as the sequential pipeline does.
//!
//! The worker keeps the near-duplicate index of every stored cluster head in memory and brings it
//! up to date inside each apply transaction from the heads stored since it last looked, so its
//! cost per batch does not grow with the store.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use marsad_coder::{Coder, EventRecord};
use marsad_store::{Claim, Released, Store, Turn};
use marsad_text::lang::Lang;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::input::{InputDoc, InputError};
use crate::neardup::NearDupIndex;
use crate::pipeline::{
    article_of, code_head, now_rfc3339, IngestSummary, PipelineError, Prepared, Progress,
};

/// One document as it travels through the queue (an [`InputDoc`] as JSON).
#[derive(Serialize, Deserialize)]
struct QueuedDoc {
    id: String,
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    origin: String,
}

impl From<&InputDoc> for QueuedDoc {
    fn from(d: &InputDoc) -> Self {
        QueuedDoc {
            id: d.id.clone(),
            text: d.text.clone(),
            date: d.date,
            published_at: d.published_at,
            lang: d.lang.map(|l| l.as_str().to_string()),
            title: d.title.clone(),
            url: d.url.clone(),
            source: d.source.clone(),
            origin: d.origin.clone(),
        }
    }
}

impl QueuedDoc {
    fn into_input(self) -> Result<InputDoc, String> {
        let lang = match self.lang {
            None => None,
            Some(l) => Some(
                l.parse::<Lang>()
                    .map_err(|_| format!("document {}: unknown language {l:?}", self.id))?,
            ),
        };
        Ok(InputDoc {
            id: self.id,
            text: self.text,
            date: self.date,
            published_at: self.published_at,
            lang,
            title: self.title,
            url: self.url,
            source: self.source,
            origin: self.origin,
        })
    }
}

/// What [`enqueue`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnqueueSummary {
    pub read: usize,
    pub batches: usize,
    /// The numbers of the first and last batch enqueued.
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub skipped: usize,
    pub skipped_by_reason: BTreeMap<&'static str, usize>,
}

impl std::fmt::Display for EnqueueSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "queued {} document{} in {} batch{}",
            self.read,
            if self.read == 1 { "" } else { "s" },
            self.batches,
            if self.batches == 1 { "" } else { "es" }
        )?;
        if let (Some(a), Some(b)) = (self.first, self.last) {
            write!(f, " (numbers {a} to {b})")?;
        }
        write!(f, "; skipped {}", self.skipped)?;
        if self.skipped > 0 {
            let reasons: Vec<String> = self
                .skipped_by_reason
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            write!(f, " ({})", reasons.join(", "))?;
        }
        write!(f, "; `marsad worker` codes and stores them")
    }
}

/// Reads `inputs` into queue batches of at most `batch` documents and `batch_bytes` of text, in
/// input order. A bad input is reported through `progress`, counted and skipped (`strict`: the
/// enqueue stops there, after enqueuing what was read before it).
pub fn enqueue<I>(
    store: &mut Store,
    inputs: I,
    batch: usize,
    batch_bytes: usize,
    strict: bool,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<EnqueueSummary, PipelineError>
where
    I: IntoIterator<Item = Result<InputDoc, InputError>>,
{
    let mut summary = EnqueueSummary::default();
    let mut docs: Vec<QueuedDoc> = Vec::new();
    let mut bytes = 0;
    let mut flush = |docs: &mut Vec<QueuedDoc>,
                     bytes: &mut usize,
                     summary: &mut EnqueueSummary|
     -> Result<(), PipelineError> {
        if docs.is_empty() {
            return Ok(());
        }
        let json = serde_json::to_string(&docs).expect("documents serialise");
        let seq = store.enqueue(&json, docs.len())?;
        summary.batches += 1;
        summary.first.get_or_insert(seq);
        summary.last = Some(seq);
        docs.clear();
        *bytes = 0;
        Ok(())
    };
    for input in inputs {
        match input {
            Ok(doc) => {
                summary.read += 1;
                bytes += doc.text.len();
                docs.push(QueuedDoc::from(&doc));
                if docs.len() >= batch.max(1) || bytes >= batch_bytes {
                    flush(&mut docs, &mut bytes, &mut summary)?;
                }
            }
            Err(err) if err.is_fatal() || strict => {
                flush(&mut docs, &mut bytes, &mut summary)?;
                return Err(PipelineError::Input(err));
            }
            Err(err) => {
                summary.skipped += 1;
                *summary
                    .skipped_by_reason
                    .entry(err.kind.label())
                    .or_default() += 1;
                progress(Progress::Skipped(&err));
            }
        }
    }
    flush(&mut docs, &mut bytes, &mut summary)?;
    Ok(summary)
}

/// A claimed batch, coded, waiting for its turn.
struct InHand {
    claim: Claim,
    docs: Vec<InputDoc>,
    prepared: Vec<Prepared>,
    /// Each document's events; `None` when it was already stored at claim time (not coded).
    coded: Vec<Option<Vec<EventRecord>>>,
}

/// What one [`Worker::step`] did.
#[derive(Debug)]
pub enum Step {
    /// A batch was applied: its number and what it added.
    Applied { seq: i64, summary: IngestSummary },
    /// No batch could be claimed.
    Idle,
    /// The batch's turn had not come and a lower batch could be claimed: it was given back.
    Yielded { seq: i64 },
    /// The batch's lease ran out and another worker took it; nothing was applied.
    Lost { seq: i64 },
    /// The batch failed with `error` and was given back, or parked.
    Failed {
        seq: i64,
        error: String,
        parked: bool,
    },
    /// Asked to stop while waiting: the batch was given back.
    Stopped { seq: i64 },
}

/// A worker's state across batches.
pub struct Worker<'c> {
    coder: &'c Coder<'c>,
    name: String,
    lease: Duration,
    near_duplicates: bool,
    /// The near-duplicate index of every cluster head stored up to article `seen`.
    index: NearDupIndex,
    seen: i64,
    in_hand: Option<InHand>,
    /// How long to sleep between two looks at the queue while waiting for a turn.
    pub poll: Duration,
}

impl<'c> Worker<'c> {
    pub fn new(coder: &'c Coder<'c>, name: &str, lease: Duration, near_duplicates: bool) -> Self {
        Worker {
            coder,
            name: name.to_string(),
            lease,
            near_duplicates,
            index: NearDupIndex::new(),
            seen: 0,
            in_hand: None,
            poll: Duration::from_millis(50),
        }
    }

    /// The batch this worker holds, if any (kept across a lost connection).
    pub fn holding(&self) -> Option<i64> {
        self.in_hand.as_ref().map(|h| h.claim.seq)
    }

    /// Forgets the near-duplicate index: it is rebuilt from the store at the next apply. Called
    /// when a transaction that had already added to it was rolled back.
    fn reset_index(&mut self) {
        self.index = NearDupIndex::new();
        self.seen = 0;
    }

    /// Claims a batch (or resumes the one in hand after a lost connection), codes it, waits for
    /// its turn and applies it. A store error is returned as it is, with the batch kept in hand
    /// when it may still be this worker's: the caller reconnects and calls `step` again.
    /// `stop` asks the worker to give its batch back rather than wait (a batch being coded is
    /// finished first).
    pub fn step(
        &mut self,
        store: &mut Store,
        stop: &AtomicBool,
    ) -> Result<Step, marsad_store::Error> {
        if self.in_hand.is_none() {
            if stop.load(Ordering::Relaxed) {
                return Ok(Step::Idle);
            }
            let Some(claim) = store.claim(&self.name, self.lease)? else {
                return Ok(Step::Idle);
            };
            match self.code(store, claim.clone()) {
                Ok(hand) => self.in_hand = Some(hand),
                Err(error) => return self.fail(store, &claim, error),
            }
        }
        loop {
            let claim = self
                .in_hand
                .as_ref()
                .expect("a batch in hand")
                .claim
                .clone();
            match store.turn(&claim)? {
                Turn::Go => {}
                Turn::Wait if !stop.load(Ordering::Relaxed) => {
                    if !store.renew(&claim, self.lease)? {
                        self.in_hand = None;
                        return Ok(Step::Lost { seq: claim.seq });
                    }
                    std::thread::sleep(self.poll);
                    continue;
                }
                Turn::Wait => {
                    self.in_hand = None;
                    store.release(&claim, None)?;
                    return Ok(Step::Stopped { seq: claim.seq });
                }
                Turn::Yield => {
                    self.in_hand = None;
                    store.release(&claim, None)?;
                    return Ok(Step::Yielded { seq: claim.seq });
                }
                Turn::Lost => {
                    self.in_hand = None;
                    return Ok(Step::Lost { seq: claim.seq });
                }
            }
            match self.apply(store) {
                Ok(Some(step)) => return Ok(step),
                // The turn was taken back under the lock (a lower batch was released): wait again.
                Ok(None) => continue,
                Err(e) => {
                    self.reset_index();
                    if e.is_connection_lost() {
                        return Err(e);
                    }
                    let hand = self.in_hand.take().expect("a batch in hand");
                    return self.fail(store, &hand.claim, e.to_string());
                }
            }
        }
    }

    /// Reads and codes a claimed batch, in parallel; an error names what could not be read.
    fn code(&self, store: &Store, claim: Claim) -> Result<InHand, String> {
        let queued: Vec<QueuedDoc> = serde_json::from_str(&claim.docs)
            .map_err(|e| format!("batch {}: the queued documents do not read: {e}", claim.seq))?;
        let docs = queued
            .into_iter()
            .map(QueuedDoc::into_input)
            .collect::<Result<Vec<_>, _>>()?;
        let prepared: Vec<Prepared> = docs
            .par_iter()
            .map(|d| Prepared::of(d, self.near_duplicates))
            .collect();
        let mut stored = Vec::with_capacity(docs.len());
        for (doc, p) in docs.iter().zip(&prepared) {
            let present = store
                .has_article(&doc.id)
                .map_err(|e| e.to_string())?
                .is_some()
                || store
                    .has_article(&p.hash)
                    .map_err(|e| e.to_string())?
                    .is_some();
            stored.push(present);
        }
        let coder = self.coder;
        let coded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            docs.par_iter()
                .zip(&prepared)
                .zip(&stored)
                .map(|((doc, p), &present)| (!present).then(|| code_head(coder, doc, p.lang)))
                .collect::<Vec<_>>()
        }))
        .map_err(|panic| {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".into());
            format!("batch {}: the coder failed: {what}", claim.seq)
        })?;
        Ok(InHand {
            claim,
            docs,
            prepared,
            coded,
        })
    }

    /// Applies the batch in hand in one transaction with its `done` mark; `None` when, under the
    /// write lock, its turn turned out not to have come.
    fn apply(&mut self, store: &mut Store) -> Result<Option<Step>, marsad_store::Error> {
        let hand = self.in_hand.as_ref().expect("a batch in hand");
        let claim = hand.claim.clone();
        let mut tx = store.batch()?;
        match tx.is_turn(&claim)? {
            Turn::Go => {}
            Turn::Wait | Turn::Yield => return Ok(None),
            Turn::Lost => {
                drop(tx);
                self.in_hand = None;
                return Ok(Some(Step::Lost { seq: claim.seq }));
            }
        }
        if self.near_duplicates {
            for (_, id, fp) in tx.head_fingerprints_after(self.seen)? {
                self.index.add_head(&id, fp);
            }
        }
        let fetched = now_rfc3339();
        let mut summary = IngestSummary::default();
        for ((doc, p), coded) in hand.docs.iter().zip(&hand.prepared).zip(&hand.coded) {
            summary.read += 1;
            *summary.by_lang.entry(p.lang.as_str()).or_default() += 1;
            if tx.has_article(&doc.id, &p.hash)?.is_some() {
                summary.already_present += 1;
                continue;
            }
            let copy_of = p.fingerprint.and_then(|fp| self.index.insert(&doc.id, fp));
            let records: &[EventRecord] = match (&copy_of, coded) {
                (Some(_), _) => &[],
                (None, Some(records)) => records,
                // Stored when claimed, so stored now: `has_article` answered above.
                (None, None) => &[],
            };
            let article = article_of(doc, p, copy_of, &fetched);
            let outcome = tx.add(&article, &doc.text, records, p.fingerprint)?;
            summary.count_added(&outcome, article.duplicate_of.is_some());
        }
        let seen = tx.last_article_seq()?;
        if !tx.finish_claim(&claim)? {
            drop(tx);
            self.reset_index();
            self.in_hand = None;
            return Ok(Some(Step::Lost { seq: claim.seq }));
        }
        tx.commit()?;
        self.seen = seen;
        self.in_hand = None;
        Ok(Some(Step::Applied {
            seq: claim.seq,
            summary,
        }))
    }

    /// Records a failure on the batch (parked at the third).
    fn fail(
        &mut self,
        store: &mut Store,
        claim: &Claim,
        error: String,
    ) -> Result<Step, marsad_store::Error> {
        let released = store.release(claim, Some(&error))?;
        Ok(Step::Failed {
            seq: claim.seq,
            error,
            parked: released == Released::Parked,
        })
    }
}

/// Runs a worker until `stop` is set, or (with `until_empty`) until no batch is pending or
/// claimed; reconnects with back-off when the connection is lost. `log` gets one line per event
/// worth telling (a batch applied, a failure, a reconnection).
pub fn run_worker(
    db: &std::path::Path,
    worker: &mut Worker<'_>,
    until_empty: bool,
    stop: &AtomicBool,
    mut log: impl FnMut(&str),
) -> Result<IngestSummary, marsad_store::Error> {
    let started = Instant::now();
    let mut total = IngestSummary::default();
    let mut batches = 0usize;
    let mut store: Option<Store> = None;
    let mut backoff = Duration::from_millis(250);
    let mut idle_logged = false;
    loop {
        if stop.load(Ordering::Relaxed) && worker.holding().is_none() {
            return Ok(total);
        }
        let s = match store.as_mut() {
            Some(s) => s,
            None => match Store::open(db) {
                Ok(s) => {
                    if backoff > Duration::from_millis(250) {
                        log("connected again");
                    }
                    backoff = Duration::from_millis(250);
                    store.insert(s)
                }
                Err(e) if e.is_connection_lost() => {
                    log(&format!(
                        "cannot reach the database ({e}); trying again in {:.1} s",
                        backoff.as_secs_f64()
                    ));
                    sleep_unless(stop, backoff, worker.holding().is_some());
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                    continue;
                }
                Err(e) => return Err(e),
            },
        };
        match worker.step(s, stop) {
            Ok(Step::Applied { seq, summary }) => {
                batches += 1;
                idle_logged = false;
                add_up(&mut total, &summary);
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                log(&format!(
                    "batch {seq} applied: {}; in all {} batches, {} documents, {:.1} documents/s",
                    summary,
                    batches,
                    total.read,
                    total.read as f64 / secs
                ));
            }
            Ok(Step::Idle) => {
                if stop.load(Ordering::Relaxed) {
                    return Ok(total);
                }
                if until_empty && s.queue_status()?.is_empty() {
                    return Ok(total);
                }
                if !idle_logged {
                    log("nothing to claim; waiting");
                    idle_logged = true;
                }
                sleep_unless(stop, Duration::from_millis(200), false);
            }
            Ok(Step::Yielded { seq }) => {
                log(&format!(
                    "batch {seq} given back: a lower batch's worker vanished, taking that one first"
                ));
            }
            Ok(Step::Lost { seq }) => {
                log(&format!(
                    "batch {seq} lost: its lease ran out and another worker took it"
                ));
            }
            Ok(Step::Failed { seq, error, parked }) => {
                log(&format!(
                    "batch {seq} failed{}: {error}",
                    if parked {
                        " for the last time and is parked (see `marsad queue status`)"
                    } else {
                        ""
                    }
                ));
            }
            Ok(Step::Stopped { seq }) => {
                log(&format!("batch {seq} given back: stopping"));
                return Ok(total);
            }
            Err(e) if e.is_connection_lost() => {
                log(&format!(
                    "lost the database connection ({e}); reconnecting in {:.1} s{}",
                    backoff.as_secs_f64(),
                    worker
                        .holding()
                        .map(|seq| format!(", batch {seq} kept in hand"))
                        .unwrap_or_default()
                ));
                store = None;
                sleep_unless(stop, backoff, worker.holding().is_some());
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Sleeps `d`, waking early when `stop` is set (unless the worker still holds a batch to finish).
fn sleep_unless(stop: &AtomicBool, d: Duration, holding: bool) {
    let end = Instant::now() + d;
    while Instant::now() < end {
        if stop.load(Ordering::Relaxed) && !holding {
            return;
        }
        std::thread::sleep(Duration::from_millis(20).min(end - Instant::now()));
    }
}

fn add_up(total: &mut IngestSummary, s: &IngestSummary) {
    total.read += s.read;
    for (k, n) in &s.by_lang {
        *total.by_lang.entry(k).or_default() += n;
    }
    total.stored += s.stored;
    total.already_present += s.already_present;
    total.near_duplicates += s.near_duplicates;
    total.mentions += s.mentions;
    total.new_events += s.new_events;
    total.merged += s.merged;
}
