//! The HTTP side of Marsad: a JSON API described by an OpenAPI document, and a dashboard of
//! server-rendered HTML pages with SVG charts, both over one read-only event store.
//!
//! `marsad serve` builds a [`Config`], calls [`app`] and hands the router to [`serve`]. The server
//! does no coding and no watch arithmetic itself: events come from `marsad-store`, watch
//! evaluations from `marsad-watch`; this crate parses requests, bounds them, and renders.
//!
//! What it guarantees:
//! - **Read-only by default.** The database is opened read-only. The one write endpoint,
//!   `POST /api/ingest`, exists only when a token file is configured, and needs
//!   `Authorization: Bearer <token>`.
//! - **Bounded.** Page sizes ([`params::MAX_LIMIT`]), offsets, query strings and request bodies
//!   have limits; a request over one is a 400 (or 413) naming the limit, never a silent clamp.
//!   Every list is paged, an event's mentions too ([`api::load_event`]), so no response grows
//!   with the database. Connections are limited in number and time out ([`conn::Limits`]): a
//!   client that sends half a request, or nothing, is disconnected.
//! - **Escaped.** Every piece of article data reaches HTML through [`html::esc`], links only
//!   through [`html::safe_href`], and every response carries a `default-src 'self'` content
//!   security policy: the pages use no script and no inline style.
//! - **Offline.** Styles and icons are compiled into the binary; nothing is fetched at runtime.
//!
//! Modules: [`conn`] (the connection loop and its limits), [`api`] (JSON handlers), [`pages`] (HTML handlers), [`analyst`] (the verdict strip,
//! the timeline around an event and the comparison of two periods, pages and API), [`params`] (the event filters
//! both share), [`watches`] (assessments and their cache), [`evidence`] (sentences with their
//! highlighted spans), [`html`] and [`svg`] (rendering), [`db`] (the connection pool), [`feeds`]
//! (a watch's alerts as Atom) and [`monitor`] (`marsad monitor`).
//!
//! ```no_run
//! # async fn run() -> Result<(), marsad_server::Error> {
//! let config = marsad_server::Config::new("marsad.db".into());
//! let router = marsad_server::app(&config)?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.map_err(marsad_server::Error::Io)?;
//! marsad_server::serve(listener, router, config.limits).await
//! # }
//! ```

pub mod analyst;
pub mod api;
pub mod conn;
pub mod db;
pub mod evidence;
pub mod feeds;
pub mod html;
pub mod ingest;
pub mod monitor;
pub mod pages;
pub mod params;
pub mod svg;
pub mod watches;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;

pub use conn::Limits;

/// The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The longest period, in days, a watch may be assessed over (`/api/watches/{name}?from=&to=`,
/// and `marsad report`, which applies the same bound): a longer one is refused, not clamped.
/// A test checks that [`watches::parse_period`] enforces exactly this.
pub const MAX_PERIOD_DAYS: i64 = 3660;

/// Largest accepted request body, in bytes (only `POST /api/ingest` reads one).
pub const MAX_BODY: usize = 64 * 1024;

/// The content security policy of every response: nothing but this server's own files, no
/// inline script or style, no framing.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The JSON API's paths, as documented in [`OPENAPI`]; a test checks the two agree.
pub const API_PATHS: &[&str] = &[
    "/api/events",
    "/api/events/{id}",
    "/api/events/{id}/around",
    "/api/watches",
    "/api/watches/{name}",
    "/api/watches/{name}/compare",
    "/api/actors",
    "/api/stats",
    "/api/openapi.json",
    "/api/ingest",
    "/api/monitor",
];

/// What `marsad serve` was asked to serve.
#[derive(Clone, Debug)]
pub struct Config {
    /// The event database, opened read-only.
    pub db: PathBuf,
    /// Watch definition files (TOML) for the overview and `/api/watches`.
    pub watches: Vec<PathBuf>,
    /// The bearer token that enables `POST /api/ingest`; `None` disables it.
    pub token: Option<String>,
    /// How many read-only connections to keep (one query runs on each at a time).
    pub readers: usize,
    /// Connection limits and timeouts.
    pub limits: Limits,
}

