//! `marsad worker`: one coding worker of a PostgreSQL store's work queue (issue 12).
//!
//! The work is [`marsad_ingest::queue::run_worker`]; this module loads the lexicon, names the
//! worker, turns SIGTERM and SIGINT into a stop request (the batch in hand is finished, or given
//! back when its turn has not come) and logs on stderr.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use marsad_ingest::queue::{run_worker, Worker};

use super::code::load_lexicon;

pub const LONG_ABOUT: &str = "\
Code and store the batches that `marsad ingest --db postgres://… --queue` enqueued. Run as many \
workers as the load needs, on as many machines: each claims the lowest waiting batch (FOR UPDATE \
SKIP LOCKED, so no two take the same), codes it in parallel with the others, and applies it in \
queue order, in one transaction with the batch's `done` mark: a batch is applied exactly once \
even when a worker dies at any point, and the database ends as one sequential `marsad ingest` of \
the same input would leave it.

A claimed batch is leased for --lease seconds, renewed while the worker waits for its turn; the \
batch of a worker that vanished is taken again once its lease runs out. A batch that fails three \
times is parked with its error (`marsad queue status` shows it, `marsad queue retry` puts it \
back). A lost connection is retried with back-off, the batch in hand kept.

SIGTERM or Ctrl-C stops the worker cleanly: a batch being coded is finished and applied, a batch \
waiting for its turn is given back. Progress goes to stderr, one line per batch.

Exit codes: 0 stopped or (with --until-empty) nothing left, 1 the database cannot be used or the \
lexicon does not load, 2 bad usage.

Examples:
  marsad worker --db postgres://marsad@localhost/news
  marsad worker --db postgres://marsad@db.internal/news --name coder-3 --lease 600
  marsad worker --db postgres://marsad@localhost/news --until-empty   # batch jobs";

#[derive(Args, Debug)]
pub struct WorkerArgs {
    /// The PostgreSQL database (postgres://USER@HOST/DB)
    #[arg(long, env = "MARSAD_DB", hide_env_values = true)]
    pub db: PathBuf,
    /// Exit once no batch is pending or claimed (default: wait for more)
    #[arg(long)]
    pub until_empty: bool,
    /// Seconds a claimed batch stays this worker's without news from it
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(5..))]
    pub lease: u64,
    /// The worker's name in logs and in `marsad queue status` (default: host and process id)
    #[arg(long)]
    pub name: Option<String>,
    /// Read the lexicon from this folder instead of the one built into the binary
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Do not cluster near-duplicate articles (must match how the database was ingested)
    #[arg(long)]
    pub no_near_duplicates: bool,
}

pub fn run(args: WorkerArgs) -> anyhow::Result<()> {
    if !marsad_store::is_postgres(&args.db) {
        return Err(super::UsageError(format!(
            "--db: a worker needs a PostgreSQL database (postgres://USER@HOST/DB), not {}",
            args.db.display()
        ))
        .into());
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let coder = super::code::coder(&lexicon, args.lexicon.as_deref(), false)?;
    let name = args.name.clone().unwrap_or_else(default_name);
    let mut worker = Worker::new(
        &coder,
        &name,
        Duration::from_secs(args.lease),
        !args.no_near_duplicates,
    );
    let db = marsad_store::redact_url(&args.db.to_string_lossy());
    eprintln!("marsad worker {name}: working on {db}");
    let total = run_worker(&args.db, &mut worker, args.until_empty, &stop, |line| {
        eprintln!("marsad worker {name}: {line}");
    })?;
    eprintln!("marsad worker {name}: stopped; {total}");
    Ok(())
}

/// `HOST-PID`: unique among running workers, and says where to look.
fn default_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "worker".into());
    format!("{host}-{}", std::process::id())
}
