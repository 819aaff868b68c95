//! The one place the watch reads the database, and the one assessment every reader shows.
//!
//! [`assess`] is what `marsad report`, `marsad run --watch`, `GET /api/watches/{name}` and the
//! dashboard all call (issue 13, item 9): it resolves the period the same way for all of them
//! ([`resolve_period`]), reads the watch's events in it ([`load_events`]), evaluates, and counts
//! the watch's events it did not read (undated, outside the period) from the store, so that the
//! report and the dashboard show the same numbers, byte for byte in JSON.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use marsad_store::model::{EventQuery, StoredEvent};
use marsad_store::Store;

use crate::assess::{evaluate, Assessment, Period};
use crate::def::{Scope, Watch};
use crate::error::{Error, ErrorKind};

/// An assessment with the stored events it read (the server highlights their evidence).
#[derive(Clone, Debug)]
pub struct Assessed {
    pub assessment: Assessment,
    pub events: Vec<StoredEvent>,
}

/// Assesses `w` over `period` on `store`: the one function behind every view of a watch.
///
/// Open ends are resolved by [`resolve_period`]. At most `max_events` events are read (the
/// server's bound); a period holding more is refused with a message asking for a shorter one.
pub fn assess(
    store: &Store,
    w: &Watch,
    period: Period,
    max_events: Option<usize>,
) -> Result<Assessed, Error> {
    let (from, to) = resolve_ends(store, w, period)?;
    let period = Period {
        from: Some(from),
        to: Some(to),
    };
    let events = read_events(store, w, period, max_events)?;
    if let Some(max) = max_events {
        if events.len() > max {
            return Err(Error::new(
                store.name(),
                ErrorKind::Invalid(format!(
                    "the period {from} to {to} holds over {max} events of this watch; give a \
                     shorter from/to"
                )),
            ));
        }
    }
    let mut assessment = evaluate(w, &events, period)?;
    // What the period leaves out is counted by the store, not read: an archive's other years
    // can hold far more events than the period.
    let codes: Option<Vec<String>> = codes_needed(w).map(|c| c.into_iter().collect());
    let (undated, outside) = store
        .count_outside(codes.as_deref(), from, to)
        .map_err(|e| Error::new(store.name(), ErrorKind::Io(e.to_string())))?;
    assessment.skipped.undated += undated as usize;
    assessment.skipped.outside_period += outside as usize;
    Ok(Assessed { assessment, events })
}

/// Both ends of the period a reader asked for (issue 13, item 10).
///
/// `to` defaults to the latest *publication* date in the store: the archive's present. Event
/// dates are not used: an article of 2015 may name 2023, and a period ending there would show an
/// archive of 2015 as empty. With no publication date at all, the latest event date stands in,
/// then `from`, then today. A `from` after the latest publication makes a period of that one day.
/// `from` defaults to two verdict windows before `to`, so that the current window has a previous
/// one to compare with.
pub fn resolve_period(store: &Store, w: &Watch, period: Period) -> Result<Period, Error> {
    let (from, to) = resolve_ends(store, w, period)?;
    Ok(Period {
        from: Some(from),
        to: Some(to),
    })
}

/// [`resolve_period`] as a pair of days.
fn resolve_ends(store: &Store, w: &Watch, period: Period) -> Result<(NaiveDate, NaiveDate), Error> {
    let fail = |e: marsad_store::Error| Error::new(store.name(), ErrorKind::Io(e.to_string()));
    let to = match period.to {
        Some(t) => t,
        None => {
            let last = match store.last_published().map_err(fail)? {
                Some(d) => Some(d),
                None => store.stats().map_err(fail)?.last_date,
            };
            match (last, period.from) {
                (Some(l), Some(f)) => l.max(f),
                (Some(l), None) => l,
                (None, Some(f)) => f,
                (None, None) => crate::assess::today(),
            }
        }
    };
    let span = u64::from(w.window_days.max(1)) * 2 - 1;
    let from = period
        .from
        .unwrap_or_else(|| to.checked_sub_days(Days::new(span)).unwrap_or(to));
    if from > to {
        return Err(Error::new(
            "period",
            ErrorKind::Invalid(format!("from {from} is after to {to}")),
        ));
    }
    Ok((from, to))
}

