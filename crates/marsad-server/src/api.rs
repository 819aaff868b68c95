//! The JSON API handlers. Each parses and bounds its request, runs one store or watch call on the
//! connection pool, and answers JSON; every error is `{"error": "..."}` with a 4xx or 5xx status.
//! The shapes are documented in `openapi.json`, and a test checks real responses against it.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use marsad_store::model::{EventQuery, Mention, StoredEvent};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::PoolError;
use crate::evidence::{self, Evidence};
use crate::params::{self, parse_event_params};
use crate::watches::{self, WatchSummary};
use crate::AppState;
use marsad_watch::Period;

/// Most actors `GET /api/actors` returns.
pub const MAX_ACTORS: usize = 50;
/// Longest accepted actor search, in characters.
pub const MAX_ACTOR_QUERY: usize = 100;

/// An API failure: a status and a message naming the parameter or the cause.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("database query failed: {e}"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// Matches are counted up to at least this many (or further, to one past the page): a count of a
/// million events costs a scan, a count to a thousand costs next to nothing.
pub const COUNT_BOUND: usize = 1000;

/// One page of events.
#[derive(Debug, Serialize)]
pub struct EventPage {
    /// How many events match the filters (all pages), counted up to a bound: exact when
    /// `total_exact`, otherwise a lower bound ("at least `total`").
    pub total: u64,
    pub total_exact: bool,
    pub limit: usize,
    pub offset: usize,
    /// The query string of the next page, `None` on the last.
    pub next: Option<String>,
    pub events: Vec<StoredEvent>,
}

/// One event with one page of its mentions and their evidence.
#[derive(Debug, Serialize)]
pub struct EventDetail {
    pub event: StoredEvent,
    /// The event's mentions from `offset`, at most `limit` of them, in the order they were stored;
    /// `event.mentions` says how many there are in all.
    pub mentions: Vec<MentionDetail>,
    pub limit: usize,
    pub offset: usize,
    /// The query string of the next page of mentions, `None` on the last.
    pub next: Option<String>,
}

/// A mention with its evidence sentence and highlighted spans.
#[derive(Debug, Serialize)]
pub struct MentionDetail {
    #[serde(flatten)]
    pub mention: Mention,
    pub evidence: Evidence,
}

/// `GET /api/events`: the filters of `marsad events`, paged.
pub async fn events(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<EventPage>, ApiError> {
    let p = parse_event_params(raw.as_deref()).map_err(ApiError::bad_request)?;
    Ok(Json(load_event_page(&state, p).await?))
}

/// Runs an event-list query and its count on one connection.
pub async fn load_event_page(
    state: &AppState,
    p: params::EventParams,
) -> Result<EventPage, ApiError> {
    let query = p.query.clone();
    let (events, total, total_exact) = state
        .pool
        .run(move |store| {
            let events = store.events(&query)?;
            // The count ignores paging; it is the total over all pages, counted far enough to
            // tell whether a next page exists.
            let all = EventQuery {
                limit: None,
                offset: 0,
                ..query.clone()
            };
            let cap = (query.offset + query.limit.unwrap_or(0) + 1).max(COUNT_BOUND) as u64;
            let counted = store.count_events_up_to(&all, cap)?;
            Ok((events, counted, counted < cap))
        })
        .await?;
    let (limit, offset) = (p.limit(), p.query.offset);
    let next = (offset as u64 + (events.len() as u64) < total && events.len() == limit)
        .then(|| p.page_query(offset + limit));
    Ok(EventPage {
        total,
        total_exact,
        limit,
        offset,
        next,
        events,
    })
}

/// `GET /api/events/{id}?limit=&offset=`: the event and one page of its mentions, each with its
/// evidence.
pub async fn event(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<EventDetail>, ApiError> {
    let page = params::parse_page(raw.as_deref(), params::MAX_MENTION_OFFSET)
        .map_err(ApiError::bad_request)?;
    load_event(&state, id, page).await.map(Json)
}

/// Looks up one event with one page of its mentions; 404 when there is none. The response is
/// bounded by the page size whatever the event's size (issue 13: 464,000 mentions of one event
/// made a 570 MB response).
pub async fn load_event(
    state: &AppState,
    id: String,
    page: params::Page,
) -> Result<EventDetail, ApiError> {
    if id.len() > 64 {
        return Err(ApiError::bad_request(format!(
            "event id is {} bytes; ids look like ev-0123456789abcdef",
            id.len()
        )));
    }
    let key = id.clone();
    let found = state
        .pool
        .run(move |store| store.event_page(&key, page.limit, page.offset))
        .await?;
    let (event, mentions) = found.ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
    let mentions: Vec<MentionDetail> = mentions
        .into_iter()
        .map(|m| MentionDetail {
            evidence: evidence::from_record(&m.record),
            mention: m,
        })
        .collect();
    let shown = page.offset as u64 + mentions.len() as u64;
    let next = (mentions.len() == page.limit && shown < u64::from(event.mentions))
        .then(|| page.query(page.offset + page.limit));
    Ok(EventDetail {
        event,
        mentions,
        limit: page.limit,
        offset: page.offset,
        next,
    })
}

/// `GET /api/actors?q=`: actors whose code or name contains `q`.
pub async fn actors(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut q = String::new();
    for (key, value) in form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "q" => q = value.trim().to_string(),
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?}; expected q"
                )))
            }
        }
    }
    if q.chars().count() > MAX_ACTOR_QUERY {
        return Err(ApiError::bad_request(format!(
            "q: at most {MAX_ACTOR_QUERY} characters"
        )));
    }
    let mut actors = state.pool.run(move |store| store.actors(&q)).await?;
    actors.truncate(MAX_ACTORS);
    let actors: Vec<_> = actors
        .into_iter()
        .map(|(code, events)| json!({ "code": code, "events": events }))
        .collect();
    Ok(Json(json!({ "actors": actors })).into_response())
}

