//! Query-string parameters of the event list, shared by `GET /api/events` and the `/events` page.
//!
//! The filters are those of `marsad events`: `actor`, `dyad`, `event`, `from`, `to`, `all`, plus
//! `limit` and `offset`. Every value is checked, and a bad one is a 400 that names the parameter
//! and the value; an unknown parameter is an error too, so a typo never silently widens a query.
//! `limit` above [`MAX_LIMIT`] is rejected rather than clamped, so a client never receives fewer
//! rows than it asked for without being told.

use chrono::NaiveDate;
use marsad_store::model::EventQuery;

/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest page a request may ask for.
pub const MAX_LIMIT: usize = 500;
/// The largest `offset`: deep offsets cost a scan in SQLite, so narrow the filters instead.
pub const MAX_OFFSET: usize = 100_000;
/// The largest `offset` into one event's mentions. Paging an event's mentions costs a sort of
/// their numbers only (see `Store::event_page`), so it may go deep; this only refuses nonsense.
pub const MAX_MENTION_OFFSET: usize = 10_000_000;
/// Longest accepted query string, in bytes.
pub const MAX_QUERY_LEN: usize = 2048;

/// A parsed event-list request: the store query (with `limit` always set) and the filters in a
/// form that can be written back into links (next page, filter form).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventParams {
    pub query: EventQuery,
}

impl EventParams {
    /// The page size (always set by [`parse_event_params`]).
    pub fn limit(&self) -> usize {
        self.query.limit.unwrap_or(DEFAULT_LIMIT)
    }

    /// The filters as a query string without `limit`/`offset` (empty when there are none).
    pub fn filter_query(&self) -> String {
        let q = &self.query;
        let mut s = form_urlencoded::Serializer::new(String::new());
        if let Some(a) = &q.actor {
            s.append_pair("actor", a);
        }
        if let Some((a, b)) = &q.dyad {
            s.append_pair("dyad", &format!("{a}-{b}"));
        }
        if !q.events.is_empty() {
            s.append_pair("event", &q.events.join(","));
        }
        if let Some(d) = q.from {
            s.append_pair("from", &d.to_string());
        }
        if let Some(d) = q.to {
            s.append_pair("to", &d.to_string());
        }
        if q.include_negated {
            s.append_pair("all", "true");
        }
        s.finish()
    }

    /// The query string of the page starting at `offset`, same filters and page size.
    pub fn page_query(&self, offset: usize) -> String {
        let filters = self.filter_query();
        let sep = if filters.is_empty() { "" } else { "&" };
        format!("{filters}{sep}limit={}&offset={offset}", self.limit())
    }
}

/// A page of a list that has no filters (an event's mentions): `limit` and `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl Page {
    /// The query string of the page starting at `offset`, same page size.
    pub fn query(&self, offset: usize) -> String {
        format!("limit={}&offset={offset}", self.limit)
    }
}

/// Parses `limit` (1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]) and `offset` (at most
/// `max_offset`); any other parameter is an error.
pub fn parse_page(raw: Option<&str>, max_offset: usize) -> Result<Page, String> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_LEN {
        return Err(format!(
            "query string is {} bytes; the limit is {MAX_QUERY_LEN}",
            raw.len()
        ));
    }
    let mut page = Page {
        limit: DEFAULT_LIMIT,
        offset: 0,
    };
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "limit" => {
                let n = parse_number("limit", value)?;
                if n == 0 || n > MAX_LIMIT {
                    return Err(format!("limit: expected 1 to {MAX_LIMIT}, got {n}"));
                }
                page.limit = n;
            }
            "offset" => {
                let n = parse_number("offset", value)?;
                if n > max_offset {
                    return Err(format!("offset: at most {max_offset}, got {n}"));
                }
                page.offset = n;
            }
            other => {
                return Err(format!(
                    "unknown parameter {other:?}; expected limit or offset"
                ))
            }
        }
    }
    Ok(page)
}

