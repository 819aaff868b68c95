//! The dashboard's HTML pages: the watch overview, the dyad timeline, the event list, one event,
//! and the ingest status. Each handler loads its data through the same functions as the API and
//! renders it with [`crate::html`]; every value from the store passes through [`esc`].

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::Days;
use marsad_store::model::{EventQuery, StoredEvent};

use crate::api::{self, ApiError};
use crate::evidence;
use crate::html::{dir_attrs, esc, highlight, layout, safe_href, url_encode};
use crate::params::{parse_code, parse_event_params, MAX_LIMIT};
use crate::svg;
use crate::watches::{self, WatchView};
use crate::AppState;
use marsad_watch::Period;

/// The stylesheet, compiled in so the dashboard needs no network and no files at runtime.
const STYLE: &str = include_str!("../assets/style.css");
/// The tab icon.
const FAVICON: &str = include_str!("../assets/favicon.svg");
/// Most articles the status page aggregates by source and language.
const MAX_STATUS_ARTICLES: usize = 50_000;
/// Rows in each table of the status page.
const MAX_STATUS_ROWS: usize = 50;
/// How many of the latest articles the status page lists.
const LATEST_ARTICLES: usize = 20;
/// Days the timeline shows by default, ending at the last event date in the store.
const TIMELINE_DAYS: u64 = 60;
/// The dyad the timeline shows when none is asked for and no watch names one.
const DEFAULT_DYAD: (&str, &str) = ("IRN", "USA");
/// Most events the timeline reads; a wider range is cut to its earliest events, and the page says so.
const MAX_TIMELINE_EVENTS: usize = 20_000;

/// An HTML error page with the API error's status and message.
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = match self.0.status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::BAD_REQUEST => "Bad request",
            _ => "Error",
        };
        let body = format!("<p class=\"error\">{}</p>", esc(&self.0.message));
        (self.0.status, Html(layout(title, "", &body))).into_response()
    }
}

type PageResult = Result<Html<String>, PageError>;

/// `GET /assets/style.css`.
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// `GET /assets/favicon.svg`.
pub async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

/// Any unknown page.
pub async fn not_found() -> PageError {
    PageError(ApiError::not_found("no such page"))
}

/// `GET /?from=&to=`: the watch overview: per watch, the current verdict, the tests as panels
/// with a sparkline and their strongest evidence, the alerts and the dyad chart, over the period
/// the form picks (validated as `GET /api/watches/{name}` validates it; by default the two
/// verdict windows ending on the latest publication date). The period stays in the URL, and
/// each watch's JSON link carries it, so a page and its JSON show the same assessment.
pub async fn overview(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> PageResult {
    let period = watches::parse_period(raw.as_deref())?;
    let mut body = String::new();
    if state.watches.is_empty() {
        body.push_str(
            "<p class=\"empty\">No watch is configured: start the server with \
             <code>--watch watches/iran-us-talks.toml</code>, or from a folder with <code>watches/</code>. \
             The <a href=\"/events\">events</a> and the <a href=\"/timeline\">dyad timeline</a> work without one.</p>",
        );
    }
    let mut sections = String::new();
    let mut shown: Option<(chrono::NaiveDate, chrono::NaiveDate)> = None;
    for w in &state.watches {
        let view = watches::view(&state, w, period).await?;
        shown.get_or_insert((view.assessment.from, view.assessment.to));
        sections.push_str(&watch_section(&view, period));
    }
    if let Some((from, to)) = shown {
        body.push_str(&period_form(period, from, to));
    }
    body.push_str(&sections);
    Ok(Html(layout("Watches", "/", &body)))
}

/// The period picker: a plain GET form (no script), filled with the period shown.
fn period_form(asked: Period, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    format!(
        "<form class=\"filters period\" method=\"get\" action=\"/\">\
         <label>From <input name=\"from\" type=\"date\" value=\"{from}\"></label>\
         <label>To <input name=\"to\" type=\"date\" value=\"{to}\"></label>\
         <button type=\"submit\">Show period</button>{latest}</form>",
        latest = if asked == Period::default() {
            " <span class=\"meta\">latest: the two verdict windows ending on the last publication date</span>"
        } else {
            " <a href=\"/\">latest period</a>"
        },
    )
}

/// The query string of a period, for links that keep it (`?from=…&to=…`, or nothing).
fn period_query(p: Period) -> String {
    let parts: Vec<String> = [("from", p.from), ("to", p.to)]
        .into_iter()
        .filter_map(|(k, d)| d.map(|d| format!("{k}={d}")))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&amp;"))
    }
}

