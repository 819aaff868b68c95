//! The Muscat round of February 2026, told in our own words in Arabic and English
//! (`muscat.ar.txt`, `muscat.en.txt`): the facts issue 4 asks the coder to find.

use marsad_coder::{Coder, DocumentInput, EventRecord, Options};
use marsad_lexicon::Lexicon;

fn code(text: &str) -> Vec<EventRecord> {
    let lexicon = Lexicon::embedded().expect("the shipped lexicon loads");
    let coder = Coder::new(&lexicon);
    let doc = DocumentInput {
        id: "muscat",
        text,
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    coder.code(&doc, &Options::default())
}

/// One expected event: its type, a source code, a recipient code (or none), and whether it is
/// historical.
fn check(events: &[EventRecord], event: &str, source: &str, target: Option<&str>) -> EventRecord {
    let has =
        |v: &[marsad_coder::ActorRef], c: &str| v.iter().any(|a| a.code.as_deref() == Some(c));
    events
        .iter()
        .find(|e| {
            e.event == event
                && has(&e.actor, source)
                && target.is_none_or(|t| has(&e.recipient, t) || has(&e.actor, t))
        })
        .unwrap_or_else(|| {
            let got: Vec<String> = events
                .iter()
                .map(|e| {
                    let codes = |v: &[marsad_coder::ActorRef]| {
                        v.iter()
                            .map(|a| a.code.clone().unwrap_or("-".into()))
                            .collect::<Vec<_>>()
                            .join("+")
                    };
                    format!(
                        "{} {}→{} «{}»",
                        e.event,
                        codes(&e.actor),
                        codes(&e.recipient),
                        e.event_text[0].text
                    )
                })
                .collect();
            panic!(
                "no {event} {source}→{target:?}; the coder found:\n{}",
                got.join("\n")
            )
        })
        .clone()
}

fn check_document(text: &str) {
    let events = code(text);
    for e in &events {
        for a in e.actor.iter().chain(&e.recipient) {
            let surface: String = text.chars().skip(a.start).take(a.end - a.start).collect();
            assert_eq!(surface, a.text, "actor offsets must slice the document");
        }
    }
    let talks = check(&events, "CONSULT", "IRN", Some("USA"));
    assert_eq!(talks.date.as_deref(), Some("2026-02-06"));
    assert_eq!(talks.date_source, "text");
    assert_eq!(
        talks.location.as_ref().and_then(|l| l.country.as_deref()),
        Some("OMN")
    );
    check(&events, "REQUEST", "IRN", None);
    check(&events, "REJECT", "IRN", None);
    check(&events, "AGREE", "IRN", Some("USA"));
    check(&events, "CONSULT", "USA", Some("IRN"));
    let downed = check(&events, "ASSAULT", "USA", Some("IRN"));
    assert_eq!(downed.actor[0].sector.as_deref(), Some("MIL"));
    check(&events, "MOBILIZE", "USA", None);
    check(&events, "THREATEN", "USA", None);
    check(&events, "SANCTION", "USA", None);
    let offer = check(&events, "AGREE", "EGY", Some("IRN"));
    assert_eq!(
        offer.actor.len(),
        3,
        "Egypt, Turkey and Qatar are one compound actor"
    );
    let intercept = check(&events, "COERCE", "IRN", None);
    assert_eq!(
        intercept.location.as_ref().map(|l| l.place.as_deref()),
        Some(Some("Strait of Hormuz"))
    );
    let strike = check(&events, "ASSAULT", "USA", Some("IRN"));
    let strike = if strike.aux.is_empty() {
        events
            .iter()
            .find(|e| e.event == "ASSAULT" && e.aux.contains(&"historical".to_string()))
            .expect("the June 2025 strike is historical")
            .clone()
    } else {
        strike
    };
    assert!(strike.aux.contains(&"historical".to_string()));
}

#[test]
fn arabic_muscat_round() {
    check_document(include_str!("muscat.ar.txt"));
}

#[test]
fn english_muscat_round() {
    check_document(include_str!("muscat.en.txt"));
}

#[test]
fn negated_events_are_left_out_unless_asked() {
    let lexicon = Lexicon::embedded().unwrap();
    let coder = Coder::new(&lexicon);
    let doc = DocumentInput {
        id: "n",
        text: "لم ترفض إيران المقترح الأمريكي.",
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    assert!(coder
        .code(&doc, &Options::default())
        .iter()
        .all(|e| e.event != "REJECT"));
    let all = coder.code(
        &doc,
        &Options {
            all: true,
            ..Options::default()
        },
    );
    let reject = all
        .iter()
        .find(|e| e.event == "REJECT")
        .expect("kept with --all");
    assert!(reject.negated);
    assert!(reject.aux.contains(&"negation".to_string()));
}
