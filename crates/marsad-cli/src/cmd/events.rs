//! `marsad events`: query the merged events of a database, as a table, JSONL or CSV.
//!
//! The filters ([`EventFilter`]) are shared with `marsad export`; the query itself is
//! [`marsad_store::Store::events`].

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use marsad_server::params::parse_code;
use marsad_store::{EventQuery, Store, StoredEvent};

use super::export::{csv_fields, write_csv_line, CSV_HEADER};
use super::table::write_table;
use super::{parse_date_arg, usage};

/// The long help of `marsad events`.
pub const LONG_ABOUT: &str = "\
Query the merged events stored by `marsad ingest` or `marsad run`.

Each event is one happening however many sentences and articles report it, with its counts of \
mentions, articles and sources. Filters narrow the list: --actor IRN (a country code on either \
side), --dyad IRN-USA (between the two, either direction), --event ASSAULT,SANCTION (PLOVER types), \
--from/--to (event dates, inclusive). Negated events (`did not attack`) are left out unless --all \
is given. Events come ordered by date, then id.

Event types must be PLOVER types and codes must be codes of the lexicon (as in \
`GET /api/events`, a bad filter is refused rather than matching nothing).

--format table prints an aligned table for people (the sentence last, so that the terminal shows \
Arabic right to left; control characters, escape sequences and bidi overrides from articles are \
shown as U+FFFD); jsonl prints one stored event per line; csv prints a header and one row per \
event (a cell that a spreadsheet would run as a formula gets a leading ', see `marsad export \
--help`).

Exit codes: 0 success (also when nothing matches, or when the reader of stdout goes away, as \
with `| head`), 1 the database is missing or unreadable, 2 bad usage (an unknown event type or \
code, --from after --to).

Examples:
  marsad events --dyad IRN-USA
  marsad events --event ASSAULT,COERCE --from 2026-02-01 --format jsonl
  marsad events --db news.db --actor OMN --limit 20";

/// Where the database is; shared by the store commands.
#[derive(Args, Debug, Clone)]
pub struct DbArg {
    /// The database file (created by `marsad ingest` or `marsad run`)
    #[arg(
        long,
        env = "MARSAD_DB",
        hide_env_values = true,
        default_value = "marsad.db"
    )]
    pub db: PathBuf,
}

/// The event filters shared by `marsad events` and `marsad export`.
#[derive(Args, Debug, Clone, Default)]
pub struct EventFilter {
    /// Events with this country code on either side (IRN)
    #[arg(long)]
    pub actor: Option<String>,
    /// Events between two country codes, in either direction (IRN-USA)
    #[arg(long, value_parser = parse_dyad)]
    pub dyad: Option<(String, String)>,
    /// PLOVER event types, comma-separated (ASSAULT,SANCTION)
    #[arg(long = "event", value_delimiter = ',')]
    pub events: Vec<String>,
    /// First event date, inclusive (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<NaiveDate>,
    /// Last event date, inclusive (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<NaiveDate>,
    /// Include negated events
    #[arg(long)]
    pub all: bool,
    /// At most this many events
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Args, Debug)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: EventFilter,
    /// Output format
    #[arg(long, value_enum, default_value_t = EventsFormat::Table)]
    pub format: EventsFormat,
}

/// How `marsad events` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EventsFormat {
    /// An aligned table for people
    Table,
    /// One stored event per line, as JSON
    Jsonl,
    /// Comma-separated values with a header
    Csv,
}

impl EventFilter {
    /// The store query for these filters, checked as `GET /api/events` checks them: codes are
    /// codes (the server's [`parse_code`]), and beyond the API, event types and codes must be
    /// ones the lexicon knows (a typo would otherwise match nothing and look like an empty
    /// database), and `--from` may not be after `--to`. A bad filter is a [`UsageError`]
    /// (exit 2).
    ///
    /// [`UsageError`]: super::UsageError
    pub fn query(&self) -> anyhow::Result<EventQuery> {
        let vocab = marsad_watch::Vocabulary::embedded();
        let code = |flag: &str, value: &str| -> anyhow::Result<String> {
            let c = match parse_code(flag, value) {
                Ok(c) => c,
                Err(e) => usage!("--{e}"),
            };
            if !vocab.codes.contains(&c) {
                usage!(
                    "--{flag}: {c:?} is not a country or organisation code of the lexicon \
                     (lexicon/countries.tsv; marsad lexicon lookup NAME finds one)"
                );
            }
            Ok(c)
        };
        let actor = self
            .actor
            .as_deref()
            .map(|a| code("actor", a))
            .transpose()?;
        let dyad = match &self.dyad {
            Some((a, b)) => Some((code("dyad", a)?, code("dyad", b)?)),
            None => None,
        };
        let mut events = Vec::new();
        for e in self.events.iter().map(|e| e.trim().to_uppercase()) {
            if e.is_empty() || events.contains(&e) {
                continue;
            }
            if !vocab.events.contains(&e) {
                let known: Vec<&str> = vocab.events.iter().map(String::as_str).collect();
                usage!(
                    "--event: {e:?} is not a PLOVER event type; expected one of {}",
                    known.join(", ")
                );
            }
            events.push(e);
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                usage!("--from {from} is after --to {to}");
            }
        }
        if self.limit == Some(0) {
            usage!("--limit: expected at least 1, got 0");
        }
        Ok(EventQuery {
            actor,
            dyad,
            events,
            from: self.from,
            to: self.to,
            include_negated: self.all,
            limit: self.limit,
            offset: 0,
        })
    }
}

