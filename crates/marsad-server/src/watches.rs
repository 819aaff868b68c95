//! Watches as the server sees them: the configured definitions, their assessments over the
//! store (computed by `marsad-watch`, cached for a few seconds), and the per-test views the
//! overview draws.
//!
//! An assessment reads every event that involves a party or a mediator, so it is computed at most
//! once per [`CACHE_SECONDS`] per watch and shared by all requests in between; a request with its
//! own `from`/`to` is computed afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use marsad_store::model::{EventQuery, StoredEvent};
use marsad_store::Store;
use marsad_watch::{evaluate, Assessment, Period, TestWindow, Watch};
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
    let (events, period) = state
        .pool
        .run(move |store| {
            // Bound the read by the period: both ends set, the default ending at the store's
            // last event date, so the current window is the latest the data allows.
            let last = store.stats()?.last_date;
            let period = resolve(period, last, w.window_days);
            let events = watch_events(store, &w, period)?;
            Ok((events, period))
        })
        .await?;
    let events = events?;
    let assessment = evaluate(watch, &events, period)
        .map_err(|e| ApiError::bad_request(format!("watch {}: {e}", watch.id)))?;
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

/// Both ends of the period: `to` defaults to the last event date in the store (else `from`, else
/// today), `from` to two verdict windows before `to`, as `marsad-watch` itself would pick.
fn resolve(period: Period, last: Option<NaiveDate>, window_days: u32) -> Period {
    let to = period.to.or(last).or(period.from).unwrap_or_else(today);
    let span = u64::from(window_days.max(1)) * 2 - 1;
    let from = period
        .from
        .unwrap_or_else(|| to.checked_sub_days(Days::new(span)).unwrap_or(to));
    Period {
        from: Some(from),
        to: Some(to),
    }
}

/// Today's date in UTC, from the system clock.
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::default()
        .checked_add_days(Days::new(days))
        .unwrap_or_default()
}

/// Every stored event in `period` that involves a party or a mediator of `w`, negated ones
/// included (the assessment counts them as skipped); an error past [`MAX_WATCH_EVENTS`].
fn watch_events(
    store: &Store,
    w: &Watch,
    period: Period,
) -> Result<Result<Vec<StoredEvent>, ApiError>, marsad_store::Error> {
    let mut codes: Vec<&str> = w.parties.iter().map(|p| p.code.as_str()).collect();
    codes.extend(w.mediators.iter().map(|m| m.code.as_str()));
    codes.sort_unstable();
    codes.dedup();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for code in codes {
        let q = EventQuery {
            actor: Some(code.to_string()),
            from: period.from,
            to: period.to,
            include_negated: true,
            limit: Some(MAX_WATCH_EVENTS + 1),
            ..EventQuery::default()
        };
        store.each_event(&q, |e| {
            if seen.insert(e.id.clone()) {
                out.push(e);
            }
            Ok(())
        })?;
        if out.len() > MAX_WATCH_EVENTS {
            return Ok(Err(ApiError::bad_request(format!(
                "the period holds over {MAX_WATCH_EVENTS} events of this watch; give a shorter from/to"
            ))));
        }
    }
    Ok(Ok(out))
}

/// A test's state in the current window.
pub fn test_window<'a>(a: &'a Assessment, test: &str) -> Option<&'a TestWindow> {
    a.current()?.tests.iter().find(|t| t.id == test)
}

/// A test's net score per bucket: Σ direction · weight · value over its indicators.
pub fn test_series(a: &Assessment, test: &str) -> Vec<f64> {
    let mut out = vec![0.0; a.buckets.len()];
    for ind in a.indicators.iter().filter(|i| i.test == test) {
        for (o, v) in out.iter_mut().zip(&ind.values) {
            *o += ind.direction.sign() * ind.weight * v;
        }
    }
    out
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