/// One watch on the overview.
fn watch_section(view: &WatchView, asked: Period) -> String {
    let a = &view.assessment;
    let mut s = String::new();
    let _ = write!(
        s,
        "<section class=\"watch\" id=\"watch-{id}\"><h2>{name}</h2><p>{desc}</p>",
        id = esc(&a.watch.id),
        name = esc(&a.watch.name),
        desc = esc(&a.watch.description),
    );
    match a.current() {
        Some(cur) => {
            let _ = write!(
                s,
                "<p class=\"current\">Verdict for {} to {}{}: <span class=\"verdict {}\" id=\"verdict-{}\">{}</span> \
                 score {:+.1}{}</p><ul class=\"reasons\">",
                cur.start,
                cur.end,
                if cur.partial { " (partial window)" } else { "" },
                verdict_class(cur.verdict),
                esc(&a.watch.id),
                esc(cur.verdict.as_str()),
                cur.score,
                change(cur.change),
            );
            for r in &cur.reasons {
                let _ = write!(s, "<li>{}</li>", esc(r));
            }
            s.push_str("</ul>");
        }
        None => s.push_str("<p class=\"empty\">No verdict window: the period is empty.</p>"),
    }
    if a.current()
        .is_some_and(|c| c.verdict == marsad_watch::Verdict::NoData)
    {
        s.push_str(
            "<p class=\"empty no-data\">No data in this window: pick an earlier period above, or \
             ingest newer articles.</p>",
        );
    }
    s.push_str(&crate::analyst::strip(view));
    let _ = write!(
        s,
        "<p class=\"meta\"><a class=\"compare-link\" href=\"/watches/{}/compare\">Compare two periods</a> test by test.</p>",
        esc(&url_encode(&a.watch.id))
    );
    s.push_str("<div class=\"panels\">");
    for t in &a.watch.tests {
        let tw = watches::test_window(a, &t.id);
        let series = a.test_series(&t.id);
        let _ = write!(
            s,
            "<article class=\"panel\" id=\"{watch}-test-{id}\"><h3>{title}</h3><p class=\"question\">{q}</p>",
            watch = esc(&a.watch.id),
            id = esc(&t.id),
            title = esc(&t.title),
            q = esc(&t.question),
        );
        match tw {
            Some(tw) => {
                let _ = write!(
                    s,
                    "<p class=\"state\"><span class=\"verdict {}\">{}</span> score {:+.1}{}</p>",
                    verdict_class(tw.verdict),
                    esc(tw.verdict.as_str()),
                    tw.score,
                    change(tw.change)
                );
            }
            None => s.push_str("<p class=\"state\">no window</p>"),
        }
        s.push_str(&svg::sparkline(
            &series,
            240,
            36,
            &format!("{}: net score per bucket", t.title),
        ));
        let in_window = tw.and_then(|tw| tw.evidence.first());
        let evidence = in_window.or_else(|| {
            // No evidence in the current window: the test's latest event anywhere in the period.
            a.indicators
                .iter()
                .filter(|i| i.test == t.id)
                .flat_map(|i| i.bucket_events.iter().enumerate())
                .filter_map(|(b, ids)| ids.last().map(|id| (b, id)))
                .max_by_key(|(b, _)| *b)
                .map(|(_, id)| id)
        });
        match evidence.and_then(|id| a.event(id).map(|e| (id, e))) {
            Some((id, e)) => {
                let sentence = match view.events.get(id) {
                    Some(stored) => {
                        let ev = evidence::from_event(stored);
                        bounded_evidence(&ev)
                    }
                    None => esc(&e.text).to_string(),
                };
                // An event from before the current window is said to be so, next to a test
                // state it did not decide.
                if in_window.is_none() {
                    s.push_str(
                        "<p class=\"meta\">Nothing in this window; the latest before it:</p>",
                    );
                }
                let _ = write!(
                    s,
                    "<p class=\"evidence\"{}>{}</p><p class=\"meta\">{} · {} · {} → {} · <a href=\"/events/{id}\">event</a> · <a class=\"around-link\" href=\"/events/{id}/around?dyad={dyad}\">72 hours around</a></p>",
                    dir_attrs(&e.language),
                    sentence,
                    e.date,
                    esc(&e.event),
                    esc(&e.actor),
                    esc(if e.recipient.is_empty() { "–" } else { &e.recipient }),
                    id = esc(&url_encode(id)),
                    dyad = esc(&url_encode(&a.watch.party_codes.join("-"))),
                );
            }
            None if tw.is_some_and(|t| t.verdict == marsad_watch::Verdict::NoData) => {
                s.push_str("<p class=\"empty\">No data in this window.</p>")
            }
            None => s.push_str("<p class=\"empty\">No evidence in this period.</p>"),
        }
        s.push_str("</article>");
    }
    s.push_str("</div>");
    if !a.alerts.is_empty() {
        s.push_str("<h3>Alerts</h3><ul class=\"alerts\">");
        for al in &a.alerts {
            let _ = write!(
                s,
                "<li><strong>{}</strong> {} to {}: {}</li>",
                esc(&al.indicator),
                al.start,
                al.end,
                esc(&al.message)
            );
        }
        s.push_str("</ul>");
    }
    s.push_str(&sequences_section(a));
    for chart in marsad_watch::chart::charts(a).iter().take(2) {
        let _ = write!(s, "<figure class=\"chart\">{}</figure>", chart.svg());
    }
    let _ = write!(
        s,
        "<p class=\"meta\">Period {} to {}; {} events cited; skipped: {} negated, {} by aux mode, {} undated, {} outside the period. \
         <a href=\"/api/watches/{}{}\">JSON</a> · <a href=\"/watches/{}/alerts.atom\" type=\"application/atom+xml\">Alerts feed (Atom)</a></p></section>",
        a.from,
        a.to,
        a.events.len(),
        a.skipped.negated,
        a.skipped.aux,
        a.skipped.undated,
        a.skipped.outside_period,
        esc(&url_encode(&a.watch.id)),
        period_query(asked),
        esc(&url_encode(&a.watch.id)),
    );
    s
}

