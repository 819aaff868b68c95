//! `marsad serve`: the JSON API and the dashboard over an event database (see `marsad-server`).
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;

/// The long help of `marsad serve`.
pub const LONG_ABOUT: &str = "\
Serve the JSON API (/api/..., described at /api/openapi.json) and the dashboard (/) over an event \
database, read-only. Watches come from --watch, or else from every watches/*.toml in the current \
folder. With --token-file, POST /api/ingest accepts `Authorization: Bearer <token>` (the file's \
first line) and ingests files on the server; without it the endpoint is disabled.

The bound address is printed on stderr as `marsad: serving http://ADDR/`; --addr 127.0.0.1:0 picks \
a free port.

Examples:
  marsad ingest --db marsad.db examples/articles.jsonl && marsad serve --db marsad.db
  marsad serve --db marsad.db --addr 127.0.0.1:9000 --watch watches/iran-us-talks.toml";

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The event database (built by `marsad ingest` or `marsad run`)
    #[arg(long, default_value = "marsad.db")]
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
    let watches = config.watches.len();
    marsad_server::run(&config, &args.addr, |addr| {
        eprintln!(
            "marsad: serving http://{addr}/ ({}, {watches} watch{}); Ctrl-C stops",
            config.db.display(),
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
