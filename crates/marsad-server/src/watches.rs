//! Watches as the server sees them: the configured definitions, their assessments over the
//! store (computed by `marsad-watch`, cached for a few seconds), and the per-test views the
//! overview draws.
//!
//! The assessment is `marsad_watch::assess`, the call `marsad report` makes, so the dashboard, the
//! API and the report agree on the period, the series and the counts. It reads every event of
//! the watch in the period, so it is computed at most once per [`CACHE_SECONDS`] per watch and
//! shared by all requests in between; a request with its own `from`/`to` is computed afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use marsad_store::model::StoredEvent;
use marsad_watch::{Assessment, ErrorKind, Period, TestWindow, Watch};
use serde::Serialize;

use crate::api::ApiError;
use crate::AppState;

/// How long an assessment is reused.
pub const CACHE_SECONDS: u64 = 10;

/// An assessment with the stored events it cites, for highlighting their evidence.
pub struct WatchView {
    pub assessment: Assessment,
    pub events: HashMap<String, StoredEvent>,
}

/// The computed assessments, by watch id.
#[derive(Default)]
pub struct WatchCache {
    entries: Mutex<HashMap<String, (Instant, Arc<WatchView>)>>,
}

impl WatchCache {
    /// Forgets every assessment (after an ingest).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// One line of `GET /api/watches`.
#[derive(Debug, Serialize)]
pub struct WatchSummary {
    /// The watch id, used in `/api/watches/{name}`.
    pub name: String,
    pub title: String,
    pub description: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The current window's verdict and score.
    pub verdict: Option<String>,
    pub score: Option<f64>,
    pub tests: Vec<TestSummary>,
}

#[derive(Debug, Serialize)]
pub struct TestSummary {
    pub id: String,
    pub title: String,
    pub verdict: Option<String>,
    pub score: Option<f64>,
}

impl WatchSummary {
    pub fn of(a: &Assessment) -> Self {
        let current = a.current();
        WatchSummary {
            name: a.watch.id.clone(),
            title: a.watch.name.clone(),
            description: a.watch.description.clone(),
            from: a.from,
            to: a.to,
            verdict: current.map(|w| w.verdict.as_str().to_string()),
            score: current.map(|w| w.score),
            tests: a
                .watch
                .tests
                .iter()
                .map(|t| {
                    let tw = test_window(a, &t.id);
                    TestSummary {
                        id: t.id.clone(),
                        title: t.title.clone(),
                        verdict: tw.map(|w| w.verdict.as_str().to_string()),
                        score: tw.map(|w| w.score),
                    }
                })
                .collect(),
        }
    }
}

/// The watch with this id, or a 404 naming the known ones.
pub fn find<'a>(state: &'a AppState, name: &str) -> Result<&'a Watch, ApiError> {
    state.watches.iter().find(|w| w.id == name).ok_or_else(|| {
        let known: Vec<&str> = state.watches.iter().map(|w| w.id.as_str()).collect();
        ApiError::not_found(format!(
            "no watch {name:?}; configured: {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

/// The assessment of `watch` over `period`: cached when the period is the default.
pub async fn view(
    state: &Arc<AppState>,
    watch: &Watch,
    period: Period,
) -> Result<Arc<WatchView>, ApiError> {
    let cacheable = period == Period::default();
    if cacheable {
        let entries = state
            .watch_cache
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some((at, view)) = entries.get(&watch.id) {
            if at.elapsed() < Duration::from_secs(CACHE_SECONDS) {
                return Ok(view.clone());
            }
        }
    }
    let w = watch.clone();
    // The same call as `marsad report`: one period rule, one assessment (issue 13, item 9).
    let assessed = state
        .pool
        .run(move |store| {
            Ok(marsad_watch::assess(
                store,
                &w,
                period,
                Some(MAX_WATCH_EVENTS),
            ))
        })
        .await?
        .map_err(|e| match e.kind {
            ErrorKind::Invalid(_) => ApiError::bad_request(format!("watch {}: {e}", watch.id)),
            _ => ApiError {
                status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                message: format!("watch {}: {e}", watch.id),
            },
        })?;
    let (assessment, events) = (assessed.assessment, assessed.events);
    let mut cited: HashMap<String, StoredEvent> = HashMap::new();
    let wanted: std::collections::HashSet<&str> =
        assessment.events.iter().map(|e| e.id.as_str()).collect();
    for e in events {
        if wanted.contains(e.id.as_str()) {
            cited.insert(e.id.clone(), e);
        }
    }
    let view = Arc::new(WatchView {
        assessment,
        events: cited,
    });
    if cacheable {
        state
            .watch_cache
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(watch.id.clone(), (Instant::now(), view.clone()));
    }
    Ok(view)
}

/// Most events one assessment reads; a longer period is refused rather than exhausting memory.
pub const MAX_WATCH_EVENTS: usize = 200_000;

/// A test's state in the current window.
pub fn test_window<'a>(a: &'a Assessment, test: &str) -> Option<&'a TestWindow> {
    a.current()?.tests.iter().find(|t| t.id == test)
}

/// The `from`/`to` query parameters of a watch request.
pub fn parse_period(raw: Option<&str>) -> Result<Period, ApiError> {
    let mut period = Period::default();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let date = || {
            NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_request(format!("{key}: expected YYYY-MM-DD, got {value:?}"))
            })
        };
        match key.as_ref() {
            "from" => period.from = Some(date()?),
            "to" => period.to = Some(date()?),
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?}; expected from or to"
                )))
            }
        }
    }
    if let (Some(f), Some(t)) = (period.from, period.to) {
        if f > t {
            return Err(ApiError::bad_request(format!("from {f} is after to {t}")));
        }
        if (t - f).num_days() > 3660 {
            return Err(ApiError::bad_request(
                "a period is at most ten years long".to_string(),
            ));
        }
    }
    Ok(period)
}
