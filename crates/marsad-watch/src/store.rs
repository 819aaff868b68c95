//! The one place the watch reads the database: the events a watch can use, from a [`Store`].

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use marsad_store::model::{EventQuery, StoredEvent};
use marsad_store::Store;

use crate::assess::Period;
use crate::def::{Scope, Watch};
use crate::error::{Error, ErrorKind};

/// Loads the events the watch can count in `period` (negated ones included, so that
/// [`crate::evaluate`] counts them as skipped).
///
/// When every indicator is tied to codes (a scope other than `any`, or actor or recipient codes),
/// only events naming the parties, the mediators or those codes are read, one indexed query per
/// code; otherwise every event in the period is. Events are returned once each, by date then id.
pub fn load_events(store: &Store, w: &Watch, period: Period) -> Result<Vec<StoredEvent>, Error> {
    // With an open end the evaluation finds the end from the last event, so read up to it; with an
    // end and no start, read the two windows before it (the default period).
    let from = match (period.from, period.to) {
        (Some(f), _) => Some(f),
        (None, Some(t)) => t.checked_sub_days(Days::new(u64::from(w.window_days) * 2 - 1)),
        (None, None) => None,
    };
    let base = EventQuery {
        from,
        to: period.to,
        include_negated: true,
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
    }
    out.sort_by(|a, b| key(a).cmp(&key(b)));
    Ok(out)
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
        let w = watch("events = [\"ASSAULT\"]\n");
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
}