/// The watch's sequence rules with their matches (issue 14, item 1): each match shows both
/// events' sentences, linked to their event pages.
fn sequences_section(a: &marsad_watch::Assessment) -> String {
    use marsad_watch::SequenceOrder;
    let mut s = String::new();
    if a.sequences.is_empty() {
        return s;
    }
    s.push_str("<h3>Sequences</h3>");
    for q in &a.sequences {
        let way = match q.order {
            SequenceOrder::After => "after",
            SequenceOrder::Before => "before",
        };
        let _ = write!(
            s,
            "<div class=\"sequence\" id=\"{}-sequence-{}\"><h4>{}</h4><p class=\"meta\">b within {} h {way} a: {} match(es)</p>",
            esc(&a.watch.id),
            esc(&q.id),
            esc(&q.title),
            q.within_hours,
            q.matches.len()
        );
        if !q.matches.is_empty() {
            s.push_str("<ul class=\"matches\">");
        }
        for m in &q.matches {
            let when = if m.ordered {
                format!("{} h apart", (m.hours * 10.0).round() / 10.0)
            } else {
                "same day, order unknown".to_owned()
            };
            let _ = write!(s, "<li><p class=\"meta\">{} · {}</p>", m.date, esc(&when));
            for (step, id) in [("a", &m.a), ("b", &m.b)] {
                if let Some(e) = a.event(id) {
                    let _ = write!(
                        s,
                        "<p class=\"evidence\"{}>{}</p><p class=\"meta\">{step}: {} · {} · {} → {} · <a href=\"/events/{}\">event</a></p>",
                        dir_attrs(&e.language),
                        esc(&e.text),
                        e.date,
                        esc(&e.event),
                        esc(&e.actor),
                        esc(if e.recipient.is_empty() { "–" } else { &e.recipient }),
                        esc(&url_encode(id)),
                    );
                }
            }
            s.push_str("</li>");
        }
        if !q.matches.is_empty() {
            s.push_str("</ul>");
        }
        s.push_str("</div>");
    }
    s
}

fn verdict_class(v: marsad_watch::Verdict) -> String {
    v.as_str().replace(' ', "-")
}

fn change(c: Option<f64>) -> String {
    c.map(|c| format!(" ({c:+.1} on the previous window)"))
        .unwrap_or_default()
}