/// Loads the events the watch can count in `period` (negated ones included, so that
/// [`crate::evaluate`] counts them as skipped).
///
/// When every indicator is tied to codes (a scope other than `any`, or actor or recipient codes),
/// only events naming the parties, the mediators or those codes are read, one indexed query per
/// code; otherwise every event in the period is. Events are returned once each, by date then id.
pub fn load_events(store: &Store, w: &Watch, period: Period) -> Result<Vec<StoredEvent>, Error> {
    read_events(store, w, period, None)
}

/// [`load_events`], reading at most `max + 1` events per query when `max` is given.
fn read_events(
    store: &Store,
    w: &Watch,
    period: Period,
    max: Option<usize>,
) -> Result<Vec<StoredEvent>, Error> {
    // With an open end the evaluation finds the end from the last event, so read up to it; with an
    // end and no start, read the two windows before it (the default period).
    let from = match (period.from, period.to) {
        (Some(f), _) => Some(f),
        (None, Some(t)) => t.checked_sub_days(Days::new(u64::from(w.window_days) * 2 - 1)),
        (None, None) => None,
    };
    // The sequences' context: events up to their reach outside the period (see `evaluate`).
    let reach = Days::new(crate::assess::sequence_reach(w));
    let base = EventQuery {
        from: from.map(|f| f.checked_sub_days(reach).unwrap_or(f)),
        to: period.to.map(|t| t.checked_add_days(reach).unwrap_or(t)),
        include_negated: true,
        limit: max.map(|m| m + 1),
        ..EventQuery::default()
    };
    let fail = |e: marsad_store::Error| Error::new(store.name(), ErrorKind::Io(e.to_string()));
    let Some(codes) = codes_needed(w) else {
        return store.events(&base).map_err(fail);
    };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for code in codes {
        let q = EventQuery {
            actor: Some(code),
            ..base.clone()
        };
        for e in store.events(&q).map_err(fail)? {
            if seen.insert(e.id.clone()) {
                out.push(e);
            }
        }
        if max.is_some_and(|m| out.len() > m) {
            break;
        }
    }
    out.sort_by(|a, b| key(a).cmp(&key(b)));
    Ok(out)
}

/// The timeline of a dyad around the stored event `id` ([`crate::around::around`]): `dyad`
/// defaults to the event's own ([`crate::around::default_dyad`]). `Ok(None)` when no event has
/// this id; an error when the event names no dyad and none is given, or has no date.
pub fn around(
    store: &Store,
    id: &str,
    dyad: Option<[String; 2]>,
    hours: u32,
) -> Result<Option<crate::around::Around>, Error> {
    let fail = |e: marsad_store::Error| Error::new(store.name(), ErrorKind::Io(e.to_string()));
    let Some((centre, _)) = store.event(id).map_err(fail)? else {
        return Ok(None);
    };
    let Some([a, b]) = dyad.or_else(|| crate::around::default_dyad(&centre)) else {
        return Err(Error::new(
            id,
            ErrorKind::Invalid(format!(
                "event {id} names fewer than two parties; give a dyad such as IRN-USA"
            )),
        ));
    };
    let Some(date) = centre.date else {
        return crate::around::around(&centre, [&a, &b], hours, &[]).map(Some);
    };
    let days = Days::new(crate::around::reach_days(
        hours.min(crate::around::MAX_HOURS),
    ));
    let base = EventQuery {
        from: date.checked_sub_days(days),
        to: date.checked_add_days(days),
        include_negated: true,
        limit: Some(MAX_AROUND_EVENTS),
        ..EventQuery::default()
    };
    // The pair index holds actor–recipient pairs; events the two do together are read by the
    // first party's code and kept when the second is among the actors too.
    let mut events = store
        .events(&EventQuery {
            dyad: Some((a.clone(), b.clone())),
            ..base.clone()
        })
        .map_err(fail)?;
    let by_actor = store
        .events(&EventQuery {
            actor: Some(a.clone()),
            ..base
        })
        .map_err(fail)?;
    // A timeline cut at the bound would hide events without saying so: refuse instead.
    if events.len() >= MAX_AROUND_EVENTS || by_actor.len() >= MAX_AROUND_EVENTS {
        return Err(Error::new(
            id,
            ErrorKind::Invalid(format!(
                "over {MAX_AROUND_EVENTS} events of {a} within {hours} hours of {date}; ask for fewer hours"
            )),
        ));
    }
    events.extend(
        by_actor
            .into_iter()
            .filter(|e| e.actor_codes.contains(&a) && e.actor_codes.contains(&b)),
    );
    crate::around::around(&centre, [&a, &b], hours, &events).map(Some)
}

