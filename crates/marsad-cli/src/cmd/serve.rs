//! `marsad serve`: the JSON API and the dashboard over an event database (see `marsad-server`).
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;

/// The long help of `marsad serve`.
pub const LONG_ABOUT: &str = "\
Serve the JSON API (/api/..., described at /api/openapi.json) and the dashboard (/) over an event \
database, read-only. Watches come from --watch, or else from every watches/*.toml in the current \
folder. With --token-file, POST /api/ingest accepts `Authorization: Bearer <token>` (the file's \
first line) and ingests files on the server; without it the endpoint is disabled.

Every list is paged, an event's mentions too. Connections are limited (--max-connections, default \
512; more wait for a free one), a request head must arrive within --header-timeout seconds (default \
10, also the wait for the next request on a kept-alive connection), and a connection silent both \
ways for --idle-timeout seconds (default 60) while no request is being handled is closed.

The database is opened read-only and never changed, so it may sit in a folder the server cannot \
write; a database an older marsad wrote must be upgraded once by a writing command (marsad ingest).

The bound address is printed on stderr as `marsad: serving http://ADDR/`; --addr 127.0.0.1:0 picks \
a free port.

Examples:
  marsad ingest --db marsad.db examples/articles.jsonl && marsad serve --db marsad.db
  marsad serve --db marsad.db --addr 127.0.0.1:9000 --watch watches/iran-us-talks.toml";

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The event database (built by `marsad ingest` or `marsad run`)
    #[arg(
        long,
        env = "MARSAD_DB",
        hide_env_values = true,
        default_value = "marsad.db"
    )]
    pub db: PathBuf,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Watch definition (TOML); repeat for several [default: watches/*.toml]
    #[arg(long = "watch")]
    pub watches: Vec<PathBuf>,
    /// File holding the bearer token that enables POST /api/ingest
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Read-only database connections (queries running at once)
    #[arg(long)]
    pub readers: Option<usize>,
    /// Most client connections served at once; more wait for a free one
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_connections: u32,
    /// Seconds a client may take to send a request head
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds a connection may stay silent, both ways, between requests
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub idle_timeout: u64,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = marsad_server::Config::new(args.db);
    config.watches = if args.watches.is_empty() {
        default_watches(Path::new("watches"))?
    } else {
        args.watches
    };
    if let Some(path) = &args.token_file {
        config.token = Some(read_token(path)?);
    }
    if let Some(n) = args.readers {
        if n == 0 || n > 64 {
            bail!("--readers: expected 1 to 64, got {n}");
        }
        config.readers = n;
    }
    config.limits = marsad_server::Limits {
        header_timeout: Duration::from_secs(args.header_timeout),
        idle_timeout: Duration::from_secs(args.idle_timeout),
        max_connections: args.max_connections as usize,
    };
    if marsad_store::Store::exists(&config.db) {
        // The server's readers never migrate: an old schema is upgraded here, once, where the
        // database may be written (and refused with its reason where it may not).
        drop(super::events::open_existing(&config.db)?);
    }
    let watches = config.watches.len();
    marsad_server::run(&config, &args.addr, |addr| {
        eprintln!(
            "marsad: serving http://{addr}/ ({}, {watches} watch{}); Ctrl-C stops",
            marsad_store::display_name(&config.db),
            if watches == 1 { "" } else { "es" }
        );
    })?;
    Ok(())
}

/// Every `*.toml` in `dir`, sorted; none when the folder does not exist.
fn default_watches(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// The token: the file's first line, trimmed; at least 16 characters so a guess is hopeless.
fn read_token(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the token file {}", path.display()))?;
    let token = text.lines().next().unwrap_or("").trim().to_string();
    if token.chars().count() < 16 {
        bail!(
            "{}:1: the token must be at least 16 characters long",
            path.display()
        );
    }
    Ok(token)
}
