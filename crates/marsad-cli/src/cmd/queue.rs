//! `marsad queue`: the work queue of a PostgreSQL store at a glance, and parked batches put back.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use marsad_store::Store;

use marsad_watch::render::terminal_safe;

pub const LONG_ABOUT: &str = "\
The work queue of a PostgreSQL database (filled by `marsad ingest --queue`, emptied by \
`marsad worker`): `status` shows how many batches (and documents) are pending, claimed, done and \
failed, with each claimed batch's worker and lease and each parked batch's error; `retry` puts \
parked batches back in the queue once their cause is mended.

Examples:
  marsad queue status --db postgres://marsad@localhost/news
  marsad queue status --db postgres://marsad@localhost/news --format json
  marsad queue retry --db postgres://marsad@localhost/news --all";

#[derive(Subcommand, Debug)]
pub enum QueueCommand {
    /// Pending, claimed, done and failed batches
    Status(StatusArgs),
    /// Put parked (failed) batches back in the queue
    Retry(RetryArgs),
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// The PostgreSQL database (postgres://USER@HOST/DB)
    #[arg(long, env = "MARSAD_DB", hide_env_values = true)]
    pub db: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct RetryArgs {
    /// The PostgreSQL database (postgres://USER@HOST/DB)
    #[arg(long, env = "MARSAD_DB", hide_env_values = true)]
    pub db: PathBuf,
    /// The batch to put back
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub batch: Option<i64>,
    /// Every parked batch
    #[arg(long)]
    pub all: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(c: QueueCommand) -> anyhow::Result<()> {
    match c {
        QueueCommand::Status(a) => status(a),
        QueueCommand::Retry(a) => {
            let mut store = open(&a.db)?;
            let n = store.requeue_failed(if a.all { None } else { a.batch })?;
            eprintln!(
                "marsad: {n} parked batch{} back in the queue",
                if n == 1 { "" } else { "es" }
            );
            Ok(())
        }
    }
}

fn open(db: &std::path::Path) -> anyhow::Result<Store> {
    if !marsad_store::is_postgres(db) {
        return Err(super::UsageError(format!(
            "--db: the work queue lives in a PostgreSQL database (postgres://USER@HOST/DB), not {}",
            db.display()
        ))
        .into());
    }
    Ok(Store::open(db)?)
}

fn status(a: StatusArgs) -> anyhow::Result<()> {
    let store = open(&a.db)?;
    let s = store.queue_status()?;
    let mut out = std::io::stdout().lock();
    if a.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "state     batches  documents")?;
    for (name, (batches, docs)) in [
        ("pending", s.pending),
        ("claimed", s.claimed),
        ("done", s.done),
        ("failed", s.failed),
    ] {
        writeln!(out, "{name:<9} {batches:>7}  {docs:>9}")?;
    }
    for b in &s.open {
        match b.state.as_str() {
            "claimed" => writeln!(
                out,
                "batch {}: claimed by {} ({} documents), lease {}",
                b.seq,
                terminal_safe(b.worker.as_deref().unwrap_or("?")),
                b.size,
                match b.lease_left {
                    Some(l) if l >= 0.0 => format!("{l:.0} s left"),
                    _ => "ran out: the next worker takes it".into(),
                }
            )?,
            _ => writeln!(
                out,
                "batch {}: failed {} time{} and parked ({} documents): {}",
                b.seq,
                b.failures,
                if b.failures == 1 { "" } else { "s" },
                b.size,
                terminal_safe(b.error.as_deref().unwrap_or(""))
            )?,
        }
    }
    if s.is_empty() {
        writeln!(out, "nothing waiting")?;
    }
    Ok(())
}