/// Most events [`around`] reads per query; a range holding more is refused, not cut.
pub const MAX_AROUND_EVENTS: usize = 5_000;

/// Compares `w` over two periods ([`crate::compare::compare`]). Missing ends default to the
/// current verdict window for `b` (the `window_days` ending on the latest publication date) and
/// the window before it for `a`; a period given only one end spans `window_days` from it.
pub fn compare(
    store: &Store,
    w: &Watch,
    a: Period,
    b: Period,
    max_events: Option<usize>,
) -> Result<crate::compare::Comparison, Error> {
    let span = Days::new(u64::from(w.window_days.max(1)) - 1);
    let (_, latest) = resolve_ends(store, w, Period::default())?;
    let one = |p: Period, default_to: NaiveDate| -> (NaiveDate, NaiveDate) {
        match (p.from, p.to) {
            (Some(f), Some(t)) => (f, t),
            (Some(f), None) => (f, f.checked_add_days(span).unwrap_or(f)),
            (None, Some(t)) => (t.checked_sub_days(span).unwrap_or(t), t),
            (None, None) => (
                default_to.checked_sub_days(span).unwrap_or(default_to),
                default_to,
            ),
        }
    };
    let pb = one(b, latest);
    let pa = one(a, pb.0.pred_opt().unwrap_or(pb.0));
    let mut sides = Vec::new();
    for (from, to) in [pa, pb] {
        let period = Period {
            from: Some(from),
            to: Some(to),
        };
        if from > to {
            return Err(Error::new(
                "period",
                ErrorKind::Invalid(format!("from {from} is after to {to}")),
            ));
        }
        let events = read_events(store, w, period, max_events)?;
        if let Some(max) = max_events {
            if events.len() > max {
                return Err(Error::new(
                    store.name(),
                    ErrorKind::Invalid(format!(
                        "the period {from} to {to} holds over {max} events of this watch; give a \
                         shorter one"
                    )),
                ));
            }
        }
        sides.push(events);
    }
    crate::compare::compare(w, &sides[0], pa, &sides[1], pb)
}

/// The codes whose events cover every indicator, or `None` when some indicator needs all events.
fn codes_needed(w: &Watch) -> Option<BTreeSet<String>> {
    let mut codes: BTreeSet<String> = w.parties.iter().map(|p| p.code.clone()).collect();
    codes.extend(w.mediators.iter().map(|m| m.code.clone()));
    for i in &w.indicators {
        let f = &i.filter;
        if f.scope == Scope::Any {
            if !f.actors.is_empty() {
                codes.extend(f.actors.iter().cloned());
            } else if !f.recipients.is_empty() && !f.open_recipient {
                codes.extend(f.recipients.iter().cloned());
            } else {
                return None;
            }
        }
    }
    Some(codes)
}

