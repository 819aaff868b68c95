//! `marsad monitor`: poll the watches' sources, ingest, reassess and serve the dashboard in one
//! long-running process (see `marsad_server::monitor`, where the loop lives).

use std::path::PathBuf;

use clap::Args;

use super::code::{load_lexicon, parse_bytes_arg};
use super::ingest::fetch_cache_path;

/// The long help of `marsad monitor`.
pub const LONG_ABOUT: &str = "\
The one process an analyst leaves running. It polls every [[source]] of the watches (a feed or \
page URL, its language, the outlet's name and a polling interval; see watches/README.md) on the \
source's interval, with conditional GETs (the ETag / Last-Modified validators are kept in \
DB.fetch.json, as `marsad ingest --every` keeps them), ingests and codes what is new, reassesses \
the watches when something was stored, and serves the dashboard and the JSON API of `marsad serve` \
on --addr. /monitor shows each source's last fetch, answer, last error and article count, and \
each watch's last reassessment; GET /api/monitor gives the same as JSON.

A source that fails (network error, http status, a body that is not a feed) is shown with its \
error and polled again at its next interval; the monitor goes on. SIGINT (Ctrl-C) or SIGTERM \
stops it gracefully: the poll in progress is finished and stored, the server finishes the \
requests in flight, and the process exits 0.

The bound address is printed on stderr as `marsad: serving http://ADDR/`, then one line per poll \
and per reassessment.

Exit codes: 0 stopped by a signal, 1 a watch does not load, names no source, the database cannot \
be opened or written, or the address cannot be bound, 2 bad usage.

Examples:
  marsad monitor --db news.db --watch watches/iran-us-talks.toml
  marsad monitor --db news.db --watch watches/iran-us-talks.toml --watch watches/israel-hezbollah.toml --addr 127.0.0.1:9000";

#[derive(Args, Debug)]
pub struct MonitorArgs {
    /// The database file (created when missing)
    #[arg(
        long,
        env = "MARSAD_DB",
        hide_env_values = true,
        default_value = "marsad.db"
    )]
    pub db: PathBuf,
    /// Watch definition (TOML) whose [[source]]s are polled; repeat for several
    #[arg(long = "watch", required = true)]
    pub watches: Vec<PathBuf>,
    /// Address the dashboard listens on
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Read the lexicon from this folder instead of the one built into the binary
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Skip documents (and fetched bodies) larger than this; accepts k, M and G suffixes
    #[arg(long, value_name = "BYTES", default_value = "10M", value_parser = parse_bytes_arg)]
    pub max_doc_bytes: u64,
}

pub fn run(args: MonitorArgs) -> anyhow::Result<()> {
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let coder = super::code::coder(&lexicon, args.lexicon.as_deref(), false)?;
    let mut config = marsad_server::Config::new(args.db.clone());
    config.watches = args.watches;
    let options = marsad_server::monitor::MonitorOptions {
        fetch_cache: fetch_cache_path(&args.db),
        config,
        addr: args.addr,
        max_doc_bytes: args.max_doc_bytes,
    };
    marsad_server::monitor::run(
        &options,
        &coder,
        |addr| {
            eprintln!(
                "marsad: serving http://{addr}/ ({}); monitoring, status at /monitor; Ctrl-C stops",
                args.db.display()
            );
        },
        |line| eprintln!("marsad: {line}"),
    )?;
    eprintln!("marsad: stopped");
    Ok(())
}
