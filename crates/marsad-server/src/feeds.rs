//! `GET /watches/{id}/alerts.atom`: a watch's alerts as an Atom feed (issue 14, item 3), so that
//! an analyst's feed reader shows each new alert once. The alerts are those `marsad report`,
//! `marsad run --watch` or the monitor recorded in the database; the feed is written by
//! `marsad_alerts::atom`, and this handler only finds the watch and reads its newest alerts.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;
use crate::pages::PageError;
use crate::AppState;

/// The watch's newest alerts (at most [`marsad_alerts::atom::MAX_ENTRIES`]) as Atom; 404 for a
/// watch the server was not started with.
pub async fn alerts_atom(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let Some(w) = state.watches.iter().find(|w| w.id == id) else {
        return Err(ApiError::not_found(format!("no watch {id:?} on this server")).into());
    };
    let (wid, name) = (w.id.clone(), w.name.clone());
    let alerts = {
        let wid = wid.clone();
        state
            .pool
            .run(move |store| store.alerts(&wid, Some(marsad_alerts::atom::MAX_ENTRIES)))
            .await
            .map_err(ApiError::from)?
    };
    let body = marsad_alerts::atom::feed(&wid, &name, &alerts, &marsad_alerts::now_rfc3339());
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response())
}