/// Opens an existing database for reading only ([`Store::open_read_only`]: no file created, so a
/// database in a folder the user cannot write can be read); a missing file is an error rather than
/// a new empty database. A database an older marsad wrote is upgraded first where it may be
/// written, and the upgrade is said on stderr.
pub fn open_existing(path: &Path) -> anyhow::Result<Store> {
    if !Store::exists(path) {
        anyhow::bail!(
            "{}: no such database (build one with `marsad run` or `marsad ingest`)",
            path.display()
        );
    }
    let (store, upgraded) = Store::open_read_only_upgrading(path)?;
    if let Some((from, to)) = upgraded {
        eprintln!(
            "marsad: {}: upgraded the database from schema version {from} to {to}",
            path.display()
        );
    }
    Ok(store)
}

pub fn run(args: EventsArgs) -> anyhow::Result<()> {
    // Usage first: a bad filter is reported as such even when the database is missing.
    let query = args.filter.query()?;
    let store = open_existing(&args.db.db)?;
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        EventsFormat::Table => {
            let events = store.events(&query)?;
            write_event_table(&mut out, &events)?;
        }
        EventsFormat::Jsonl => store.each_event(&query, |e| {
            // `io::Error::from` keeps a write error's kind (a broken pipe stays one).
            serde_json::to_writer(&mut out, &e).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
            Ok::<(), anyhow::Error>(())
        })?,
        EventsFormat::Csv => {
            write_csv_line(&mut out, CSV_HEADER.iter().copied())?;
            store.each_event(&query, |e| {
                write_csv_line(&mut out, csv_fields(&e).iter().map(String::as_str))?;
                Ok::<(), anyhow::Error>(())
            })?
        }
    }
    out.flush().context("cannot write to stdout")?;
    Ok(())
}

const TABLE_HEADER: [&str; 11] = [
    "id",
    "date",
    "actor",
    "recipient",
    "event",
    "cameo",
    "goldstein",
    "mentions",
    "articles",
    "trigger",
    "sentence",
];

/// Writes events as an aligned table, the representative sentence last.
pub fn write_event_table(out: &mut impl Write, events: &[StoredEvent]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                e.id.clone(),
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                side(&e.actor_codes, &e.actor),
                side(&e.recipient_codes, &e.recipient),
                if e.negated {
                    format!("not {}", e.event)
                } else {
                    e.event.clone()
                },
                e.cameo.clone().unwrap_or_default(),
                e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
                e.mentions.to_string(),
                e.articles.to_string(),
                e.trigger.clone(),
                e.text.replace(['\n', '\t'], " "),
            ]
        })
        .collect();
    write_table(out, &TABLE_HEADER, &rows)
}

/// Country codes of one side, or `?` for each actor without one.
fn side(codes: &[String], actors: &[marsad_coder::ActorRef]) -> String {
    if !codes.is_empty() {
        return codes.join("+");
    }
    if actors.is_empty() {
        return "-".into();
    }
    "?".into()
}

/// Parses `--dyad IRN-USA`.
fn parse_dyad(s: &str) -> Result<(String, String), String> {
    match s.split_once(['-', ',', ':']) {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_uppercase(), b.trim().to_uppercase()))
        }
        _ => Err(format!(
            "expected two country codes like IRN-USA, got {s:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dyads_parse() {
        assert_eq!(parse_dyad("irn-USA"), Ok(("IRN".into(), "USA".into())));
        assert!(parse_dyad("IRN").is_err());
        assert!(parse_dyad("IRN-").is_err());
    }
}
