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
assessment for the same period.

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
    #[arg(long, default_value = "marsad.db")]
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
    write_report(
        &a.db,
        &a.watch,
        period,
        a.format.into(),
        a.output.as_deref(),
    )
}

/// The report over the default period, for `marsad run --watch`.
// Called by `marsad run --watch` once `cmd/run.rs` wires it up; until then only the tests of
// the report use it through `write_report`.
#[allow(dead_code)]
pub fn run_report(
    db: &Path,
    watch: &Path,
    format: Format,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    write_report(db, watch, Period::default(), format, out)
}

/// Loads the watch and the events, assesses, and writes the report (and the charts of a brief).
pub fn write_report(
    db: &Path,
    watch: &Path,
    period: Period,
    format: Format,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let w = Watch::load(watch)?;
    if !db.exists() {
        bail!(
            "{}: no database here; create it with `marsad ingest` or `marsad run`",
            db.display()
        );
    }
    let mut store = Store::open(db)?;
    let assessed = assess(&store, &w, period, None)?;
    let (assessment, events) = (assessed.assessment, assessed.events);
    // Issue 14: each alert is stored once under its stable id and posted to the watch's webhooks
    // until acknowledged; what happened goes to stderr, so stdout stays the report.
    let delivery = marsad_alerts::record_and_deliver(&mut store, &w, &assessment)?;
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
    super::alerts::print_delivery(&delivery);
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