/// Parses a raw query string (`None` when the URL has none).
pub fn parse_event_params(raw: Option<&str>) -> Result<EventParams, String> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_LEN {
        return Err(format!(
            "query string is {} bytes; the limit is {MAX_QUERY_LEN}",
            raw.len()
        ));
    }
    let mut q = EventQuery {
        limit: Some(DEFAULT_LIMIT),
        ..EventQuery::default()
    };
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let value = value.trim();
        // An empty value (an untouched field of the filter form) means "no filter".
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "actor" => q.actor = Some(parse_code("actor", value)?),
            "dyad" => {
                let (a, b) = value
                    .split_once(['-', ','])
                    .ok_or_else(|| format!("dyad: expected two codes like IRN-USA, got {value:?}"))?;
                q.dyad = Some((parse_code("dyad", a)?, parse_code("dyad", b)?));
            }
            "event" => {
                for e in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                    let e = e.to_ascii_uppercase();
                    if e.len() > 16 || !e.bytes().all(|b| b.is_ascii_uppercase()) {
                        return Err(format!("event: expected a PLOVER type like ASSAULT, got {e:?}"));
                    }
                    if !q.events.contains(&e) {
                        q.events.push(e);
                    }
                }
            }
            "from" => q.from = Some(parse_date("from", value)?),
            "to" => q.to = Some(parse_date("to", value)?),
            "all" => {
                q.include_negated = match value {
                    "true" | "1" | "yes" | "on" => true,
                    "false" | "0" | "no" | "off" => false,
                    _ => return Err(format!("all: expected true or false, got {value:?}")),
                }
            }
            "limit" => {
                let n = parse_number("limit", value)?;
                if n == 0 || n > MAX_LIMIT {
                    return Err(format!("limit: expected 1 to {MAX_LIMIT}, got {n}"));
                }
                q.limit = Some(n);
            }
            "offset" => {
                let n = parse_number("offset", value)?;
                if n > MAX_OFFSET {
                    return Err(format!(
                        "offset: at most {MAX_OFFSET}, got {n}; narrow the filters (from, to, dyad) instead"
                    ));
                }
                q.offset = n;
            }
            other => {
                return Err(format!(
                    "unknown parameter {other:?}; expected actor, dyad, event, from, to, all, limit or offset"
                ))
            }
        }
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(format!("from {from} is after to {to}"));
        }
    }
    Ok(EventParams { query: q })
}

/// A country or organisation code: 2 to 8 ASCII letters or digits, upper-cased.
pub fn parse_code(name: &str, value: &str) -> Result<String, String> {
    let v = value.trim().to_ascii_uppercase();
    if (2..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(v)
    } else {
        Err(format!("{name}: expected a code like IRN, got {value:?}"))
    }
}

fn parse_date(name: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("{name}: expected YYYY-MM-DD, got {value:?}"))
}

fn parse_number(name: &str, value: &str) -> Result<usize, String> {
    value
        .parse::<usize>()
        .map_err(|_| format!("{name}: expected a whole number, got {value:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: Result<EventQuery, &str>) {
        let got = parse_event_params(Some(raw)).map(|p| p.query);
        match expected {
            Ok(q) => assert_eq!(got, Ok(q), "{raw}"),
            Err(fragment) => {
                let err = got.expect_err(raw);
                assert!(err.contains(fragment), "{raw}: {err}");
            }
        }
    }

    fn query(f: impl FnOnce(&mut EventQuery)) -> EventQuery {
        let mut q = EventQuery {
            limit: Some(DEFAULT_LIMIT),
            ..EventQuery::default()
        };
        f(&mut q);
        q
    }

    #[test]
    fn filters() {
        check("", Ok(query(|_| {})));
        check("actor=irn", Ok(query(|q| q.actor = Some("IRN".into()))));
        check(
            "dyad=IRN-USA&event=consult,AGREE&event=consult",
            Ok(query(|q| {
                q.dyad = Some(("IRN".into(), "USA".into()));
                q.events = vec!["CONSULT".into(), "AGREE".into()];
            })),
        );
        check(
            "from=2026-02-01&to=2026-02-28&all=true&limit=500&offset=100",
            Ok(query(|q| {
                q.from = "2026-02-01".parse().ok();
                q.to = "2026-02-28".parse().ok();
                q.include_negated = true;
                q.limit = Some(500);
                q.offset = 100;
            })),
        );
        // Empty values, as an untouched form field sends them, mean no filter.
        check("actor=&dyad=&event=&from=", Ok(query(|_| {})));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        check("limit=501", Err("limit: expected 1 to 500, got 501"));
        check("limit=0", Err("limit"));
        check("limit=-3", Err("limit: expected a whole number"));
        check("offset=100001", Err("offset: at most"));
        check("from=2026-13-01", Err("from: expected YYYY-MM-DD"));
        check("from=2026-02-02&to=2026-02-01", Err("is after"));
        check("dyad=IRN", Err("dyad: expected two codes"));
        check("actor=%3Cscript%3E", Err("actor: expected a code"));
        check("event=DROP%20TABLE", Err("event: expected a PLOVER type"));
        check("all=maybe", Err("all: expected true or false"));
        check("colour=red", Err("unknown parameter \"colour\""));
        let long = format!("actor={}", "A".repeat(MAX_QUERY_LEN));
        check(&long, Err("query string is"));
    }

    #[test]
    fn links_round_trip() {
        let p = parse_event_params(Some("dyad=IRN-USA&event=CONSULT&all=1&limit=20")).unwrap();
        assert_eq!(p.filter_query(), "dyad=IRN-USA&event=CONSULT&all=true");
        let next = parse_event_params(Some(&p.page_query(20))).unwrap();
        assert_eq!(next.query.offset, 20);
        assert_eq!(next.query.limit, Some(20));
        assert_eq!(next.query.dyad, p.query.dyad);
    }
}
