//! `marsad monitor`: the one process an analyst leaves running (issue 14, item 5).
//!
//! It polls every `[[source]]` of its watches on each source's interval, ingests what is new,
//! reassesses the watches when something was stored, hands each reassessment to
//! [`after_reassessment`] (where alerts are delivered), and serves the dashboard and the API of
//! `marsad serve` in the same process, with a status page (`/monitor`) and its JSON
//! (`GET /api/monitor`): each source's last fetch, answer, error and article count.
//!
//! Nothing here is a second ingest or a second server:
//! - a poll is [`marsad_ingest::poll::poll`], one round of `marsad ingest --every` for one URL
//!   (conditional GET with the validators in `DB.fetch.json`, the same pipeline);
//! - the assessment is [`marsad_watch::assess`], the call behind `marsad report` and the pages;
//! - the server is this crate's [`crate::router`], whose readers open the database read-only and
//!   see each batch once the poller commits it (SQLite's WAL mode).
//!
//! Threads: the poller runs on the caller's thread (it borrows the caller's [`Coder`], and each
//! poll blocks on the network and the coder), the server and the signal handler on a tokio
//! runtime beside it. SIGINT or SIGTERM asks the poller to stop; it finishes the source it is
//! polling (a poll is one transaction per batch, so stopping between polls loses nothing), skips
//! the rest of the round, reassesses if that poll stored something, and returns; then the server
//! stops accepting connections, finishes the requests in flight, and [`run`] returns `Ok`.
//! A second signal while stopping does not hurry it: what is being written is finished.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::response::{Html, IntoResponse, Json, Response};
use chrono::{DateTime, SecondsFormat};
use marsad_coder::Coder;
use marsad_ingest::poll::{self, Answer, PollOptions, PollSource};
use marsad_store::Store;
use marsad_text::lang::Lang;
use marsad_watch::{Assessed, Period, Watch};
use serde::Serialize;

use crate::html::{esc, layout, safe_href};
use crate::{AppState, Config, Error};

/// What `marsad monitor` was asked to do.
#[derive(Clone, Debug)]
pub struct MonitorOptions {
    /// The database (created when missing), the watches (their `[[source]]`s are polled) and the
    /// server's settings.
    pub config: Config,
    /// The address the dashboard listens on (`127.0.0.1:0` picks a free port).
    pub addr: String,
    /// The validator cache of conditional GETs (`DB.fetch.json`, shared with `marsad ingest`).
    pub fetch_cache: PathBuf,
    /// The largest document (and fetched body) read, in bytes.
    pub max_doc_bytes: u64,
}

/// The monitor's state as the status page shows it; shared between the poller and the server.
#[derive(Default)]
pub struct Monitor {
    status: Mutex<MonitorStatus>,
    stop: Mutex<bool>,
    wake: Condvar,
}

/// `GET /api/monitor`: what the monitor is doing. Under `marsad serve`, `running` is false and
/// the lists are empty.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MonitorStatus {
    pub running: bool,
    /// When the monitor started (RFC 3339, UTC).
    pub started: Option<String>,
    /// Rounds of polling done (a round polls every source that was due).
    pub rounds: u64,
    /// True once a signal asked the monitor to stop.
    pub stopping: bool,
    pub sources: Vec<SourceStatus>,
    pub watches: Vec<WatchStatus>,
}

/// One polled source.
#[derive(Clone, Debug, Serialize)]
pub struct SourceStatus {
    pub url: String,
    pub outlet: String,
    pub lang: Option<String>,
    pub every_seconds: u64,
    /// The watches that name this source.
    pub watches: Vec<String>,
    /// Polls made since the monitor started.
    pub polls: u64,
    /// When the last poll ended (RFC 3339, UTC).
    pub last_fetch: Option<String>,
    /// How the source answered the last poll: `fetched`, `not modified` or `failed`.
    pub last_answer: Option<&'static str>,
    /// The source's last error and when it happened; kept after a later success, so that a
    /// source that fails now and then shows it.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// True when the last poll failed.
    pub failing: bool,
    /// Documents read and articles newly stored by the last poll.
    pub last_read: usize,
    pub last_stored: usize,
    /// Articles newly stored from this source since the monitor started.
    pub stored_since_start: usize,
    /// Articles in the database whose source is this outlet.
    pub articles: u64,
    /// Errors of single items in the last poll (a linked page that failed), with their origins.
    pub item_errors: Vec<String>,
    /// When the next poll is due (RFC 3339, UTC).
    pub next_poll: Option<String>,
}