/// `GET /api/stats`: article, event and mention counts.
pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let stats = state.pool.run(|store| store.stats()).await?;
    Ok(Json(stats).into_response())
}

/// `GET /api/watches`: each configured watch with its current verdict.
pub async fn watches(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let mut out = Vec::new();
    for w in &state.watches {
        let view = watches::view(&state, w, Period::default()).await?;
        out.push(WatchSummary::of(&view.assessment));
    }
    Ok(Json(json!({ "watches": out })).into_response())
}

/// `GET /api/watches/{name}?from=&to=`: one watch's buckets, dyad series, indicators, windows
/// with verdicts, alerts and evidence events.
pub async fn watch(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let w = watches::find(&state, &name)?;
    let period = watches::parse_period(raw.as_deref())?;
    let view = watches::view(&state, w, period).await?;
    Ok(Json(&view.assessment).into_response())
}

/// `GET /api/openapi.json`: the API's OpenAPI document.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

/// The body of `POST /api/ingest`: files or folders on the server to ingest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestRequest {
    pub paths: Vec<String>,
}

/// How long a client may take to send the body of `POST /api/ingest` (at most
/// [`crate::MAX_BODY`] bytes): a body sent a byte a minute would otherwise hold its connection,
/// which the connection loop's idle timeout leaves alone while a handler runs.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// `POST /api/ingest`: 404 unless a token is configured, 401 without a bearer token, 403 with
/// a wrong one. The token is checked before the body is read.
pub async fn ingest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::not_found(
            "ingest is disabled: start the server with --token-file to enable it",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "missing Authorization: Bearer <token>".into(),
        })?;
    if !constant_time_eq(given.trim().as_bytes(), token.as_bytes()) {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            message: "wrong token".into(),
        });
    }
    let body = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, crate::MAX_BODY))
        .await
        .map_err(|_| ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            message: format!(
                "the request body took over {} s to arrive",
                BODY_TIMEOUT.as_secs()
            ),
        })?
        .map_err(|e| {
            // `to_bytes` fails on a body over the limit, or on a connection that broke mid-body.
            let too_large = format!("{e:?}").contains("LengthLimit");
            ApiError {
                status: if too_large {
                    StatusCode::PAYLOAD_TOO_LARGE
                } else {
                    StatusCode::BAD_REQUEST
                },
                message: format!("request body: {e} (at most {} bytes)", crate::MAX_BODY),
            }
        })?;
    let request: IngestRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("request body: {e}")))?;
    let paths = crate::ingest::check_paths(&request.paths)?;
    // One ingest at a time: a second request is told so instead of waiting behind the first.
    let _guard = state.ingest_lock.try_lock().map_err(|_| ApiError {
        status: StatusCode::CONFLICT,
        message: "another ingest is running; try again when it is done".into(),
    })?;
    let db = state.db_path.clone();
    let report = tokio::task::spawn_blocking(move || crate::ingest::run(&db, paths))
        .await
        .map_err(|e| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("ingest task failed: {e}"),
        })??;
    state.watch_cache.clear();
    Ok(Json(report).into_response())
}

/// JSON 404 for any other `/api/` path.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint; see /api/openapi.json")
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(constant_time_eq(b"", b""));
    }
}
