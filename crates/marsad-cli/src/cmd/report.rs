//! `marsad report`: a watch over the stored events, as a terminal report, a Markdown or HTML brief
//! with SVG and PNG charts, or JSON. The work is `marsad-watch`'s; this module parses, loads, writes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use marsad_store::Store;
use marsad_watch::render::{self, Format};
use marsad_watch::{assess, Period, Watch};

use super::parse_date_arg;

// The API's bounds on a watch's period and its events (issue 13: `marsad report` read any
// period, however long, into memory).
use marsad_server::watches::MAX_WATCH_EVENTS;
use marsad_server::MAX_PERIOD_DAYS;

/// Prints a usage error the way the CLI does and exits with code 2.
fn usage(message: &str) -> ! {
    eprintln!("marsad: {message}");
    std::process::exit(2);
}

/// Refuses a period longer than [`MAX_PERIOD_DAYS`], as the API does. A `--from` without `--to`
/// runs to the last stored event, so that date is read first (read-only); the default period (two
/// verdict windows) and a `--to` alone are always short enough.
fn check_period_length(period: Period, db: &Path) -> Result<(), String> {
    let Some(from) = period.from else {
        return Ok(());
    };
    let to = match period.to {
        Some(to) => Some(to),
        None if Store::exists(db) => Store::open_read_only(db)
            .and_then(|s| s.stats())
            .ok()
            .and_then(|s| s.last_date),
        None => None,
    };
    match to {
        Some(to) if (to - from).num_days() > MAX_PERIOD_DAYS => Err(format!(
            "the period {from} .. {to} is {} days long; a period is at most ten years \
             ({MAX_PERIOD_DAYS} days), as in the API: give a later --from or an earlier --to",
            (to - from).num_days() + 1
        )),
        _ => Ok(()),
    }
}

pub const LONG_ABOUT: &str = "\
Assess a watch (watches/*.toml) over the stored events: the dyad's series, each indicator per \
bucket and per verdict window, alerts (threshold, spike, silence), and a verdict per window \
(progress, managed stalemate, escalation) with the evidence sentences that moved it.

Each alert is recorded once in the database under a stable id (a re-run raises nothing new) and \
posted to the watch's webhooks ([[notify]]) until a receiver acknowledges it; stderr says how \
many alerts were new and what each delivery attempt got. `marsad alerts` lists them.

--format text (the default) prints tables and sparklines; json prints the whole assessment. \
markdown and html write a brief to -o (default: <watch id>.md or .html in the current folder) and \
its charts, as SVG and PNG, to a folder beside it (-o brief.html -> brief-charts/).

The period defaults to the two verdict windows ending on the latest publication date of the \
stored articles (not the latest event date: an article may name a later year). A window that \
holds none of the watch's events reads \"no data\". The dashboard (marsad serve) shows the same \
assessment for the same period. As in the API \
(GET /api/watches/NAME), a period is at most ten years (3660 days) long and holds at most 200000 \
events of the watch: a longer one is refused (exit 2), not clamped.

Exit codes: 0 success, 1 the watch or the database cannot be read or the output written, 2 bad usage.

Examples:
  marsad report --watch watches/iran-us-talks.toml
  marsad report --watch watches/iran-us-talks.toml --format html -o brief.html
  marsad report --watch watches/israel-hezbollah.toml --db news.db --from 2026-01-01 --format json";

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The watch definition (TOML; see watches/README.md)
    #[arg(long)]
    pub watch: PathBuf,
    /// The database file (created by `marsad ingest` or `marsad run`)
    #[arg(
        long,
        env = "MARSAD_DB",
        hide_env_values = true,
        default_value = "marsad.db"
    )]
    pub db: PathBuf,
    /// First day of the period (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<NaiveDate>,
    /// Last day of the period (YYYY-MM-DD); default: the latest publication date
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Output file; text and json default to stdout
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Neither record nor deliver the watch's alerts (a look at a past period, say)
    #[arg(long)]
    pub no_alerts: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
    Html,
    Json,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Format {
        match f {
            ReportFormat::Text => Format::Text,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Html => Format::Html,
            ReportFormat::Json => Format::Json,
        }
    }
}