/// `GET /events`: the event list with its filter form.
pub async fn events(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> PageResult {
    let p = parse_event_params(raw.as_deref()).map_err(ApiError::bad_request)?;
    let page = api::load_event_page(&state, p.clone()).await?;
    let q = &p.query;
    let mut body = String::new();
    let dyad = q
        .dyad
        .as_ref()
        .map(|(a, b)| format!("{a}-{b}"))
        .unwrap_or_default();
    let _ = write!(
        body,
        "<form class=\"filters\" method=\"get\" action=\"/events\">\
         <label>Actor <input name=\"actor\" value=\"{}\" placeholder=\"IRN\" size=\"6\"></label>\
         <label>Dyad <input name=\"dyad\" value=\"{}\" placeholder=\"IRN-USA\" size=\"9\"></label>\
         <label>Event <input name=\"event\" value=\"{}\" placeholder=\"CONSULT,AGREE\" size=\"16\"></label>\
         <label>From <input name=\"from\" type=\"date\" value=\"{}\"></label>\
         <label>To <input name=\"to\" type=\"date\" value=\"{}\"></label>\
         <label><input name=\"all\" type=\"checkbox\" value=\"true\"{}> with negated</label>\
         <label>Per page <input name=\"limit\" type=\"number\" min=\"1\" max=\"{MAX_LIMIT}\" value=\"{}\" size=\"4\"></label>\
         <button type=\"submit\">Filter</button></form>",
        esc(q.actor.as_deref().unwrap_or("")),
        esc(&dyad),
        esc(&q.events.join(",")),
        q.from.map(|d| d.to_string()).unwrap_or_default(),
        q.to.map(|d| d.to_string()).unwrap_or_default(),
        if q.include_negated { " checked" } else { "" },
        p.limit(),
    );
    let shown_to = page.offset + page.events.len();
    let _ = write!(
        body,
        "<p class=\"count\">{}{} events match; showing {} to {}.</p>",
        if page.total_exact { "" } else { "at least " },
        page.total,
        if page.events.is_empty() {
            0
        } else {
            page.offset + 1
        },
        shown_to
    );
    body.push_str(&event_table(&page.events));
    body.push_str("<nav class=\"pager\">");
    if page.offset > 0 {
        let _ = write!(
            body,
            "<a rel=\"prev\" href=\"/events?{}\">← previous</a>",
            esc(&p.page_query(page.offset.saturating_sub(p.limit())))
        );
    }
    if let Some(next) = &page.next {
        let _ = write!(
            body,
            "<a rel=\"next\" href=\"/events?{}\">next →</a>",
            esc(next)
        );
    }
    body.push_str("</nav>");
    Ok(Html(layout("Events", "/events", &body)))
}

/// `GET /events/{id}?limit=&offset=`: one event, its participants, and one page of its mentions
/// with their sources.
pub async fn event(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let page = crate::params::parse_page(raw.as_deref(), crate::params::MAX_MENTION_OFFSET)
        .map_err(ApiError::bad_request)?;
    let detail = api::load_event(&state, id, page).await?;
    let e = &detail.event;
    let mut body = String::new();
    let _ = write!(
        body,
        "<dl class=\"facts\">\
         <dt>Event</dt><dd><span class=\"type\">{}</span>{}</dd>\
         <dt>CAMEO</dt><dd>{}</dd>\
         <dt>Date</dt><dd>{}</dd>\
         <dt>Actors</dt><dd>{}</dd>\
         <dt>Recipients</dt><dd>{}</dd>\
         <dt>Place</dt><dd>{}</dd>\
         <dt>Context</dt><dd>{}</dd>\
         <dt>Quad class / Goldstein</dt><dd>{} / {}</dd>\
         <dt>Reported by</dt><dd>{} mentions in {} articles from {} sources</dd>\
         </dl>",
        esc(&e.event),
        e.mode
            .as_deref()
            .map(|m| format!(" <span class=\"mode\">({})</span>", esc(m)))
            .unwrap_or_default(),
        esc(e.cameo.as_deref().unwrap_or("–")),
        date_range(e),
        participants(&e.actor),
        participants(&e.recipient),
        e.location
            .as_ref()
            .map(|l| format!(
                "{} {}",
                esc(l.place.as_deref().unwrap_or(&l.text)),
                esc(l.country.as_deref().unwrap_or(""))
            ))
            .unwrap_or_else(|| "–".into()),
        esc(&e.context.join(", ")),
        e.quad_code
            .map(|q| q.to_string())
            .unwrap_or_else(|| "–".into()),
        e.goldstein
            .map(|g| format!("{g:.1}"))
            .unwrap_or_else(|| "–".into()),
        e.mentions,
        e.articles,
        e.sources,
    );
    if e.negated {
        body.push_str(
            "<p class=\"negated\">This event is reported as negated (it did not happen).</p>",
        );
    }
    if e.date.is_some() && marsad_watch::around::default_dyad(e).is_some() {
        let _ = write!(
            body,
            "<p><a class=\"around-link\" href=\"/events/{}/around\">What happened between the two in the 72 hours around it</a></p>",
            esc(&url_encode(&e.id))
        );
    }
    let _ = write!(
        body,
        "<h2>Mentions ({})</h2><p class=\"count\">Showing {} to {} of {}.</p>\
         <ol class=\"mentions\" start=\"{}\">",
        e.mentions,
        if detail.mentions.is_empty() {
            0
        } else {
            detail.offset + 1
        },
        detail.offset + detail.mentions.len(),
        e.mentions,
        detail.offset + 1,
    );
    for m in &detail.mentions {
        let title = m.mention.title.as_deref().unwrap_or(&m.mention.article_id);
        let link = match m.mention.url.as_deref().and_then(safe_href) {
            Some(href) => format!(
                "<a class=\"source-link\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                esc(href),
                esc(title)
            ),
            None => format!("<span class=\"source-title\">{}</span>", esc(title)),
        };
        let _ = write!(
            body,
            "<li><p class=\"evidence\"{}>{}</p><p class=\"meta\">{} · {} · {} · <code>{}</code></p></li>",
            dir_attrs(&m.evidence.language),
            highlight(&m.evidence.sentence, &m.evidence.marks()),
            link,
            esc(m.mention.source.as_deref().unwrap_or("unknown source")),
            m.mention
                .published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into()),
            esc(&m.mention.record.id),
        );
    }
    body.push_str("</ol>");
    let here = format!("/events/{}", url_path_segment(&e.id));
    body.push_str("<nav class=\"pager\">");
    if detail.offset > 0 {
        let _ = write!(
            body,
            "<a rel=\"prev\" href=\"{here}?{}\">← previous</a>",
            esc(&page.query(detail.offset.saturating_sub(page.limit)))
        );
    }
    if let Some(next) = &detail.next {
        let _ = write!(
            body,
            "<a rel=\"next\" href=\"{here}?{}\">next →</a>",
            esc(next)
        );
    }
    body.push_str("</nav>");
    let title = format!(
        "{} {} → {}",
        e.event,
        codes(&e.actor_codes),
        codes(&e.recipient_codes)
    );
    Ok(Html(layout(&title, "/events", &body)))
}

