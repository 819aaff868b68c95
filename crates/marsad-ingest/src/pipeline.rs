//! The ingest pipeline: documents in, coded and merged events in the store out.
//!
//! [`ingest`] drives each document through read → language → exact-duplicate check → near-duplicate
//! check → coder → store, in batches:
//!
//! 1. up to [`PipelineOptions::batch`] documents, and no more text than
//!    [`PipelineOptions::batch_bytes`], are read from the input iterator (a bad input is reported
//!    through the callback, counted and skipped; `strict` stops at it);
//! 2. in parallel, each gets its language (given or detected), content hash and SimHash fingerprint;
//! 3. in input order, each is checked against the store and the input before it (same id or same
//!    content hash: *already present*, nothing is done; counted as *already in the database* or
//!    *repeated in this input*, so that a first run does not claim to have seen articles before)
//!    and against the near-duplicate index (a copy is stored as
//!    an article with `duplicate_of`, raises its head's count, and is not coded, so that wire copies
//!    do not inflate the counts of the events they report);
//! 4. the new heads are coded in parallel (rayon) with negated events kept (`all: true`: the store
//!    keeps them and queries leave them out unless asked);
//! 5. the batch is written in one transaction, in input order, while the next batch is coded.
//!
//! A batch is atomic, and so is every article in it: killed at any point, the store holds whole
//! batches only, and a second run over the same input skips what is stored and adds the rest,
//! ending with exactly the articles, events and mentions of one uninterrupted run.
//! That holds because every decision is a function of the input order and of what is stored:
//! the near-duplicate index is rebuilt from the stored fingerprints of cluster heads, in the order
//! they were stored.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SecondsFormat};
use marsad_coder::{CodedDocument, Coder, DocumentInput, EventRecord, Options};
use marsad_store::{content_hash, AddOutcome, Article, Store};
use marsad_text::lang::{self, Lang};
use rayon::prelude::*;

use crate::input::{InputDoc, InputError};
use crate::neardup::{self, NearDupIndex};

/// Texts with fewer words than this are not clustered: their fingerprints mean little
/// (see [`neardup`]).
const MIN_WORDS_FOR_NEARDUP: usize = 20;

/// How [`ingest`] runs.
#[derive(Clone, Debug)]
pub struct PipelineOptions {
    /// Stop at the first bad input (after storing the documents read before it).
    pub strict: bool,
    /// Documents per batch (and per transaction).
    pub batch: usize,
    /// Bytes of text per batch: a batch closes early when its documents hold this much, so that
    /// memory does not grow with the size of the documents (2048 documents of 10 MB would hold
    /// 20 GB). Batches do not change what is decided, only how much is held at once.
    pub batch_bytes: usize,
    /// Cluster near-duplicate articles.
    pub near_duplicates: bool,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            strict: false,
            // Larger batches write hot index pages fewer times: on the generated corpus of
            // scripts/measure-ingest-speed.sh, 2048 took 10% less CPU than 512, for ~40 MB more memory.
            batch: 2048,
            // Two batches are held at once (one coded, one written); 2048 news articles are
            // about 10 MB, so this bound only bites on unusually long documents.
            batch_bytes: 64 * 1024 * 1024,
            near_duplicates: true,
        }
    }
}

/// What happened during an ingest; printed at the end of `marsad ingest` and `marsad run`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Documents read, and how many of each language.
    pub read: usize,
    pub by_lang: BTreeMap<&'static str, usize>,
    /// Articles newly stored (heads and copies).
    pub stored: usize,
    /// Documents not stored because they were already present, by id or content hash: in the
    /// store, or earlier in the same input ([`IngestSummary::repeated_in_input`] of them).
    pub already_present: usize,
    /// The part of `already_present` that repeats a document read earlier in this input rather
    /// than one already in the database.
    pub repeated_in_input: usize,
    /// Documents stored as near-duplicate copies of an earlier article.
    pub near_duplicates: usize,
    /// Inputs that could not be read, and why.
    pub skipped: usize,
    pub skipped_by_reason: BTreeMap<&'static str, usize>,
    /// Event records stored as mentions, events they created, and mentions merged into existing ones.
    pub mentions: usize,
    pub new_events: usize,
    pub merged: usize,
}