/// One watch's last reassessment.
#[derive(Clone, Debug, Serialize)]
pub struct WatchStatus {
    pub id: String,
    pub name: String,
    pub assessed_at: Option<String>,
    /// The current window's verdict, its first and last day, and the alerts of the assessment.
    pub verdict: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub alerts: usize,
    /// Why the last reassessment failed.
    pub error: Option<String>,
}

impl Monitor {
    /// A copy of the status, for the page and the API.
    pub fn status(&self) -> MonitorStatus {
        self.lock().clone()
    }

    /// Asks the poller to stop after the poll in progress.
    pub fn request_stop(&self) {
        *self.stop.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.lock().stopping = true;
        self.wake.notify_all();
    }

    /// True once [`Monitor::request_stop`] was called.
    pub fn stop_requested(&self) -> bool {
        *self.stop.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sleeps until `deadline` or a stop request; true when asked to stop.
    fn sleep_until(&self, deadline: Instant) -> bool {
        let mut stop = self.stop.lock().unwrap_or_else(|p| p.into_inner());
        while !*stop {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            stop = self
                .wake
                .wait_timeout(stop, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MonitorStatus> {
        self.status.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Runs the monitor until SIGINT or SIGTERM: see the module docs. `on_ready` is told the bound
/// address once the server listens (`:0` picks a free port); `log` receives one line per poll and
/// per reassessment.
pub fn run(
    options: &MonitorOptions,
    coder: &Coder<'_>,
    on_ready: impl FnOnce(SocketAddr),
    log: impl Fn(&str),
) -> Result<(), Error> {
    let config = &options.config;
    let watches = crate::load_watches(&config.watches)?;
    let sources = sources_of(&watches);
    if sources.is_empty() {
        return Err(Error::Monitor(format!(
            "no [[source]] in {}: nothing to poll (see watches/README.md)",
            config
                .watches
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    // Created (and migrated) read-write before the server's read-only readers open it.
    let mut store = Store::open(&config.db).map_err(|source| Error::Store {
        path: config.db.clone(),
        source,
    })?;
    let monitor = Arc::new(Monitor::default());
    {
        let mut status = monitor.lock();
        status.running = true;
        status.started = Some(now_rfc3339());
        status.sources = sources.iter().map(|s| s.status.clone()).collect();
        status.watches = watches.iter().map(watch_status).collect();
    }
    let state = crate::state(config, watches.clone(), Some(monitor.clone()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::Io)?;
    let addr = options.addr.clone();
    let (listener, signals) = runtime.block_on(async {
        // The handlers are installed before the address is announced: a signal sent as soon as
        // the monitor says it is ready stops it gracefully rather than killing it.
        let signals = Signals::install()?;
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|source| Error::Bind {
                addr: addr.clone(),
                source,
            })?;
        Ok::<_, Error>((listener, signals))
    })?;
    on_ready(listener.local_addr().map_err(Error::Io)?);
    let stopper = monitor.clone();
    runtime.spawn(async move {
        signals.wait().await;
        stopper.request_stop();
    });
    let (stop_server, server_stopped) = tokio::sync::oneshot::channel::<()>();
    let router = crate::router(state.clone());
    let server = runtime.spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = server_stopped.await;
            })
            .await
    });
    let polled = poll_loop(
        &mut store, coder, &sources, &watches, &monitor, &state, options, &log,
    );
    let _ = stop_server.send(());
    let served = runtime.block_on(server);
    polled?;
    served
        .map_err(|e| Error::Io(std::io::Error::other(e)))?
        .map_err(Error::Io)
}

/// What happens after each reassessment of a watch: its alerts are recorded once under their
/// stable ids and posted to the watch's `[[notify]]` webhooks (`marsad_alerts::record_and_deliver`,
/// in the store this poller writes to, so every alert a poll raises is stored and delivered before
/// the next poll), and the outcome (verdict, alerts, deliveries) goes to the status page and the
/// log. A delivery that fails is logged and shown as the watch's error; its alerts stay pending
/// for the next reassessment.
pub fn after_reassessment(
    monitor: &Monitor,
    store: &mut Store,
    watch: &Watch,
    assessed: &Assessed,
    log: &dyn Fn(&str),
) {
    let a = &assessed.assessment;
    let current = a.current();
    let verdict = current.map(|w| w.verdict.as_str().to_string());
    log(&format!(
        "reassessed {}: {} ({} to {}), {} alert{}",
        watch.id,
        verdict.as_deref().unwrap_or("no window"),
        a.from,
        a.to,
        a.alerts.len(),
        if a.alerts.len() == 1 { "" } else { "s" }
    ));
    let error = match marsad_alerts::record_and_deliver(store, watch, a) {
        Ok(report) => {
            for line in report.lines() {
                log(&line);
            }
            None
        }
        Err(e) => {
            let message = format!("delivering the alerts of {}: {e}", watch.id);
            log(&message);
            Some(message)
        }
    };
    let mut status = monitor.lock();
    if let Some(w) = status.watches.iter_mut().find(|w| w.id == watch.id) {
        w.assessed_at = Some(now_rfc3339());
        w.verdict = verdict;
        w.from = Some(a.from.to_string());
        w.to = Some(a.to.to_string());
        w.alerts = a.alerts.len();
        w.error = error;
    }
}

/// `GET /monitor`: the monitor's sources and watches.
pub async fn page(State(state): State<Arc<AppState>>) -> Html<String> {
    let status = state
        .monitor
        .as_ref()
        .map(|m| m.status())
        .unwrap_or_default();
    Html(layout("Monitor", "/monitor", &render(&status)))
}

/// `GET /api/monitor`: [`MonitorStatus`] as JSON.
pub async fn api(State(state): State<Arc<AppState>>) -> Response {
    let status = state
        .monitor
        .as_ref()
        .map(|m| m.status())
        .unwrap_or_default();
    Json(status).into_response()
}

// ---------------------------------------------------------------------------------------------

/// A source to poll, with the status entry it updates.
struct Polled {
    source: PollSource,
    every: Duration,
    status: SourceStatus,
}

/// Every source of every watch, once per URL: a URL two watches name is polled once, at the
/// shorter of their intervals, and lists both watches.
fn sources_of(watches: &[Watch]) -> Vec<Polled> {
    let mut by_url: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Polled> = Vec::new();
    for w in watches {
        for s in &w.sources {
            if let Some(&i) = by_url.get(&s.url) {
                let p = &mut out[i];
                p.every = p.every.min(Duration::from_secs(s.every_seconds));
                p.status.every_seconds = p.every.as_secs();
                if !p.status.watches.contains(&w.id) {
                    p.status.watches.push(w.id.clone());
                }
                continue;
            }
            by_url.insert(s.url.clone(), out.len());
            out.push(Polled {
                source: PollSource {
                    url: s.url.clone(),
                    lang: s.lang.as_deref().and_then(|l| l.parse::<Lang>().ok()),
                    outlet: Some(s.outlet.clone()),
                },
                every: Duration::from_secs(s.every_seconds),
                status: SourceStatus {
                    url: s.url.clone(),
                    outlet: s.outlet.clone(),
                    lang: s.lang.clone(),
                    every_seconds: s.every_seconds,
                    watches: vec![w.id.clone()],
                    polls: 0,
                    last_fetch: None,
                    last_answer: None,
                    last_error: None,
                    last_error_at: None,
                    failing: false,
                    last_read: 0,
                    last_stored: 0,
                    stored_since_start: 0,
                    articles: 0,
                    item_errors: Vec::new(),
                    next_poll: None,
                },
            });
        }
    }
    out
}

/// Polls due sources until asked to stop; reassesses after a round that stored something (and
/// after the first round, so the status page has verdicts from the start).
#[allow(clippy::too_many_arguments)] // One call site; a struct would only rename these.
fn poll_loop(
    store: &mut Store,
    coder: &Coder<'_>,
    sources: &[Polled],
    watches: &[Watch],
    monitor: &Monitor,
    state: &AppState,
    options: &MonitorOptions,
    log: &dyn Fn(&str),
) -> Result<(), Error> {
    let poll_options = PollOptions {
        fetch_cache: Some(options.fetch_cache.clone()),
        max_doc_bytes: options.max_doc_bytes,
    };
    let mut due: Vec<Instant> = vec![Instant::now(); sources.len()];
    // Each poll has a fetcher of its own, so the fetcher's per-host delay is kept here too:
    // three feeds of one site are not asked within the same second.
    let spacing = marsad_ingest::fetch::FetchOptions::default().per_host_delay;
    let mut last_by_host: BTreeMap<&str, Instant> = BTreeMap::new();
    let mut first = true;
    while !monitor.stop_requested() {
        let now = Instant::now();
        let ready: Vec<usize> = (0..sources.len()).filter(|&i| due[i] <= now).collect();
        if ready.is_empty() {
            let next = due.iter().min().copied().unwrap_or(now);
            if monitor.sleep_until(next) {
                break;
            }
            continue;
        }
        let mut stored = 0;
        for (n, i) in ready.into_iter().enumerate() {
            // Stop between polls, never inside one.
            let p = &sources[i];
            let host = host_of(&p.source.url);
            let ready = last_by_host.get(host).map_or(now, |last| *last + spacing);
            if monitor.sleep_until(ready) {
                break;
            }
            let outcome = poll::poll(store, coder, &p.source, &poll_options)
                .map_err(|e| Error::Monitor(format!("polling {}: {e}", p.source.url)))?;
            last_by_host.insert(host, Instant::now());
            // A count that fails to read leaves the last one shown; the poll itself is stored.
            let articles = store.count_articles_from(&p.status.outlet).ok();
            due[i] = Instant::now() + p.every;
            let next = SystemTime::now() + p.every;
            stored += outcome.summary.stored;
            log(&match &outcome.error {
                Some(e) => format!("{} ({}): failed: {e}", p.status.outlet, p.source.url),
                None => format!(
                    "{} ({}): {}, {} read, {} new",
                    p.status.outlet,
                    p.source.url,
                    outcome.answer.as_str(),
                    outcome.summary.read,
                    outcome.summary.stored
                ),
            });
            let mut status = monitor.lock();
            status.rounds += u64::from(n == 0);
            let s = &mut status.sources[i];
            let at = now_rfc3339();
            s.polls += 1;
            s.last_fetch = Some(at.clone());
            s.last_answer = Some(outcome.answer.as_str());
            s.failing = outcome.answer == Answer::Failed;
            if let Some(e) = outcome.error {
                s.last_error = Some(e);
                s.last_error_at = Some(at);
            }
            s.last_read = outcome.summary.read;
            s.last_stored = outcome.summary.stored;
            s.stored_since_start += outcome.summary.stored;
            if let Some(articles) = articles {
                s.articles = articles;
            }
            s.item_errors = outcome.item_errors;
            s.next_poll = Some(rfc3339(next));
        }
        if stored > 0 || first {
            reassess(store, watches, monitor, log);
            // The dashboard's cached assessments predate what was just stored.
            state.watch_cache.clear();
        }
        first = false;
    }
    log("stopping: the poll in progress is finished");
    Ok(())
}

/// Reassesses every watch over its default period and hands each result to
/// [`after_reassessment`].
fn reassess(store: &mut Store, watches: &[Watch], monitor: &Monitor, log: &dyn Fn(&str)) {
    for w in watches {
        match marsad_watch::assess(store, w, Period::default(), None) {
            Ok(assessed) => after_reassessment(monitor, store, w, &assessed, log),
            Err(e) => {
                log(&format!("reassessing {}: {e}", w.id));
                let mut status = monitor.lock();
                if let Some(s) = status.watches.iter_mut().find(|s| s.id == w.id) {
                    s.assessed_at = Some(now_rfc3339());
                    s.error = Some(e.to_string());
                }
            }
        }
    }
}

/// The host (with its port) of a URL: `https://feeds.bbci.co.uk/arabic/rss.xml` → `feeds.bbci.co.uk`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

fn watch_status(w: &Watch) -> WatchStatus {
    WatchStatus {
        id: w.id.clone(),
        name: w.name.clone(),
        assessed_at: None,
        verdict: None,
        from: None,
        to: None,
        alerts: 0,
        error: None,
    }
}

/// SIGINT and SIGTERM (Ctrl-C only where there is no SIGTERM).
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> Result<Signals, Error> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Signals {
                term: signal(SignalKind::terminate()).map_err(Error::Io)?,
                int: signal(SignalKind::interrupt()).map_err(Error::Io)?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

fn now_rfc3339() -> String {
    rfc3339(SystemTime::now())
}

fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    DateTime::from_timestamp(d.as_secs() as i64, 0)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// The status page's body.
fn render(status: &MonitorStatus) -> String {
    let mut body = String::new();
    if !status.running {
        body.push_str(
            "<p class=\"empty\">No monitor is running in this process: this dashboard was started \
             with <code>marsad serve</code>. Start <code>marsad monitor --db DB --watch FILE</code> \
             to poll the watches' sources.</p>",
        );
        return body;
    }
    let _ = write!(
        body,
        "<dl class=\"facts\"><dt>Started</dt><dd>{}</dd><dt>Rounds of polling</dt><dd>{}</dd>{}</dl>",
        esc(status.started.as_deref().unwrap_or("–")),
        status.rounds,
        if status.stopping {
            "<dt>State</dt><dd>stopping</dd>"
        } else {
            ""
        }
    );
    let _ = write!(body, "<h2>Sources ({})</h2>", status.sources.len());
    body.push_str(
        "<table><thead><tr><th>Outlet</th><th>URL</th><th>Lang</th><th>Every</th>\
         <th>Last fetch</th><th>Answer</th><th>New</th><th>Articles</th><th>Last error</th>\
         <th>Next poll</th></tr></thead><tbody>",
    );
    for s in &status.sources {
        let url = match safe_href(&s.url) {
            Some(href) => format!("<a href=\"{}\"><code>{}</code></a>", esc(href), esc(&s.url)),
            None => format!("<code>{}</code>", esc(&s.url)),
        };
        let error = match (&s.last_error, &s.last_error_at) {
            (Some(e), Some(at)) => format!("{} <small>({})</small>", esc(e), esc(at)),
            (Some(e), None) => esc(e).to_string(),
            _ => "–".to_string(),
        };
        let _ = write!(
            body,
            "<tr{}><td><bdi>{}</bdi></td><td>{url}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td class=\"source-error\">{error}</td><td>{}</td></tr>",
            if s.failing { " class=\"failing\"" } else { "" },
            esc(&s.outlet),
            esc(s.lang.as_deref().unwrap_or("detect")),
            every(s.every_seconds),
            esc(s.last_fetch.as_deref().unwrap_or("not yet")),
            esc(s.last_answer.unwrap_or("–")),
            s.last_stored,
            s.articles,
            esc(s.next_poll.as_deref().unwrap_or("–")),
        );
    }
    body.push_str("</tbody></table>");
    let _ = write!(body, "<h2>Watches ({})</h2>", status.watches.len());
    body.push_str(
        "<table><thead><tr><th>Watch</th><th>Reassessed</th><th>Verdict</th><th>Period</th>\
         <th>Alerts</th></tr></thead><tbody>",
    );
    for w in &status.watches {
        let verdict = match (&w.error, &w.verdict) {
            (Some(e), _) => format!("<span class=\"error\">{}</span>", esc(e)),
            (None, Some(v)) => esc(v).to_string(),
            (None, None) => "–".to_string(),
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{verdict}</td><td>{} to {}</td><td>{}</td></tr>",
            esc(&w.name),
            esc(w.assessed_at.as_deref().unwrap_or("not yet")),
            esc(w.from.as_deref().unwrap_or("–")),
            esc(w.to.as_deref().unwrap_or("–")),
            w.alerts
        );
    }
    body.push_str("</tbody></table><p><a href=\"/api/monitor\">This page as JSON</a></p>");
    body
}

/// `900` → `15 min`.
fn every(seconds: u64) -> String {
    match seconds {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watch(id: &str, sources: &str) -> Watch {
        let text = format!(
            "name = \"{id}\"\nparties = [{{ code = \"IRN\" }}, {{ code = \"USA\" }}]\n{sources}"
        );
        Watch::from_toml(
            &text,
            &format!("{id}.toml"),
            marsad_watch::Vocabulary::embedded(),
        )
        .unwrap()
    }

    /// A URL two watches name is polled once, at the shorter interval, for both watches.
    #[test]
    fn sources_are_polled_once_per_url() {
        let a = watch(
            "a",
            "[[source]]\nurl = \"https://x.example/rss\"\nevery = 600\n[[source]]\nurl = \"https://y.example/rss\"\nlang = \"fa\"\n",
        );
        let b = watch(
            "b",
            "[[source]]\nurl = \"https://x.example/rss\"\nevery = 60\n",
        );
        let got: Vec<(String, u64, Vec<String>, Option<Lang>)> = sources_of(&[a, b])
            .into_iter()
            .map(|p| {
                (
                    p.source.url,
                    p.every.as_secs(),
                    p.status.watches,
                    p.source.lang,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "https://x.example/rss".into(),
                    60,
                    vec!["a".into(), "b".into()],
                    None
                ),
                (
                    "https://y.example/rss".into(),
                    900,
                    vec!["a".into()],
                    Some(Lang::Fa)
                ),
            ]
        );
    }

    /// The page escapes what a source sends back (an error message is data from the network).
    #[test]
    fn the_status_page_escapes_source_errors() {
        let mut status = MonitorStatus {
            running: true,
            ..MonitorStatus::default()
        };
        let mut s = sources_of(&[watch("a", "[[source]]\nurl = \"https://x.example/rss\"\n")])
            .remove(0)
            .status;
        s.last_error = Some("bad feed: <script>".into());
        s.failing = true;
        status.sources.push(s);
        let html = render(&status);
        assert!(html.contains("bad feed: &lt;script&gt;"), "{html}");
        assert!(html.contains("class=\"failing\""));
        assert!(html.contains("15 min"));
        assert!(render(&MonitorStatus::default()).contains("marsad serve"));
    }

    #[test]
    fn a_stop_request_wakes_the_sleeper() {
        let m = Arc::new(Monitor::default());
        let m2 = m.clone();
        let t =
            std::thread::spawn(move || m2.sleep_until(Instant::now() + Duration::from_secs(60)));
        std::thread::sleep(Duration::from_millis(50));
        m.request_stop();
        assert!(t.join().unwrap());
        assert!(!Monitor::default().sleep_until(Instant::now()));
    }

    /// A reassessment records its alerts in the store once, under their stable ids, and shows
    /// the outcome on the status page; a second reassessment of the same events records nothing.
    #[test]
    fn a_reassessment_records_its_alerts_once() {
        let w = watch(
            "alerting",
            "[[test]]\nid = \"military\"\n[[indicator]]\nid = \"incidents\"\ntest = \"military\"\n\
             direction = \"escalation\"\nevents = [\"ASSAULT\"]\nscope = \"dyad\"\n[[alert]]\n\
             kind = \"threshold\"\nindicator = \"incidents\"\nat_least = 1\n",
        );
        let drone: marsad_store::model::StoredEvent = serde_json::from_value(serde_json::json!({
            "id": "ev-1", "event": "ASSAULT", "mode": null, "context": ["military"],
            "cameo": "190", "quad_code": 4, "event_scale": -9.0, "goldstein": -10.0,
            "date": "2026-02-03", "date_end": null, "negated": false, "aux": [],
            "actor": [{"text": "US forces", "start": 0, "end": 9, "code": "USA",
                       "sector": "MIL", "name": null, "wikidata": null}],
            "recipient": [{"text": "an Iranian drone", "start": 20, "end": 36, "code": "IRN",
                           "sector": "MIL", "name": null, "wikidata": null}],
            "actor_codes": ["USA"], "recipient_codes": ["IRN"], "location": null,
            "trigger": "shot down", "text": "US forces shot down an Iranian drone.",
            "language": "en", "mentions": 1, "articles": 1, "sources": 1, "tables": null
        }))
        .unwrap();
        let period = marsad_watch::Period {
            from: chrono::NaiveDate::from_ymd_opt(2026, 2, 1),
            to: chrono::NaiveDate::from_ymd_opt(2026, 2, 6),
        };
        let assessed = Assessed {
            assessment: marsad_watch::evaluate(&w, std::slice::from_ref(&drone), period).unwrap(),
            events: vec![drone],
        };
        assert!(
            !assessed.assessment.alerts.is_empty(),
            "the threshold fires"
        );
        let monitor = Monitor::default();
        monitor.lock().watches.push(WatchStatus {
            id: w.id.clone(),
            name: w.name.clone(),
            assessed_at: None,
            verdict: None,
            from: None,
            to: None,
            alerts: 0,
            error: None,
        });
        let mut store = Store::open_in_memory().unwrap();
        let lines = std::cell::RefCell::new(Vec::new());
        let log = |l: &str| lines.borrow_mut().push(l.to_string());
        after_reassessment(&monitor, &mut store, &w, &assessed, &log);
        let stored = store.alerts(&w.id, None).unwrap();
        assert_eq!(stored.len(), assessed.assessment.alerts.len());
        after_reassessment(&monitor, &mut store, &w, &assessed, &log);
        assert_eq!(store.alerts(&w.id, None).unwrap().len(), stored.len());
        let log = lines.borrow().join("\n");
        assert!(log.contains("1 new") && log.contains("0 new"), "{log}");
        let status = monitor.status();
        assert_eq!(status.watches[0].alerts, stored.len());
        assert_eq!(status.watches[0].error, None);
    }
}