/// `GET /timeline?dyad=IRN-USA&from=&to=`: cooperation against conflict by day for one dyad.
pub async fn timeline(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> PageResult {
    let mut query = EventQuery {
        limit: Some(MAX_TIMELINE_EVENTS),
        ..EventQuery::default()
    };
    let mut dyad = (DEFAULT_DYAD.0.to_string(), DEFAULT_DYAD.1.to_string());
    for (key, value) in form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let bad = |m: String| PageError(ApiError::bad_request(m));
        match key.as_ref() {
            "dyad" => {
                let (a, b) = value.split_once(['-', ',']).ok_or_else(|| {
                    bad(format!(
                        "dyad: expected two codes like IRN-USA, got {value:?}"
                    ))
                })?;
                dyad = (
                    parse_code("dyad", a).map_err(bad)?,
                    parse_code("dyad", b).map_err(bad)?,
                );
            }
            "from" | "to" => {
                let d = value
                    .parse()
                    .map_err(|_| bad(format!("{key}: expected YYYY-MM-DD, got {value:?}")))?;
                if key == "from" {
                    query.from = Some(d);
                } else {
                    query.to = Some(d);
                }
            }
            other => {
                return Err(bad(format!(
                    "unknown parameter {other:?}; expected dyad, from or to"
                )))
            }
        }
    }
    query.dyad = Some(dyad.clone());
    let q = query.clone();
    let (events, query) = state
        .pool
        .run(move |store| {
            let mut q = q;
            // By default the last TIMELINE_DAYS days of data, not the whole archive.
            if q.from.is_none() {
                let end = match q.to {
                    Some(to) => Some(to),
                    None => store.stats()?.last_date,
                };
                q.from = end.and_then(|d| d.checked_sub_days(Days::new(TIMELINE_DAYS - 1)));
            }
            Ok((store.events(&q)?, q))
        })
        .await
        .map_err(ApiError::from)?;
    let days = daily_counts(&events);
    let label = format!("{}–{}: cooperation and conflict by day", dyad.0, dyad.1);
    let mut body = format!(
        "<form class=\"filters\" method=\"get\" action=\"/timeline\">\
         <label>Dyad <input name=\"dyad\" value=\"{}-{}\" size=\"9\"></label>\
         <label>From <input name=\"from\" type=\"date\" value=\"{}\"></label>\
         <label>To <input name=\"to\" type=\"date\" value=\"{}\"></label>\
         <button type=\"submit\">Show</button></form>",
        esc(&dyad.0),
        esc(&dyad.1),
        query.from.map(|d| d.to_string()).unwrap_or_default(),
        query.to.map(|d| d.to_string()).unwrap_or_default(),
    );
    if events.len() == MAX_TIMELINE_EVENTS {
        let _ = write!(
            body,
            "<p class=\"warning\">Only the earliest {MAX_TIMELINE_EVENTS} events of the range are drawn; narrow the dates.</p>"
        );
    }
    let _ = write!(
        body,
        "<figure class=\"chart\">{}<figcaption><span class=\"key coop\">cooperation (quad 1–2)</span> \
         <span class=\"key conflict\">conflict (quad 3–4)</span></figcaption></figure>",
        svg::timeline(&days, query.from, &label)
    );
    body.push_str(
        "<table class=\"days\"><thead><tr><th>Day</th><th>Cooperation</th><th>Conflict</th><th></th></tr></thead><tbody>",
    );
    for d in days.iter().rev() {
        let _ = write!(
            body,
            "<tr><td>{date}</td><td>{}</td><td>{}</td><td><a href=\"/events?dyad={}-{}&amp;from={date}&amp;to={date}\">events</a></td></tr>",
            d.cooperation,
            d.conflict,
            esc(&url_encode(&dyad.0)),
            esc(&url_encode(&dyad.1)),
            date = d.date,
        );
    }
    body.push_str("</tbody></table>");
    Ok(Html(layout(
        &format!("Dyad timeline {}–{}", dyad.0, dyad.1),
        "/timeline",
        &body,
    )))
}

