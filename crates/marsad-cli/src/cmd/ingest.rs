//! `marsad ingest`: read news, code it, and store articles and merged events in a database.
//!
//! The work is [`marsad_ingest::pipeline::ingest`]; this module opens the store, reports every
//! skipped input on stderr, shows a progress line when stderr is a terminal, and prints the summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use marsad_ingest::fetch::FetchOptions;
use marsad_ingest::input::{InputFormat, InputOptions, Inputs};
use marsad_ingest::pipeline::{self, IngestSummary, PipelineOptions, Progress};
use marsad_store::Store;
use marsad_text::lang::Lang;

use super::code::{load_lexicon, parse_bytes_arg};
use super::{parse_date_arg, parse_lang_arg};

/// The long help of `marsad ingest`.
pub const LONG_ABOUT: &str = "\
Read news, code it into events, and store the articles and the merged events in a database \
(SQLite, created when missing).

Inputs are text files, folders (walked recursively), JSONL files (one article per line: \
{\"id\", \"text\", \"date\"?, \"lang\"?, \"title\"?, \"url\"?, \"source\"?}), HTML pages, RSS/Atom \
feeds and URLs, or stdin with `-`. The ETag / Last-Modified of fetched URLs are kept in \
DB.fetch.json next to the database once what was read is stored, so polling a feed again fetches \
only what changed.

Ingesting is idempotent: an article already stored (same id, or the same text under another id) \
adds nothing, so the same input can be ingested again, and an ingest that was killed can simply be \
run again. Near-duplicate copies (wire stories republished with small changes) are stored and \
counted against the first article of their cluster, but not coded again. Reports of one event in \
many sentences and articles merge into one event with its counts (see `marsad events`).

A bad input (invalid JSON, a missing `text`, a bad date, text that is not UTF-8, a document larger \
than --max-doc-bytes, a feed link that leads outside the feed's folder) is reported on stderr with \
its file:line and reason, skipped and counted; --strict stops at the first one (after \
storing what was read before it). A summary goes to stderr at the end.

With a PostgreSQL database (--db postgres://USER@HOST/DB), the same ingest writes there; with --queue it only reads the sources into the database's work queue, in batches of --batch documents (default 256 there), for `marsad worker` processes to code and store, on this machine or any other (see `marsad worker --help` and deploy/). The feed validators of a PostgreSQL database are kept in .marsad-DB.fetch.json in the current folder.

Exit codes: 0 success (also when inputs were skipped), 1 a path cannot be opened, the database \
cannot be written, or --strict met a bad input, 2 bad usage.

Examples:
  marsad ingest examples/
  marsad ingest --db news.db feeds/*.xml archive.jsonl
  marsad ingest --db news.db --every 900 https://example.org/feed.xml   # poll every 15 minutes
  cat article.txt | marsad ingest --lang ar --date 2026-02-06 -
  marsad ingest --db postgres://marsad@localhost/news --queue archive.jsonl   # then: marsad worker";

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files, folders, feeds or URLs; `-` reads stdin
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// Poll: ingest the sources again every SECONDS (feeds are asked only for what changed)
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub every: Option<u64>,
    /// With --every, stop after this many rounds (default: until interrupted)
    #[arg(long, requires = "every", value_parser = clap::value_parser!(u64).range(1..))]
    pub rounds: Option<u64>,
    /// Only enqueue the documents in the PostgreSQL database's work queue, for `marsad worker`
    #[arg(long)]
    pub queue: bool,
    #[command(flatten)]
    pub common: IngestOptions,
}

/// The options `marsad ingest` and `marsad run` share.
#[derive(Args, Debug, Clone)]
pub struct IngestOptions {
    /// The database: a SQLite file (created when missing) or a postgres:// URL
    #[arg(
        long,
        env = "MARSAD_DB",
        hide_env_values = true,
        default_value = "marsad.db"
    )]
    pub db: PathBuf,
    /// Publication date (YYYY-MM-DD) for documents that carry none
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Language (ar, en, fa, other) for documents that carry none; default: detect
    #[arg(long, value_parser = parse_lang_arg)]
    pub lang: Option<Lang>,
    /// Read every input as this format (default: by extension)
    #[arg(long, value_enum)]
    pub input: Option<InputFormat>,
    /// Stop with exit code 1 at the first bad input instead of skipping it
    #[arg(long)]
    pub strict: bool,
    /// Documents coded and committed together (one transaction per batch; default 2048, and 256
    /// per queued batch with --queue)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: Option<u32>,
    /// Read the lexicon from this folder instead of the one built into the binary
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Skip documents (files, JSONL lines, pages) larger than this; accepts k, M and G suffixes
    #[arg(long, value_name = "BYTES", default_value = "10M", value_parser = parse_bytes_arg)]
    pub max_doc_bytes: u64,
}

/// Documents per queued batch: small enough that several workers share a few thousand
/// articles, large enough that a batch's transaction is not dominated by its fixed costs.
const QUEUE_BATCH: u32 = 256;
/// Documents per batch of a direct ingest.
const DIRECT_BATCH: u32 = 2048;

pub fn run(args: IngestArgs) -> anyhow::Result<()> {
    if args.queue && !marsad_store::is_postgres(&args.common.db) {
        return Err(super::UsageError(format!(
            "--queue needs a PostgreSQL database (--db postgres://USER@HOST/DB), not {}:              a SQLite database is written by `marsad ingest` directly",
            args.common.db.display()
        ))
        .into());
    }
    let mut store = Store::open(&args.common.db)?;
    let mut round = 1;
    loop {
        if args.queue {
            let summary = enqueue_into(&mut store, args.sources.clone(), &args.common)?;
            eprintln!("marsad: {summary}");
        } else {
            let summary = ingest_into(&mut store, args.sources.clone(), &args.common)?;
            eprintln!("marsad: {summary}");
        }
        // Polling: each round is a whole, idempotent ingest, so stopping between rounds (or
        // killing one) loses nothing.
        let Some(every) = args.every else {
            return Ok(());
        };
        if args.rounds.is_some_and(|n| round >= n) {
            return Ok(());
        }
        round += 1;
        std::thread::sleep(std::time::Duration::from_secs(every));
    }
}

/// Ingests `sources` into `store` with the shared options; reports skipped inputs and progress on
/// stderr. Used by `marsad ingest` and `marsad run`.
pub fn ingest_into(
    store: &mut Store,
    sources: Vec<PathBuf>,
    opts: &IngestOptions,
) -> anyhow::Result<IngestSummary> {
    let lexicon = load_lexicon(opts.lexicon.as_deref())?;
    let coder = super::code::coder(&lexicon, opts.lexicon.as_deref(), false)?;
    let mut inputs = inputs(sources, opts);
    let bar = progress_bar(&opts.db);
    let result = pipeline::ingest(
        store,
        &coder,
        &mut inputs,
        &PipelineOptions {
            strict: opts.strict,
            batch: opts.batch.unwrap_or(DIRECT_BATCH) as usize,
            near_duplicates: true,
            ..PipelineOptions::default()
        },
        |p| match p {
            Progress::Skipped(err) => {
                let line = format!("marsad: warning: {err}; skipped");
                match &bar {
                    Some(bar) => bar.suspend(|| eprintln!("{line}")),
                    None => eprintln!("{line}"),
                }
            }
            Progress::Committed(s) => {
                if let Some(bar) = &bar {
                    bar.set_message(format!(
                        "{} read, {} stored, {} event mentions",
                        s.read, s.stored, s.mentions
                    ));
                }
            }
        },
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    finish(result, &mut inputs, "stored")
}

/// The documents of `sources`, read as the shared options say.
fn inputs(sources: Vec<PathBuf>, opts: &IngestOptions) -> Inputs {
    // Feed validators (ETag / Last-Modified) live next to the database, so that polling a feed
    // again asks only for what changed; they are saved only once what was read is stored.
    let fetch = FetchOptions {
        cache: Some(fetch_cache_path(&opts.db)),
        // A fetched page is a document too: one limit for both.
        max_bytes: opts.max_doc_bytes,
        ..FetchOptions::default()
    };
    Inputs::new(
        sources,
        InputOptions {
            format: opts.input,
            date: opts.date,
            lang: opts.lang,
            fetch,
            max_doc_bytes: opts.max_doc_bytes,
        },
    )
}

/// Reads `sources` into the work queue of the PostgreSQL `store`, reporting skipped inputs on
/// stderr (`marsad ingest --queue`).
pub fn enqueue_into(
    store: &mut Store,
    sources: Vec<PathBuf>,
    opts: &IngestOptions,
) -> anyhow::Result<marsad_ingest::queue::EnqueueSummary> {
    let mut inputs = inputs(sources, opts);
    let result = marsad_ingest::queue::enqueue(
        store,
        &mut inputs,
        opts.batch.unwrap_or(QUEUE_BATCH) as usize,
        PipelineOptions::default().batch_bytes,
        opts.strict,
        |p| {
            if let Progress::Skipped(err) = p {
                eprintln!("marsad: warning: {err}; skipped");
            }
        },
    );
    finish(result, &mut inputs, "queued")
}

/// The end of an ingest or an enqueue: the feed validators are saved only once what was read is
/// `kept` (stored or queued); a bad input under --strict says so.
fn finish<T>(
    result: Result<T, pipeline::PipelineError>,
    inputs: &mut Inputs,
    kept: &str,
) -> anyhow::Result<T> {
    match result {
        Ok(summary) => {
            inputs.save_fetch_cache()?;
            Ok(summary)
        }
        Err(pipeline::PipelineError::Input(err)) if !err.is_fatal() => Err(anyhow::Error::new(err)
            .context(format!(
                "stopped at the first bad input (--strict); what was read before it is {kept}"
            ))),
        Err(err) => Err(err.into()),
    }
}

/// The feed validator cache of a database: `marsad.db` → `marsad.db.fetch.json`; for a
/// PostgreSQL database `postgres://…/news`, `.marsad-news.fetch.json` in the current folder.
pub fn fetch_cache_path(db: &Path) -> PathBuf {
    if marsad_store::is_postgres(db) {
        let url = db.to_string_lossy();
        let name = url
            .rsplit('/')
            .next()
            .and_then(|s| s.split('?').next())
            .filter(|s| !s.is_empty() && !s.contains('@'))
            .unwrap_or("postgres");
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        return PathBuf::from(format!(".marsad-{name}.fetch.json"));
    }
    let mut name = db.as_os_str().to_owned();
    name.push(".fetch.json");
    PathBuf::from(name)
}

/// A spinner with running counts, only when stderr is a terminal (never in pipes, logs or tests).
fn progress_bar(db: &Path) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {prefix}: {msg}") {
        bar.set_style(style);
    }
    bar.set_prefix(format!("ingesting into {}", db.display()));
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}