impl Config {
    /// A configuration with no watches, no token and one reader per core.
    pub fn new(db: PathBuf) -> Self {
        let readers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
        Config {
            db,
            watches: Vec::new(),
            token: None,
            readers,
            limits: Limits::default(),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot open the database {path}")]
    Store {
        path: PathBuf,
        #[source]
        source: marsad_store::Error,
    },
    #[error("no database at {}; build one with `marsad ingest --db {} examples/articles.jsonl`", .0.display(), .0.display())]
    NoDatabase(PathBuf),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot load the watch {}", .path.display())]
    Watch {
        path: PathBuf,
        #[source]
        source: marsad_watch::Error,
    },
    #[error("server i/o")]
    Io(#[source] std::io::Error),
    /// `marsad monitor` cannot start or go on (no sources, a store failure while polling).
    #[error("{0}")]
    Monitor(String),
}

/// The shared state of every handler.
pub struct AppState {
    pub pool: db::StorePool,
    pub watches: Vec<marsad_watch::Watch>,
    pub watch_cache: watches::WatchCache,
    pub token: Option<String>,
    pub db_path: PathBuf,
    /// Held while `POST /api/ingest` runs.
    pub ingest_lock: tokio::sync::Mutex<()>,
    /// The poller's status under `marsad monitor`; `None` under `marsad serve`.
    pub monitor: Option<Arc<monitor::Monitor>>,
}

/// Opens the store and the watches and builds the router with its security layers.
pub fn app(config: &Config) -> Result<Router, Error> {
    let watches = load_watches(&config.watches)?;
    Ok(router(state(config, watches, None)?))
}

/// Reads and checks the watch files, naming the one that fails.
pub fn load_watches(paths: &[PathBuf]) -> Result<Vec<marsad_watch::Watch>, Error> {
    paths
        .iter()
        .map(|path| {
            marsad_watch::Watch::load(path).map_err(|source| Error::Watch {
                path: path.clone(),
                source,
            })
        })
        .collect()
}

/// The handlers' shared state: the read-only pool over `config.db`, the watches, and the
/// monitor's status when `marsad monitor` runs the server.
pub fn state(
    config: &Config,
    watches: Vec<marsad_watch::Watch>,
    monitor: Option<Arc<monitor::Monitor>>,
) -> Result<Arc<AppState>, Error> {
    let pool = db::StorePool::open_read_only(&config.db, config.readers)?;
    Ok(Arc::new(AppState {
        pool,
        watches,
        watch_cache: watches::WatchCache::default(),
        token: config.token.clone(),
        db_path: config.db.clone(),
        ingest_lock: tokio::sync::Mutex::new(()),
        monitor,
    }))
}

/// The routes: the JSON API under `/api`, the dashboard pages, and the compiled-in assets.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/events/{id}/around", get(analyst::api_around))
        .route("/api/watches", get(api::watches))
        .route("/api/watches/{name}", get(api::watch))
        .route("/api/watches/{name}/compare", get(analyst::api_compare))
        .route("/api/actors", get(api::actors))
        .route("/api/stats", get(api::stats))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/ingest", post(api::ingest))
        .route("/api/monitor", get(monitor::api))
        .route("/api/{*rest}", get(api::not_found))
        .route("/", get(pages::overview))
        .route("/timeline", get(pages::timeline))
        .route("/events", get(pages::events))
        .route("/events/{id}", get(pages::event))
        .route("/events/{id}/around", get(analyst::around_page))
        .route("/watches/{name}/compare", get(analyst::compare_page))
        .route("/status", get(pages::status))
        .route("/watches/{id}/alerts.atom", get(feeds::alerts_atom))
        .route("/monitor", get(monitor::page))
        .route("/assets/style.css", get(pages::style))
        .route("/assets/favicon.svg", get(pages::favicon))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Opens everything, binds `addr`, tells `on_ready` the bound address (the port is chosen by the
/// system when `addr` ends in `:0`), and serves until Ctrl-C on a runtime of its own: the one call
/// `marsad serve` makes.
pub fn run(
    config: &Config,
    addr: &str,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> Result<(), Error> {
    let router = app(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Io)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind {
                addr: addr.to_string(),
                source,
            })?;
        on_ready(listener.local_addr().map_err(Error::Io)?);
        serve(listener, router, config.limits).await
    })
}

/// Serves `router` on `listener` under `limits` until Ctrl-C (see [`conn`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: Limits,
) -> Result<(), Error> {
    conn::serve(listener, router, limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(Error::Io)
}

async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The period bound `marsad report` borrows is the one the API enforces.
    #[test]
    fn the_api_refuses_periods_beyond_max_period_days() {
        let from = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        let query = |days: i64| {
            let to = from + chrono::Duration::days(days);
            format!("from={from}&to={to}")
        };
        assert!(watches::parse_period(Some(&query(MAX_PERIOD_DAYS))).is_ok());
        assert!(watches::parse_period(Some(&query(MAX_PERIOD_DAYS + 1))).is_err());
    }

    /// The document parses, and its paths are exactly the routes of [`API_PATHS`].
    #[test]
    fn openapi_documents_every_api_route_and_no_other() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("openapi.json parses");
        assert_eq!(doc["openapi"], "3.1.0");
        let mut documented: Vec<&str> = doc["paths"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut routes = API_PATHS.to_vec();
        documented.sort_unstable();
        routes.sort_unstable();
        assert_eq!(documented, routes);
        // Every $ref resolves.
        let text = OPENAPI;
        for r in text.split("\"$ref\": \"#/components/schemas/").skip(1) {
            let name = r.split('"').next().unwrap();
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "unresolved $ref {name}"
            );
        }
    }
}