/// `GET /status`: what has been ingested: counts, articles by source and by language, the
/// near-duplicate copies, and the latest articles.
pub async fn status(State(state): State<Arc<AppState>>) -> PageResult {
    let (stats, articles, latest) = state
        .pool
        .run(|store| {
            let stats = store.stats()?;
            let articles = store.articles(Some(MAX_STATUS_ARTICLES), 0)?;
            let skip = (stats.articles as usize).saturating_sub(LATEST_ARTICLES);
            let latest = store.articles(Some(LATEST_ARTICLES), skip)?;
            Ok((stats, articles, latest))
        })
        .await
        .map_err(ApiError::from)?;
    let mut body = String::new();
    let _ = write!(
        body,
        "<dl class=\"facts\"><dt>Database</dt><dd><code>{}</code> (read-only)</dd>\
         <dt>Articles</dt><dd>{}</dd><dt>Near-duplicate copies</dt><dd>{}</dd>\
         <dt>Events</dt><dd>{}</dd><dt>Mentions</dt><dd>{}</dd>\
         <dt>Event dates</dt><dd>{} to {}</dd></dl>",
        esc(&marsad_store::display_name(&state.db_path)),
        stats.articles,
        stats.duplicates,
        stats.events,
        stats.mentions,
        stats
            .first_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "–".into()),
        stats
            .last_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "–".into()),
    );
    if stats.articles as usize > articles.len() {
        let _ = write!(
            body,
            "<p class=\"warning\">The tables below count the first {} of {} articles.</p>",
            articles.len(),
            stats.articles
        );
    }
    let mut by_source: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut by_language: std::collections::BTreeMap<&str, usize> = Default::default();
    for a in &articles {
        let entry = by_source
            .entry(a.source.as_deref().unwrap_or("(no source)"))
            .or_default();
        entry.0 += 1;
        if a.duplicate_of.is_some() {
            entry.1 += 1;
        }
        *by_language.entry(a.language.as_str()).or_default() += 1;
    }
    body.push_str("<div class=\"panels\"><section class=\"panel\"><h3>By source</h3><table><thead><tr><th>Source</th><th>Articles</th><th>Copies</th></tr></thead><tbody>");
    let mut sources: Vec<_> = by_source.into_iter().collect();
    sources.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (source, (n, copies)) in sources.iter().take(MAX_STATUS_ROWS) {
        let _ = write!(
            body,
            "<tr><td><bdi>{}</bdi></td><td>{n}</td><td>{copies}</td></tr>",
            esc(source)
        );
    }
    if sources.len() > MAX_STATUS_ROWS {
        let _ = write!(
            body,
            "<tr><td colspan=\"3\">and {} more sources</td></tr>",
            sources.len() - MAX_STATUS_ROWS
        );
    }
    body.push_str("</tbody></table></section><section class=\"panel\"><h3>By language</h3><table><thead><tr><th>Language</th><th>Articles</th></tr></thead><tbody>");
    for (lang, n) in &by_language {
        let _ = write!(body, "<tr><td>{}</td><td>{n}</td></tr>", esc(lang));
    }
    body.push_str("</tbody></table></section></div>");
    let copies: Vec<_> = articles
        .iter()
        .filter(|a| a.duplicate_of.is_some())
        .collect();
    let _ = write!(body, "<h2>Near-duplicate copies ({})</h2>", copies.len());
    if copies.is_empty() {
        body.push_str("<p class=\"empty\">None.</p>");
    } else {
        body.push_str(
            "<table><thead><tr><th>Article</th><th>Source</th><th>Copy of</th></tr></thead><tbody>",
        );
        for a in copies.iter().take(MAX_STATUS_ROWS) {
            let _ = write!(
                body,
                "<tr><td>{}</td><td><bdi>{}</bdi></td><td><code>{}</code></td></tr>",
                article_title(a),
                esc(a.source.as_deref().unwrap_or("–")),
                esc(a.duplicate_of.as_deref().unwrap_or(""))
            );
        }
        body.push_str("</tbody></table>");
    }
    let _ = write!(body, "<h2>Latest articles</h2>");
    body.push_str("<table><thead><tr><th>Published</th><th>Article</th><th>Source</th><th>Language</th><th>Copies</th><th>Read from</th></tr></thead><tbody>");
    for a in latest.iter().rev() {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td><bdi>{}</bdi></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            a.published.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
            article_title(a),
            esc(a.source.as_deref().unwrap_or("–")),
            esc(&a.language),
            a.copies,
            esc(&a.origin),
        );
    }
    body.push_str("</tbody></table>");
    Ok(Html(layout("Ingest status", "/status", &body)))
}

