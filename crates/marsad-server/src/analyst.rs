//! The analyst's questions on the dashboard (issue 14, items 2 and 4), each a page and, where it
//! is a question of its own, an API endpoint:
//!
//! - the verdict over time: the strip drawn on the overview ([`strip`]), one cell per bucket
//!   coloured by verdict, each change point a link to the events that entered and left the
//!   window (`Assessment::history`, computed by `marsad-watch`);
//! - what happened between two parties around one event: `GET /events/{id}/around` and
//!   `GET /api/events/{id}/around?dyad=&hours=` (`marsad_watch::store::around`);
//! - two periods side by side for a watch's tests: `GET /watches/{name}/compare` with two period
//!   pickers and `GET /api/watches/{name}/compare?a_from=&a_to=&b_from=&b_to=`
//!   (`marsad_watch::store::compare`).
//!
//! The arithmetic is in `marsad-watch`; this module parses, bounds and renders.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Html;
use axum::Json;
use chrono::NaiveDate;
use marsad_watch::around::{Around, DEFAULT_HOURS, MAX_HOURS};
use marsad_watch::{Comparison, ErrorKind, EvidenceEvent, Period};

use crate::api::ApiError;
use crate::html::{dir_attrs, esc, layout, url_encode};
use crate::pages::PageError;
use crate::params::parse_code;
use crate::watches::{self, WatchView, MAX_WATCH_EVENTS};
use crate::AppState;

/// The strip of one watch on the overview, then its change points, each with the reasons of the
/// new verdict and the events that entered and left the window, linked to their event pages and
/// to the 72 hours around them. Cells are `span`s; a change point is an `a` to its list item.
pub fn strip(view: &WatchView) -> String {
    let a = &view.assessment;
    if a.history.is_empty() {
        return String::new();
    }
    let id = esc(&a.watch.id);
    let mut s = String::new();
    let _ = write!(
        s,
        "<h3>The verdict over time</h3><p class=\"meta\">One cell per {unit}: the verdict of the \
         {days}-day window ending there. A marked cell is a change point: follow it to the events \
         that caused it. <span class=\"strip-key progress\">progress</span> \
         <span class=\"strip-key managed-stalemate\">managed stalemate</span> \
         <span class=\"strip-key escalation\">escalation</span> \
         <span class=\"strip-key no-data\">no data</span></p>\
         <div class=\"strip\" id=\"strip-{id}\">",
        unit = match a.watch.bucket {
            marsad_watch::Bucket::Day => "day",
            marsad_watch::Bucket::Week => "week",
        },
        days = a.watch.window_days,
    );
    for c in &a.history {
        let class = c.verdict.as_str().replace(' ', "-");
        let title = format!(
            "{} to {}: {} (score {:+}){}",
            c.start,
            c.end,
            c.verdict,
            c.score,
            if c.partial { ", partial window" } else { "" }
        );
        match &c.change {
            Some(ch) => {
                let _ = write!(
                    s,
                    "<a class=\"cell {class} change\" href=\"#{id}-change-{b}\" title=\"{t}; was {from}\"></a>",
                    b = esc(&c.bucket),
                    t = esc(&title),
                    from = ch.from,
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<span class=\"cell {class}\" title=\"{}\"></span>",
                    esc(&title)
                );
            }
        }
    }
    let _ = write!(
        s,
        "</div><p class=\"meta strip-ends\"><span>{}</span><span>{}</span></p>",
        a.history[0].end,
        a.history[a.history.len() - 1].end
    );
    let changes: Vec<_> = a.changes().collect();
    if changes.is_empty() {
        s.push_str("<p class=\"empty\">The verdict did not change in this period.</p>");
        return s;
    }
    s.push_str("<ol class=\"changes\">");
    for (cell, ch) in changes {
        let _ = write!(
            s,
            "<li id=\"{id}-change-{b}\"><p><strong>{b}</strong>: {from} → \
             <span class=\"verdict {class}\">{to}</span> score {score:+} ({delta:+} on the day before)</p><ul class=\"reasons\">",
            b = esc(&cell.bucket),
            from = ch.from,
            class = ch.to.as_str().replace(' ', "-"),
            to = ch.to,
            score = cell.score,
            delta = ch.score_change,
        );
        for r in &ch.reasons {
            let _ = write!(s, "<li>{}</li>", esc(r));
        }
        s.push_str("</ul>");
        for (what, ids, total) in [
            ("Entered the window", &ch.entered, ch.entered_total),
            ("Left the window", &ch.left, ch.left_total),
        ] {
            if ids.is_empty() {
                continue;
            }
            let _ = write!(
                s,
                "<p class=\"meta\">{what} ({total}):</p><ul class=\"change-events\">"
            );
            for eid in ids {
                if let Some(e) = a.event(eid) {
                    s.push_str(&evidence_item(e, &a.watch.party_codes));
                }
            }
            s.push_str("</ul>");
        }
        s.push_str("</li>");
    }
    s.push_str("</ol>");
    s
}