/// What the pipeline tells its caller as it goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// An input was skipped (not under `strict`); the caller reports it.
    Skipped(&'a InputError),
    /// A batch was committed; the summary so far.
    Committed(&'a IngestSummary),
}

/// Why an ingest stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// A path cannot be opened, or a bad input under `strict`.
    #[error("{0}")]
    Input(#[source] InputError),
    /// The store failed (disk full, database locked, …).
    #[error(transparent)]
    Store(#[from] marsad_store::Error),
}

/// Ingests `inputs` into `store`, coding with `coder`; see the module docs.
/// Everything read before a fatal error is stored before the error is returned.
///
/// Batches overlap: while batch `n` is written to the store (one thread, SQLite has one writer),
/// batch `n + 1` is coded (rayon). Batch `n + 1`'s decisions are taken before batch `n` is written,
/// from the store plus the ids and hashes of batch `n`, so they are the decisions of a sequential run.
pub fn ingest<I>(
    store: &mut Store,
    coder: &Coder<'_>,
    inputs: I,
    opts: &PipelineOptions,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<IngestSummary, PipelineError>
where
    I: IntoIterator<Item = Result<InputDoc, InputError>>,
{
    let mut summary = IngestSummary::default();
    let mut index = NearDupIndex::new();
    if opts.near_duplicates {
        for (id, fp) in store.head_fingerprints()? {
            index.add_head(&id, fp);
        }
    }
    let batch_size = opts.batch.max(1);
    let mut inputs = inputs.into_iter();
    // The batch decided and coded but not yet written.
    let mut pending: Option<Decided> = None;
    loop {
        let mut docs: Vec<InputDoc> = Vec::with_capacity(batch_size);
        let mut bytes = 0usize;
        let mut stop: Option<InputError> = None;
        let mut done = false;
        while docs.len() < batch_size && bytes < opts.batch_bytes {
            match inputs.next() {
                None => {
                    done = true;
                    break;
                }
                Some(Ok(doc)) => {
                    bytes += doc.text.len();
                    docs.push(doc);
                }
                Some(Err(err)) if err.is_fatal() || opts.strict => {
                    stop = Some(err);
                    break;
                }
                Some(Err(err)) => {
                    summary.skipped += 1;
                    *summary
                        .skipped_by_reason
                        .entry(err.kind.label())
                        .or_default() += 1;
                    progress(Progress::Skipped(&err));
                }
            }
        }
        let mut next = decide(
            store,
            &mut index,
            opts,
            docs,
            pending.as_ref(),
            &mut summary,
        )?;
        let written = std::thread::scope(|scope| {
            let coding = scope.spawn(|| code_batch(coder, &mut next));
            let written = match pending.take() {
                Some(p) => write_batch(store, p, &mut summary).map(|()| true),
                None => Ok(false),
            };
            if let Err(panic) = coding.join() {
                std::panic::resume_unwind(panic);
            }
            written
        })?;
        if written {
            progress(Progress::Committed(&summary));
        }
        pending = (!next.docs.is_empty()).then_some(next);
        if stop.is_some() || done {
            if let Some(p) = pending.take() {
                write_batch(store, p, &mut summary)?;
                progress(Progress::Committed(&summary));
            }
            return match stop {
                Some(err) => Err(PipelineError::Input(err)),
                None => Ok(summary),
            };
        }
    }
}

/// Codes one document in `lang` into event records (the JSONL shape of DESIGN.md), negated ones
/// included when `all`, with the number of sentences read; used by this pipeline and by
/// `marsad code`.
pub fn code_document(
    coder: &Coder<'_>,
    doc: &InputDoc,
    lang: Lang,
    opts: &Options,
) -> CodedDocument {
    let input = DocumentInput {
        id: &doc.id,
        text: &doc.text,
        date: doc.date,
        lang: Some(lang),
    };
    coder.code_counted(&input, opts)
}

/// What step 2 computes for each document.
pub(crate) struct Prepared {
    pub lang: Lang,
    pub hash: String,
    pub fingerprint: Option<u64>,
}

impl Prepared {
    /// The document's language (given or detected), content hash and, for a text long enough to
    /// cluster, its near-duplicate fingerprint.
    pub fn of(doc: &InputDoc, near_duplicates: bool) -> Self {
        Prepared {
            lang: doc.lang.unwrap_or_else(|| lang::detect(&doc.text)),
            hash: content_hash(&doc.text),
            fingerprint: (near_duplicates
                && doc
                    .text
                    .split_whitespace()
                    .nth(MIN_WORDS_FOR_NEARDUP - 1)
                    .is_some())
            .then(|| neardup::fingerprint(&doc.text)),
        }
    }
}

/// The article row of a document to store, as a cluster head (`duplicate_of` `None`) or a copy.
pub(crate) fn article_of(
    doc: &InputDoc,
    p: &Prepared,
    duplicate_of: Option<String>,
    fetched: &str,
) -> Article {
    Article {
        id: doc.id.clone(),
        url: doc.url.clone(),
        title: doc.title.clone(),
        source: doc
            .source
            .clone()
            .or_else(|| doc.url.as_deref().and_then(host).map(str::to_string)),
        language: p.lang.as_str().to_string(),
        published: doc.date,
        published_at: doc.published_at,
        fetched: fetched.to_string(),
        content_hash: p.hash.clone(),
        duplicate_of,
        copies: 0,
        origin: doc.origin.clone(),
    }
}

/// Codes a cluster head with negated events kept, as the store wants them.
pub(crate) fn code_head(coder: &Coder<'_>, doc: &InputDoc, lang: Lang) -> Vec<EventRecord> {
    let all = Options {
        all: true,
        ..Options::default()
    };
    code_document(coder, doc, lang, &all).events
}

impl IngestSummary {
    /// Counts one stored article and what it added.
    pub(crate) fn count_added(&mut self, outcome: &AddOutcome, copy: bool) {
        match *outcome {
            AddOutcome::Added {
                new_events,
                merged,
                mentions,
            } => {
                self.stored += 1;
                if copy {
                    self.near_duplicates += 1;
                }
                self.new_events += new_events;
                self.merged += merged;
                self.mentions += mentions;
            }
            AddOutcome::AlreadyPresent { .. } => self.already_present += 1,
        }
    }
}

/// What step 3 decides for each document.
enum Fate {
    /// Already in the store.
    Present,
    /// Not in the store, but its id or text came earlier in this input.
    Repeated,
    Head,
    Copy(String),
}

/// A batch with its decisions, and (once [`code_batch`] ran) its events.
struct Decided {
    docs: Vec<InputDoc>,
    prepared: Vec<Prepared>,
    fates: Vec<Fate>,
    coded: Vec<Vec<EventRecord>>,
}

/// Steps 2 and 3: language, hash and fingerprint in parallel, then each document's fate in order.
/// `unwritten` is the batch decided before this one and not yet in the store.
fn decide(
    store: &Store,
    index: &mut NearDupIndex,
    opts: &PipelineOptions,
    docs: Vec<InputDoc>,
    unwritten: Option<&Decided>,
    summary: &mut IngestSummary,
) -> Result<Decided, PipelineError> {
    let prepared: Vec<Prepared> = docs
        .par_iter()
        .map(|doc| Prepared::of(doc, opts.near_duplicates))
        .collect();
    // Ids and hashes already taken by this batch or by the unwritten one.
    let mut seen_ids: HashSet<&str> = HashSet::new();
    let mut seen_hashes: HashSet<&str> = HashSet::new();
    if let Some(u) = unwritten {
        for ((doc, p), fate) in u.docs.iter().zip(&u.prepared).zip(&u.fates) {
            if !matches!(fate, Fate::Present | Fate::Repeated) {
                seen_ids.insert(&doc.id);
                seen_hashes.insert(&p.hash);
            }
        }
    }
    let mut fates = Vec::with_capacity(docs.len());
    for (doc, p) in docs.iter().zip(&prepared) {
        summary.read += 1;
        *summary.by_lang.entry(p.lang.as_str()).or_default() += 1;
        let repeated = !seen_ids.insert(&doc.id) | !seen_hashes.insert(&p.hash);
        // The store is asked first: an article both stored and repeated in the input is counted as
        // stored, so a second run over any input says "already in the database" for all of it.
        let fate = if store.has_article(&doc.id)?.is_some() || store.has_article(&p.hash)?.is_some()
        {
            Fate::Present
        } else if repeated {
            Fate::Repeated
        } else {
            match p.fingerprint.and_then(|fp| index.insert(&doc.id, fp)) {
                Some(head) => Fate::Copy(head),
                None => Fate::Head,
            }
        };
        fates.push(fate);
    }
    Ok(Decided {
        docs,
        prepared,
        fates,
        coded: Vec::new(),
    })
}

/// Step 4: codes the cluster heads of a batch in parallel.
fn code_batch(coder: &Coder<'_>, batch: &mut Decided) {
    batch.coded = batch
        .docs
        .par_iter()
        .zip(&batch.prepared)
        .zip(&batch.fates)
        .map(|((doc, p), fate)| match fate {
            Fate::Head => code_head(coder, doc, p.lang),
            _ => Vec::new(),
        })
        .collect();
}

/// Step 5: writes a coded batch in one transaction, in input order.
fn write_batch(
    store: &mut Store,
    batch: Decided,
    summary: &mut IngestSummary,
) -> Result<(), PipelineError> {
    let fetched = now_rfc3339();
    let mut tx = store.batch()?;
    let Decided {
        docs,
        prepared,
        fates,
        coded,
    } = batch;
    for (((doc, p), fate), records) in docs.iter().zip(&prepared).zip(&fates).zip(&coded) {
        let duplicate_of = match fate {
            Fate::Present => {
                summary.already_present += 1;
                continue;
            }
            Fate::Repeated => {
                summary.already_present += 1;
                summary.repeated_in_input += 1;
                continue;
            }
            Fate::Head => None,
            Fate::Copy(head) => Some(head.clone()),
        };
        let article = article_of(doc, p, duplicate_of, &fetched);
        let outcome = tx.add(&article, &doc.text, records, p.fingerprint)?;
        summary.count_added(&outcome, article.duplicate_of.is_some());
    }
    tx.commit()?;
    Ok(())
}

/// The host of a URL (`https://www.example.com/a` → `www.example.com`), standing in for a
/// missing source name.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    (!host.is_empty()).then_some(host)
}

/// The current time as RFC 3339, UTC, to the second.
pub(crate) fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    DateTime::from_timestamp(secs, 0)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

impl fmt::Display for IngestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |m: &BTreeMap<&'static str, usize>| {
            m.iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "read {} document{}", self.read, plural(self.read))?;
        if self.read > 0 {
            write!(f, " ({})", list(&self.by_lang))?;
        }
        write!(
            f,
            "; stored {} (near-duplicate copies {}); already in the database {}; \
             repeated in this input {}; skipped {}",
            self.stored,
            self.near_duplicates,
            self.already_present - self.repeated_in_input,
            self.repeated_in_input,
            self.skipped
        )?;
        if self.skipped > 0 {
            write!(f, " ({})", list(&self.skipped_by_reason))?;
        }
        write!(
            f,
            "; {} event mention{} ({} new event{}, {} merged into known ones)",
            self.mentions,
            plural(self.mentions),
            self.new_events,
            plural(self.new_events),
            self.merged
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::InputErrorKind;
    use marsad_store::EventQuery;

    const SHOT_DOWN: &str = "US forces shot down an Iranian drone near the aircraft carrier \
        in the Arabian Sea on Tuesday, the Pentagon said in a statement released late in the \
        evening after the incident.";

    fn doc(id: &str, text: &str) -> InputDoc {
        InputDoc {
            id: id.into(),
            text: text.into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 2, 4),
            published_at: None,
            lang: None,
            title: None,
            url: Some(format!("https://news.example/{id}")),
            source: None,
            origin: format!("test:{id}"),
        }
    }

    /// Ingests `docs` (and one bad input) into `store` in batches of 2; returns the summary and
    /// the origins of the skipped inputs.
    fn run(store: &mut Store, docs: &[InputDoc]) -> (IngestSummary, Vec<String>) {
        let lexicon = marsad_lexicon::Lexicon::embedded().unwrap();
        let coder = Coder::new(&lexicon);
        let mut inputs: Vec<Result<InputDoc, InputError>> = docs.iter().cloned().map(Ok).collect();
        inputs.insert(
            1,
            Err(InputError {
                origin: "bad.jsonl:7".into(),
                kind: InputErrorKind::MissingText,
            }),
        );
        let mut skipped = Vec::new();
        let opts = PipelineOptions {
            batch: 2,
            ..PipelineOptions::default()
        };
        let summary = ingest(store, &coder, inputs, &opts, |p| {
            if let Progress::Skipped(e) = p {
                skipped.push(e.origin.clone());
            }
        })
        .unwrap();
        (summary, skipped)
    }

    #[test]
    fn ingest_stores_codes_and_counts_and_a_second_run_adds_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let copy = SHOT_DOWN.replace("Tuesday", "Tuesday morning");
        let docs = [
            doc("a", SHOT_DOWN),
            doc("a-again", &SHOT_DOWN.replace(' ', "  ")),
            doc("b", &copy),
            doc(
                "c",
                "Iran and the United States held talks in Muscat on Friday.",
            ),
        ];
        let (first, skipped) = run(&mut store, &docs);
        assert_eq!(skipped, ["bad.jsonl:7"]);
        assert_eq!(
            (
                first.read,
                first.stored,
                first.already_present,
                first.near_duplicates,
                first.skipped
            ),
            (4, 3, 1, 1, 1),
            "{first}"
        );
        // Issue 13: on a new database the copy is "repeated in this input", not "already in the
        // database".
        assert_eq!(first.repeated_in_input, 1, "{first}");
        assert!(
            first
                .to_string()
                .contains("already in the database 0; repeated in this input 1"),
            "{first}"
        );
        assert!(first.mentions >= 2, "{first}");
        let (a, _) = store.article("a").unwrap().unwrap();
        assert_eq!((a.copies, a.source.as_deref()), (1, Some("news.example")));
        let (b, _) = store.article("b").unwrap().unwrap();
        assert_eq!(b.duplicate_of.as_deref(), Some("a"));
        let events = store.count_events(&EventQuery::default()).unwrap();
        assert!(events > 0);

        let (second, _) = run(&mut store, &docs);
        assert_eq!(
            (
                second.stored,
                second.already_present,
                second.repeated_in_input,
                second.mentions
            ),
            (0, 4, 0, 0)
        );
        assert_eq!(store.count_events(&EventQuery::default()).unwrap(), events);
    }

    #[test]
    fn host_of_a_url() {
        assert_eq!(
            host("https://www.example.com/a/b?c"),
            Some("www.example.com")
        );
        assert_eq!(host("http://user@news.example"), Some("news.example"));
        assert_eq!(host("not a url"), None);
    }
}
