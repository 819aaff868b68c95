//! Polling one source: a feed or page URL fetched conditionally, its new articles ingested, and
//! an outcome a monitor can show (issue 14, item 5).
//!
//! [`poll`] is one round of `marsad ingest --every` for one URL: the same [`Inputs`] (conditional
//! GET with the ETag / Last-Modified kept in [`PollOptions::fetch_cache`], linked pages, bounds),
//! the same [`pipeline::ingest`] (already-stored articles are recognised and skipped), and the
//! validators saved only once what was read is stored.
//! What it adds is the bookkeeping a long-running monitor needs per source: whether the server
//! answered with a body, `304 Not Modified` or an error, the error of the source itself apart from
//! the errors of single items, and the outlet's name written on every article it stores.
//!
//! Scheduling (which source is due when) is the caller's: this module polls once, when asked.

use std::path::PathBuf;

use marsad_coder::Coder;
use marsad_store::Store;
use marsad_text::lang::Lang;

use crate::fetch::FetchOptions;
use crate::input::{InputOptions, Inputs};
use crate::pipeline::{self, IngestSummary, PipelineError, PipelineOptions, Progress};

/// Most item-level error messages an outcome keeps (all are counted in the summary).
pub const MAX_ITEM_ERRORS: usize = 20;

/// What to poll.
#[derive(Clone, Debug)]
pub struct PollSource {
    /// The `http(s)://` URL of a feed or a page (a local path works too, without validators).
    pub url: String,
    /// The language of documents that do not say theirs; `None`: detect it.
    pub lang: Option<Lang>,
    /// Written as the `source` of every document read, instead of the feed's own title.
    pub outlet: Option<String>,
}

/// How to poll.
#[derive(Clone, Debug)]
pub struct PollOptions {
    /// The validator cache shared by every poll of a database (`marsad ingest` uses
    /// `DB.fetch.json`); `None` keeps validators for nothing, so every poll refetches.
    pub fetch_cache: Option<PathBuf>,
    /// The largest document (and fetched body) read, in bytes.
    pub max_doc_bytes: u64,
}

/// How the source answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// It sent a body, which was read.
    Fetched,
    /// `304 Not Modified`: nothing new since the validators were saved.
    NotModified,
    /// It could not be fetched or read; [`PollOutcome::error`] says why.
    Failed,
}

/// What one poll did.
#[derive(Clone, Debug)]
pub struct PollOutcome {
    pub answer: Answer,
    /// The source's own error (`http status 500`, `network error: …`, a feed that does not
    /// parse), when `answer` is [`Answer::Failed`].
    pub error: Option<String>,
    /// The ingest's counts: `stored` is the number of new articles.
    pub summary: IngestSummary,
    /// The first [`MAX_ITEM_ERRORS`] errors of single items (a linked page that failed, an item
    /// without text), each with its origin.
    pub item_errors: Vec<String>,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Fetched => "fetched",
            Answer::NotModified => "not modified",
            Answer::Failed => "failed",
        }
    }
}

/// Polls `source` once into `store`; see the module docs.
///
/// A source that fails is an outcome, not an error: the caller shows it and polls again later.
/// The error is a store failure, or a fetch cache that cannot be read or written.
pub fn poll(
    store: &mut Store,
    coder: &Coder<'_>,
    source: &PollSource,
    options: &PollOptions,
) -> Result<PollOutcome, PipelineError> {
    let mut inputs = Inputs::new(
        vec![PathBuf::from(&source.url)],
        InputOptions {
            format: None,
            date: None,
            lang: source.lang,
            fetch: FetchOptions {
                cache: options.fetch_cache.clone(),
                max_bytes: options.max_doc_bytes,
                ..FetchOptions::default()
            },
            max_doc_bytes: options.max_doc_bytes,
        },
    );
    let mut error = None;
    let mut item_errors = Vec::new();
    let docs = inputs.by_ref().map(|doc| {
        doc.map(|mut d| {
            if let Some(outlet) = &source.outlet {
                d.source = Some(outlet.clone());
            }
            d
        })
    });
    let summary = pipeline::ingest(store, coder, docs, &PipelineOptions::default(), |p| {
        if let Progress::Skipped(err) = p {
            if err.origin == source.url && error.is_none() {
                // The source itself: the fetch failed, or its body is not a feed or a page. The
                // caller shows it beside the URL, so the message does not repeat it.
                let msg = err.to_string();
                let prefix = format!("{}: ", source.url);
                error = Some(msg.strip_prefix(&prefix).unwrap_or(&msg).to_string());
            } else if item_errors.len() < MAX_ITEM_ERRORS {
                item_errors.push(err.to_string());
            }
        }
    })?;
    inputs.save_fetch_cache().map_err(PipelineError::Input)?;
    let stats = inputs.stats();
    let answer = if error.is_some() {
        Answer::Failed
    } else if stats.not_modified > 0 && stats.fetched == 0 {
        Answer::NotModified
    } else {
        Answer::Fetched
    };
    Ok(PollOutcome {
        answer,
        error,
        summary,
        item_errors,
    })
}