/// One evidence event as a list item: the sentence, then who did what, with links to the event
/// and to the 72 hours around it between the watch's two parties (`dyad`).
fn evidence_item(e: &EvidenceEvent, dyad: &[String; 2]) -> String {
    let href = url_encode(&e.id);
    format!(
        "<li><p class=\"evidence\"{}>{}</p><p class=\"meta\">{} · {} · {} → {} · \
         <a href=\"/events/{h}\">event</a> · <a class=\"around-link\" href=\"/events/{h}/around?dyad={a}-{b}\">72 hours around</a></p></li>",
        dir_attrs(&e.language),
        esc(&e.text),
        e.date,
        esc(&e.event),
        esc(&e.actor),
        esc(if e.recipient.is_empty() { "–" } else { &e.recipient }),
        h = esc(&href),
        a = esc(&url_encode(&dyad[0])),
        b = esc(&url_encode(&dyad[1])),
    )
}

// ---------------------------------------------------------------------------------------------
// Around an event.

/// The parameters of the timeline around an event.
struct AroundParams {
    dyad: Option<[String; 2]>,
    hours: u32,
}

fn parse_around(raw: Option<&str>) -> Result<AroundParams, ApiError> {
    let mut p = AroundParams {
        dyad: None,
        hours: DEFAULT_HOURS,
    };
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "dyad" => {
                let (a, b) = value.split_once(['-', ',']).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "dyad: expected two codes like IRN-USA, got {value:?}"
                    ))
                })?;
                p.dyad = Some([
                    parse_code("dyad", a).map_err(ApiError::bad_request)?,
                    parse_code("dyad", b).map_err(ApiError::bad_request)?,
                ]);
            }
            "hours" => {
                p.hours = value
                    .parse::<u32>()
                    .ok()
                    .filter(|h| (1..=MAX_HOURS).contains(h))
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "hours: expected a whole number 1..={MAX_HOURS}, got {value:?}"
                        ))
                    })?;
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?}; expected dyad or hours"
                )))
            }
        }
    }
    Ok(p)
}

async fn load_around(state: &AppState, id: String, raw: Option<&str>) -> Result<Around, ApiError> {
    if id.len() > 64 {
        return Err(ApiError::bad_request(format!(
            "event id is {} bytes; ids look like ev-0123456789abcdef",
            id.len()
        )));
    }
    let p = parse_around(raw)?;
    let key = id.clone();
    let found = state
        .pool
        .run(move |store| Ok(marsad_watch::store::around(store, &key, p.dyad, p.hours)))
        .await?
        .map_err(watch_error)?;
    found.ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))
}

