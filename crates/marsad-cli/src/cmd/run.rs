//! `marsad run`: the main job. Ingest, code and store the sources, then report what was found.
//!
//! Without sources it reads `examples/`, so that `marsad run` on a fresh clone builds a database
//! from the sample corpus and prints its events.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use marsad_store::{EventQuery, Store};
use marsad_watch::render::Format;

use super::events::write_event_table;
use super::ingest::{ingest_into, IngestOptions};

/// The long help of `marsad run`.
pub const LONG_ABOUT: &str = "\
Ingest, code and store news in one go, then print what the database holds: counts, the most \
frequent dyads, and the latest events, then the report of a watch (verdict, tests, alerts). This \
is the main command: with no SOURCES it reads the sample corpus in `examples/`, and with no \
--watch it reports on `watches/iran-us-talks.toml` when that file is there (--no-watch skips it).

Running it again over the same sources adds nothing (articles are recognised by id and by content), \
so it can be re-run after new articles arrive, or after it was interrupted.

Exit codes: 0 success, 1 a source cannot be opened or the database cannot be written, 2 bad usage.

Examples:
  marsad run
  marsad run --db news.db feeds/ archive.jsonl
  marsad run --watch watches/israel-hezbollah.toml";

/// How many dyads and latest events the report shows.
const TOP: usize = 10;

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Files, folders, feeds or URLs (default: examples/)
    pub sources: Vec<PathBuf>,
    /// A watch definition to report on after ingesting (default: watches/iran-us-talks.toml, when present)
    #[arg(long)]
    pub watch: Option<PathBuf>,
    /// Print no watch report
    #[arg(long, conflicts_with = "watch")]
    pub no_watch: bool,
    #[command(flatten)]
    pub common: IngestOptions,
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let sources = if args.sources.is_empty() {
        let examples = PathBuf::from("examples");
        if !examples.is_dir() {
            anyhow::bail!(
                "no SOURCES given and no examples/ folder here: name the files or folders to read"
            );
        }
        vec![examples]
    } else {
        args.sources
    };
    let mut store = Store::open(&args.common.db)?;
    let summary = ingest_into(&mut store, sources, &args.common)?;
    eprintln!("marsad: {summary}");
    let watch = match args.watch {
        Some(w) => Some(w),
        None if args.no_watch => None,
        None => Some(PathBuf::from(DEFAULT_WATCH)).filter(|w| w.is_file()),
    };
    report(&store, watch.as_deref())
}

/// The watch `marsad run` reports on when none is named: the flagship Iran–US talks watch.
const DEFAULT_WATCH: &str = "watches/iran-us-talks.toml";

/// Prints what the database holds, then, when `watch` is given, the watch's report over its
/// default period (what `marsad report --watch FILE` prints).
pub fn report(db: &Store, watch: Option<&Path>) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    let stats = db.stats()?;
    let shown = EventQuery::default();
    let events = db.count_events(&shown)?;
    let negated = stats.events - events;
    writeln!(
        out,
        "{}: {} article{} ({} near-duplicate copies), {} event{} ({} negated, not shown), {} mentions",
        db.name(),
        stats.articles,
        plural(stats.articles),
        stats.duplicates,
        stats.events,
        plural(stats.events),
        negated,
        stats.mentions
    )?;
    if let (Some(first), Some(last)) = (stats.first_date, stats.last_date) {
        writeln!(out, "event dates: {first} to {last}")?;
    }
    let dyads = db.top_dyads(&shown, TOP)?;
    if !dyads.is_empty() {
        writeln!(out, "\ntop dyads (events, mentions):")?;
        for d in &dyads {
            writeln!(
                out,
                "  {:>3} → {:<3}  {:>4}  {:>4}",
                d.actor, d.recipient, d.events, d.mentions
            )?;
        }
    }
    let latest = EventQuery {
        offset: events.saturating_sub(TOP as u64) as usize,
        ..EventQuery::default()
    };
    let rows = db.events(&latest)?;
    if !rows.is_empty() {
        writeln!(out, "\nlatest events:")?;
        write_event_table(&mut out, &rows)?;
    }
    out.flush().context("cannot write to stdout")?;
    if let Some(watch) = watch {
        writeln!(out)?;
        drop(out);
        super::report::run_report(Path::new(db.name()), watch, Format::Text, None)?;
    }
    Ok(())
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