pub fn run(a: ReportArgs) -> anyhow::Result<()> {
    let period = Period {
        from: a.from,
        to: a.to,
    };
    if let (Some(from), Some(to)) = (a.from, a.to) {
        if from > to {
            usage(&format!("--from {from} is after --to {to}"));
        }
    }
    if let Err(e) = check_period_length(period, &a.db) {
        usage(&e);
    }
    write_report(
        &a.db,
        &a.watch,
        period,
        a.format.into(),
        a.output.as_deref(),
        !a.no_alerts,
    )
}

/// The report over the default period, for `marsad run --watch`; it records and delivers alerts.
pub fn run_report(
    db: &Path,
    watch: &Path,
    format: Format,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    write_report(db, watch, Period::default(), format, out, true)
}

/// Loads the watch and the events, assesses, writes the report (and the charts of a brief), and,
/// when `record_alerts`, records and delivers the alerts.
pub fn write_report(
    db: &Path,
    watch: &Path,
    period: Period,
    format: Format,
    out: Option<&Path>,
    record_alerts: bool,
) -> anyhow::Result<()> {
    let w = Watch::load(watch)?;
    if !Store::exists(db) {
        bail!(
            "{}: no database here; create it with `marsad ingest` or `marsad run`",
            db.display()
        );
    }
    // Read-only: a report never changes the database (issue 13), beyond upgrading an old schema
    // where it may be written.
    let store = super::events::open_existing(db)?;
    let assessed = assess(&store, &w, period, Some(MAX_WATCH_EVENTS))?;
    let (assessment, events) = (assessed.assessment, assessed.events);
    drop(store);
    // Issue 14: each alert is stored once under its stable id and posted to the watch's webhooks
    // until acknowledged; what happened goes to stderr, so stdout stays the report. Only this
    // step writes, and only where the database may be written (issue 13: a report reads a
    // database in a read-only folder without touching it).
    let delivery = if !record_alerts {
        None
    } else if !Store::may_write(db) {
        eprintln!(
            "marsad: {}: alerts not recorded or delivered: the database may not be written here",
            db.display()
        );
        None
    } else {
        let mut store = Store::open(db)?;
        Some(marsad_alerts::record_and_deliver(
            &mut store,
            &w,
            &assessment,
        )?)
    };
    match format {
        Format::Text | Format::Json => {
            let body = if format == Format::Text {
                render::text(&assessment)
            } else {
                render::json(&assessment)
            };
            match out {
                Some(path) => fs::write(path, body)
                    .with_context(|| format!("{}: cannot write", path.display()))?,
                None => std::io::stdout().lock().write_all(body.as_bytes())?,
            }
        }
        Format::Markdown | Format::Html => {
            let ext = if format == Format::Html { "html" } else { "md" };
            let path = out
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(format!("{}.{ext}", w.id)));
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| w.id.clone());
            let dir_name = format!("{stem}-charts");
            let dir = path.with_file_name(&dir_name);
            let charts = render::render_charts(&assessment, &dir_name)?;
            fs::create_dir_all(&dir)
                .with_context(|| format!("{}: cannot create", dir.display()))?;
            for c in &charts {
                for (file, bytes) in [
                    (format!("{}.svg", c.chart.name), c.svg.as_bytes()),
                    (format!("{}.png", c.chart.name), c.png.as_slice()),
                ] {
                    let p = dir.join(file);
                    fs::write(&p, bytes)
                        .with_context(|| format!("{}: cannot write", p.display()))?;
                }
            }
            let body = if format == Format::Html {
                render::html(&assessment, &charts)
            } else {
                render::markdown(&assessment, &charts)
            };
            fs::write(&path, body).with_context(|| format!("{}: cannot write", path.display()))?;
            eprintln!(
                "marsad: wrote {} and {} charts (SVG and PNG) in {}",
                path.display(),
                charts.len(),
                dir.display()
            );
        }
    }
    if let Some(delivery) = &delivery {
        super::alerts::print_delivery(delivery);
    }
    if let Some(cur) = assessment.current() {
        eprintln!(
            "marsad: {}: {} events read, verdict {} .. {}: {}",
            w.id,
            events.len(),
            cur.start,
            cur.end,
            cur.verdict
        );
    }
    Ok(())
}