/// `GET /api/events/{id}/around?dyad=IRN-USA&hours=72`: the dyad's events in the hours around
/// the event, both directions, with their sentences.
pub async fn api_around(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Around>, ApiError> {
    load_around(&state, id, raw.as_deref()).await.map(Json)
}

/// `GET /events/{id}/around`: the same timeline as a page, the chosen event in the middle.
pub async fn around_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, PageError> {
    let t = load_around(&state, id.clone(), raw.as_deref()).await?;
    let [a, b] = &t.dyad;
    let href = esc(&url_encode(&id)).to_string();
    let mut body = String::new();
    let _ = write!(
        body,
        "<form class=\"filters\" method=\"get\" action=\"/events/{href}/around\">\
         <label>Dyad <input name=\"dyad\" value=\"{a}-{b}\" size=\"9\"></label>\
         <label>Hours each side <input name=\"hours\" type=\"number\" min=\"1\" max=\"{MAX_HOURS}\" value=\"{h}\" size=\"4\"></label>\
         <button type=\"submit\">Show</button></form>\
         <p class=\"meta\">{a} and {b}, {from} to {to}: {h} hours before and after the <a href=\"/events/{href}\">chosen event</a> of {date}, \
         read as whole days (event times are dates). {n} events; {same} share their day with another, and their order within the day is not known; {neg} negated events left out. \
         <a href=\"/api/events/{href}/around?dyad={a}-{b}&amp;hours={h}\">JSON</a></p>",
        a = esc(a),
        b = esc(b),
        h = t.hours,
        from = t.from,
        to = t.to,
        date = t.date,
        n = t.entries.len(),
        same = t.same_day,
        neg = t.negated,
    );
    body.push_str("<ol class=\"around\">");
    let mut day: Option<NaiveDate> = None;
    for e in &t.entries {
        if day != Some(e.event.date) {
            if day.is_some() {
                body.push_str("</ul></li>");
            }
            day = Some(e.event.date);
            let _ = write!(
                body,
                "<li class=\"day\"><h3>{} <span class=\"meta\">{}</span></h3><ul>",
                e.event.date,
                match e.offset_days {
                    0 => "the day of the event".to_string(),
                    d if d < 0 => format!("{} day(s) before", -d),
                    d => format!("{d} day(s) after"),
                }
            );
        }
        let _ = write!(
            body,
            "<li class=\"entry{}\"{}><p class=\"evidence\"{}>{}</p><p class=\"meta\"><span class=\"direction\">{}</span> · {} · {} → {} · <a href=\"/events/{}\">event</a></p></li>",
            if e.centre { " centre" } else { "" },
            if e.centre { " id=\"centre\"" } else { "" },
            dir_attrs(&e.event.language),
            esc(&e.event.text),
            esc(&e.direction),
            esc(&e.event.event),
            esc(&e.event.actor),
            esc(if e.event.recipient.is_empty() { "–" } else { &e.event.recipient }),
            esc(&url_encode(&e.event.id)),
        );
    }
    if day.is_some() {
        body.push_str("</ul></li>");
    }
    body.push_str("</ol>");
    let title = format!("{a}–{b} around {}", t.date);
    Ok(Html(layout(&title, "/events", &body)))
}

// ---------------------------------------------------------------------------------------------
// Two periods side by side.

/// Reads `a_from`, `a_to`, `b_from`, `b_to` (each optional).
fn parse_periods(raw: Option<&str>) -> Result<(Period, Period), ApiError> {
    let (mut a, mut b) = (Period::default(), Period::default());
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
            ApiError::bad_request(format!("{key}: expected YYYY-MM-DD, got {value:?}"))
        });
        match key.as_ref() {
            "a_from" => a.from = Some(date?),
            "a_to" => a.to = Some(date?),
            "b_from" => b.from = Some(date?),
            "b_to" => b.to = Some(date?),
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?}; expected a_from, a_to, b_from or b_to"
                )))
            }
        }
    }
    for (name, p) in [("a", a), ("b", b)] {
        if let (Some(f), Some(t)) = (p.from, p.to) {
            if f > t {
                return Err(ApiError::bad_request(format!(
                    "period {name}: from {f} is after to {t}"
                )));
            }
        }
    }
    Ok((a, b))
}

async fn load_comparison(
    state: &Arc<AppState>,
    name: &str,
    raw: Option<&str>,
) -> Result<Comparison, ApiError> {
    let w = watches::find(state, name)?.clone();
    let (a, b) = parse_periods(raw)?;
    state
        .pool
        .run(move |store| {
            Ok(marsad_watch::store::compare(
                store,
                &w,
                a,
                b,
                Some(MAX_WATCH_EVENTS),
            ))
        })
        .await?
        .map_err(watch_error)
}