fn key(e: &StoredEvent) -> (bool, Option<NaiveDate>, &str) {
    (e.date.is_none(), e.date, e.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::def::Vocabulary;
    use marsad_coder::{ActorRef, EventRecord, SentenceRef, TextSpan};
    use marsad_store::model::Article;

    /// One record of `doc`: `event` by `actor` on `recipient` (codes; empty for none).
    fn record(doc: &str, date: &str, event: &str, actor: &str, recipient: &str) -> EventRecord {
        let side = |c: &str| -> Vec<ActorRef> {
            (!c.is_empty())
                .then(|| ActorRef {
                    text: c.to_owned(),
                    start: 0,
                    end: 3,
                    code: Some(c.to_owned()),
                    sector: None,
                    name: None,
                    wikidata: None,
                    inferred: None,
                })
                .into_iter()
                .collect()
        };
        EventRecord {
            id: format!("{doc}:0:0"),
            doc_id: doc.into(),
            language: "en".into(),
            sentence: SentenceRef {
                index: 0,
                start: 0,
                end: 10,
            },
            text: format!("a sentence of {doc}"),
            date: Some(date.into()),
            date_source: "text".into(),
            date_end: None,
            event: event.into(),
            mode: None,
            context: vec![],
            cameo: None,
            quad_code: Some(1),
            event_scale: Some(2.5),
            goldstein: Some(1.0),
            negated: false,
            aux: vec![],
            actor: side(actor),
            recipient: side(recipient),
            event_text: vec![TextSpan {
                text: "met".into(),
                start: 0,
                end: 3,
            }],
            location: None,
            tables: None,
            confidence: None,
        }
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        for (doc, date, event, actor, recipient) in [
            ("a", "2026-02-06", "CONSULT", "IRN", "USA"),
            ("b", "2026-02-07", "ASSAULT", "ISR", "LBN"),
            ("c", "2026-02-08", "CONSULT", "OMN", "IRN"),
            ("d", "2026-01-01", "CONSULT", "USA", "IRN"),
        ] {
            let text = format!("the text of {doc}");
            let article = Article {
                id: doc.into(),
                url: None,
                title: None,
                source: Some("test".into()),
                language: "en".into(),
                published: date.parse().ok(),
                fetched: "2026-02-10T00:00:00Z".into(),
                content_hash: marsad_store::content_hash(&text),
                duplicate_of: None,
                copies: 0,
                origin: format!("{doc}.txt"),
                published_at: None,
            };
            let rec = record(doc, date, event, actor, recipient);
            store.add_article(&article, &text, &[rec]).unwrap();
        }
        store
    }

    fn watch(extra: &str) -> Watch {
        let text = format!(
            "name = \"w\"\nparties = [{{ code = \"IRN\" }}, {{ code = \"USA\" }}]\nmediators = [{{ code = \"OMN\" }}]\n[[test]]\nid = \"t\"\n[[indicator]]\nid = \"i\"\ntest = \"t\"\ndirection = \"progress\"\n{extra}"
        );
        Watch::from_toml(&text, "w.toml", Vocabulary::embedded()).unwrap()
    }

    fn dates(events: &[StoredEvent]) -> Vec<String> {
        events.iter().map(|e| e.date.unwrap().to_string()).collect()
    }

    #[test]
    fn around_reads_the_dyad_in_both_directions_from_the_store() {
        let s = store();
        let ids: Vec<String> = s
            .events(&EventQuery::default())
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        let meeting = &ids[1]; // 2026-02-06, IRN→USA.
        let t = around(&s, meeting, None, 72)
            .unwrap()
            .expect("the event exists");
        assert_eq!(t.dyad, ["IRN".to_owned(), "USA".to_owned()]);
        // Oman's meeting two days later is not between the two; January's is too far.
        assert_eq!(t.entries.len(), 1);
        assert!(t.entries[0].centre);
        // Asked for Iran and Oman, the same event has Oman's meeting two days after it.
        let t = around(&s, meeting, Some(["IRN".into(), "OMN".into()]), 72)
            .unwrap()
            .unwrap();
        let got: Vec<(i64, &str)> = t
            .entries
            .iter()
            .map(|e| (e.offset_days, e.direction.as_str()))
            .collect();
        assert_eq!(got, [(2, "OMN→IRN")]);
        assert!(around(&s, "ev-0000000000000000", None, 72)
            .unwrap()
            .is_none());
    }

    #[test]
    fn compare_defaults_to_the_current_window_against_the_one_before() {
        let s = store();
        let w = watch("events = [\"CONSULT\"]\nscope = \"dyad\"\n");
        let c = compare(&s, &w, Period::default(), Period::default(), None).unwrap();
        // The latest publication is 8 February; windows of 14 days.
        assert_eq!(
            (c.b.from.to_string(), c.b.to.to_string()),
            ("2026-01-26".into(), "2026-02-08".into())
        );
        assert_eq!(
            (c.a.from.to_string(), c.a.to.to_string()),
            ("2026-01-12".into(), "2026-01-25".into())
        );
        assert_eq!((c.a.events, c.b.events), (0, 1));
        let err = compare(
            &s,
            &w,
            Period {
                from: Some("2026-02-08".parse().unwrap()),
                to: Some("2026-02-01".parse().unwrap()),
            },
            Period::default(),
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("after"), "{err}");
    }

    #[test]
    fn a_watch_tied_to_codes_reads_only_their_events_once_each() {
        let s = store();
        let w = watch("scope = \"party\"\n");
        let got = load_events(&s, &w, Period::default()).unwrap();
        // IRN→USA is found by both party queries but returned once; ISR→LBN is not read.
        assert_eq!(dates(&got), ["2026-01-01", "2026-02-06", "2026-02-08"]);
    }

    #[test]
    fn a_watch_with_an_unconstrained_indicator_reads_every_event() {
        let s = store();
        let w = watch("events = [\"CONSULT\"]\n");
        let got = load_events(&s, &w, Period::default()).unwrap();
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn an_end_without_a_start_reads_the_two_windows_before_it() {
        let s = store();
        let w = watch("scope = \"party\"\n");
        let period = Period {
            from: None,
            to: "2026-02-07".parse().ok(),
        };
        let got = load_events(&s, &w, period).unwrap();
        assert_eq!(dates(&got), ["2026-02-06"]);
    }

    /// Issue 13, item 10: an event dated in a later year its article names does not move the
    /// default period; the latest publication date does. What the period leaves out is counted.
    #[test]
    fn issue_13_the_default_period_ends_on_the_latest_publication() {
        let mut s = store();
        let text = "the text of e";
        let article = Article {
            id: "e".into(),
            url: None,
            title: None,
            source: Some("test".into()),
            language: "en".into(),
            published: "2026-02-08".parse().ok(),
            fetched: "2026-02-10T00:00:00Z".into(),
            content_hash: marsad_store::content_hash(text),
            duplicate_of: None,
            copies: 0,
            origin: "e.txt".into(),
            published_at: None,
        };
        let rec = record("e", "2030-01-01", "CONSULT", "IRN", "USA");
        s.add_article(&article, text, &[rec]).unwrap();
        let w = watch("scope = \"party\"\n");
        let p = resolve_period(&s, &w, Period::default()).unwrap();
        assert_eq!(
            (p.from, p.to),
            ("2026-01-12".parse().ok(), "2026-02-08".parse().ok())
        );
        let a = assess(&s, &w, Period::default(), None).unwrap();
        // 2026-01-01 and 2030-01-01 are outside; the two IRN events of February are read.
        assert_eq!(a.assessment.skipped.outside_period, 2);
        assert_eq!(dates(&a.events), ["2026-02-06", "2026-02-08"]);
        // A bound on the events read is a clear error, not a silent cut.
        let e = assess(&s, &w, Period::default(), Some(1)).unwrap_err();
        assert!(e.to_string().contains("holds over 1 events"), "{e}");
    }
}