/// `s` percent-encoded for one segment of a URL path (event ids are `ev-` and hex digits, but a
/// link must stay a link whatever the database holds); the result still goes through [`esc`].
fn url_path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An article's title (else its id), linked to its URL when that is an http(s) URL, in the
/// article's own direction.
fn article_title(a: &marsad_store::model::Article) -> String {
    let title = a.title.as_deref().unwrap_or(&a.id);
    match a.url.as_deref().and_then(safe_href) {
        Some(href) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\"{}>{}</a>",
            esc(href),
            dir_attrs(&a.language),
            esc(title)
        ),
        None => format!("<span{}>{}</span>", dir_attrs(&a.language), esc(title)),
    }
}

/// The event table of the list page: date, type, dyad, highlighted evidence, reports.
fn event_table(events: &[StoredEvent]) -> String {
    if events.is_empty() {
        return "<p class=\"empty\">No events match.</p>".into();
    }
    let mut out = String::from(
        "<table class=\"events\"><thead><tr><th>Date</th><th>Event</th><th>Actor → recipient</th>\
         <th>Evidence</th><th>Reports</th></tr></thead><tbody>",
    );
    for e in events {
        let ev = evidence::from_event(e);
        let _ = write!(
            out,
            "<tr class=\"quad{}\"><td>{}</td><td><a href=\"/events/{}\">{}</a>{}</td><td>{} → {}</td>\
             <td><p class=\"evidence\"{}>{}</p></td><td>{}</td></tr>",
            e.quad_code.unwrap_or(0),
            date_range(e),
            esc(&url_encode(&e.id)),
            esc(&e.event),
            if e.negated { " <span class=\"negated\">(negated)</span>" } else { "" },
            esc(&codes(&e.actor_codes)),
            esc(&codes(&e.recipient_codes)),
            dir_attrs(&ev.language),
            bounded_evidence(&ev),
            e.mentions,
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// The highlighted evidence of a list: the clause around the trigger, at most
/// [`EXCERPT_CHARS`](marsad_text::excerpt::EXCERPT_CHARS) code points with ellipses where the
/// sentence was cut (issue 13, item 12); the event's page shows the whole sentence.
fn bounded_evidence(ev: &evidence::Evidence) -> String {
    use crate::html::{Mark, Role};
    use marsad_text::{excerpt, Span};
    let marks = ev.marks();
    let focus = marks
        .iter()
        .find(|m| m.role == Role::Trigger)
        .map_or(Span::new(0, 0), |m| Span::new(m.start, m.end));
    let shown = excerpt::excerpt(&ev.sentence, focus, excerpt::EXCERPT_CHARS);
    let marks: Vec<Mark> = marks
        .iter()
        .filter_map(|m| {
            let s = shown.map(Span::new(m.start, m.end))?;
            Some(Mark {
                start: s.start,
                end: s.end,
                role: m.role,
            })
        })
        .collect();
    highlight(&shown.text, &marks)
}

/// Counts a dyad's events per day: quad 1–2 as cooperation, 3–4 as conflict; undated left out.
fn daily_counts(events: &[StoredEvent]) -> Vec<svg::Day> {
    let mut days: std::collections::BTreeMap<chrono::NaiveDate, (u32, u32)> = Default::default();
    for e in events {
        let (Some(date), Some(quad)) = (e.date, e.quad_code) else {
            continue;
        };
        let entry = days.entry(date).or_default();
        match quad {
            1 | 2 => entry.0 += 1,
            3 | 4 => entry.1 += 1,
            _ => {}
        }
    }
    days.into_iter()
        .map(|(date, (cooperation, conflict))| svg::Day {
            date,
            cooperation,
            conflict,
        })
        .collect()
}

fn date_range(e: &StoredEvent) -> String {
    match (e.date, e.date_end) {
        (Some(d), Some(end)) if end != d => format!("{d} – {end}"),
        (Some(d), _) => d.to_string(),
        _ => "undated".into(),
    }
}

fn codes(codes: &[String]) -> String {
    if codes.is_empty() {
        "–".into()
    } else {
        codes.join(", ")
    }
}

fn participants(actors: &[marsad_coder::record::ActorRef]) -> String {
    if actors.is_empty() {
        return "–".into();
    }
    actors
        .iter()
        .map(|a| {
            format!(
                "<bdi>{}</bdi> <span class=\"code\">{} {}</span>",
                esc(a.name.as_deref().unwrap_or(&a.text)),
                esc(a.code.as_deref().unwrap_or("?")),
                esc(a.sector.as_deref().unwrap_or(""))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{Evidence, EvidenceSpan};

    /// Issue 13, item 12: the event list shows the clause around the trigger of a run-on
    /// sentence, at most 300 code points, with its highlights moved into the excerpt.
    #[test]
    fn issue_13_event_list_shows_the_clause_of_the_trigger() {
        let filler = "وتحدث المسؤول عن التطورات الاقتصادية في المنطقة خلال الأعوام الماضية، ";
        let sentence = format!(
            "{}كما استقبل ولي العهد وزير الخارجية الإيراني في الرياض، {}",
            filler.repeat(8),
            filler.repeat(8)
        );
        let at = |w: &str| sentence[..sentence.find(w).expect("word")].chars().count();
        let span = |role, w: &str| EvidenceSpan {
            role,
            text: w.into(),
            start: at(w),
            end: at(w) + w.chars().count(),
        };
        let ev = Evidence {
            sentence: sentence.clone(),
            language: "ar".into(),
            spans: vec![
                span("trigger", "استقبل"),
                span("actor", "ولي العهد"),
                span("recipient", "وزير الخارجية الإيراني"),
                span("actor", "وتحدث"), // the first clause: not shown
            ],
        };
        let html = bounded_evidence(&ev);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(
            html.contains("<mark class=\"trigger\">استقبل</mark>"),
            "{html}"
        );
        assert!(
            html.contains("<mark class=\"recipient\">وزير الخارجية الإيراني</mark>"),
            "{html}"
        );
        let text: String = html
            .replace("</mark>", "")
            .split("<mark")
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect();
        assert!(text.chars().count() <= 302, "{}", text.chars().count());
        assert!(sentence.chars().count() > 1000);
    }
}