/// `GET /api/watches/{name}/compare?a_from=&a_to=&b_from=&b_to=`: the watch's tests over two
/// periods side by side (default: the current verdict window against the one before).
pub async fn api_compare(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Comparison>, ApiError> {
    load_comparison(&state, &name, raw.as_deref())
        .await
        .map(Json)
}

/// `GET /watches/{name}/compare`: two period pickers, then one row per test with both periods'
/// score, verdict, indicator values and strongest evidence.
pub async fn compare_page(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, PageError> {
    let c = load_comparison(&state, &name, raw.as_deref()).await?;
    let parties = watches::find(&state, &name)?
        .parties
        .clone()
        .map(|p| p.code);
    let id = esc(&url_encode(&c.watch)).to_string();
    let mut body = String::new();
    let _ = write!(
        body,
        "<form class=\"filters compare\" method=\"get\" action=\"/watches/{id}/compare\">\
         <fieldset><legend>Period A</legend>\
         <label>From <input name=\"a_from\" type=\"date\" value=\"{}\"></label>\
         <label>To <input name=\"a_to\" type=\"date\" value=\"{}\"></label></fieldset>\
         <fieldset><legend>Period B</legend>\
         <label>From <input name=\"b_from\" type=\"date\" value=\"{}\"></label>\
         <label>To <input name=\"b_to\" type=\"date\" value=\"{}\"></label></fieldset>\
         <button type=\"submit\">Compare</button> <a href=\"/watches/{id}/compare\">latest two windows</a></form>",
        c.a.from, c.a.to, c.b.from, c.b.to,
    );
    let _ = write!(
        body,
        "<table class=\"compare\"><thead><tr><th>Test</th><th>A: {} to {} ({} days)</th><th>B: {} to {} ({} days)</th><th>Change</th></tr></thead><tbody>\
         <tr class=\"overall\"><th>Overall</th><td>{}</td><td>{}</td><td class=\"n\">{:+}</td></tr>",
        c.a.from,
        c.a.to,
        c.a.days,
        c.b.from,
        c.b.to,
        c.b.days,
        side_verdict(c.a.verdict, c.a.score, &format!("{} events", c.a.events)),
        side_verdict(c.b.verdict, c.b.score, &format!("{} events", c.b.events)),
        round1(c.b.score - c.a.score),
    );
    for t in &c.tests {
        let _ = write!(
            body,
            "<tr class=\"test\" id=\"compare-{tid}\"><th>{title}<p class=\"question\">{q}</p></th>",
            tid = esc(&t.id),
            title = esc(&t.title),
            q = esc(&t.question),
        );
        for side in [&t.a, &t.b] {
            let mut cell = String::from("<ul class=\"indicators\">");
            for i in &side.indicators {
                let _ = write!(
                    cell,
                    "<li>{}: {} <span class=\"meta\">({}, ×{})</span></li>",
                    esc(&i.title),
                    i.value,
                    match i.direction {
                        marsad_watch::Direction::Progress => "progress",
                        marsad_watch::Direction::Escalation => "escalation",
                    },
                    i.weight
                );
            }
            cell.push_str("</ul>");
            if let Some(e) = side.evidence.first().and_then(|eid| {
                c.events
                    .binary_search_by(|e| e.id.as_str().cmp(eid))
                    .ok()
                    .map(|k| &c.events[k])
            }) {
                let _ = write!(
                    cell,
                    "<ul class=\"change-events\">{}</ul>",
                    evidence_item(e, &parties)
                );
            }
            let _ = write!(
                body,
                "<td>{}</td>",
                side_verdict(side.verdict, side.score, &cell)
            );
        }
        let _ = write!(body, "<td class=\"n\">{:+}</td></tr>", t.change);
    }
    let _ = write!(
        body,
        "</tbody></table><p class=\"meta\">Each period is judged as one window by the watch's rule; the thresholds are written for {}-day windows, so periods of other lengths compare counts, not rates. \
         <a href=\"/api/watches/{id}/compare?a_from={}&amp;a_to={}&amp;b_from={}&amp;b_to={}\">JSON</a></p>",
        state
            .watches
            .iter()
            .find(|w| w.id == c.watch)
            .map_or(0, |w| w.window_days),
        c.a.from,
        c.a.to,
        c.b.from,
        c.b.to,
    );
    let title = format!("{}: two periods", c.name);
    Ok(Html(layout(&title, "/", &body)))
}

fn side_verdict(v: marsad_watch::Verdict, score: f64, rest: &str) -> String {
    format!(
        "<span class=\"verdict {}\">{}</span> <span class=\"score\">{:+}</span> {rest}",
        v.as_str().replace(' ', "-"),
        v,
        score
    )
}

fn round1(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A watch-crate error as an API error: bad input is a 400, the rest a 500.
fn watch_error(e: marsad_watch::Error) -> ApiError {
    match e.kind {
        ErrorKind::Invalid(_) => ApiError::bad_request(e.to_string()),
        _ => ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: e.to_string(),
        },
    }
}
