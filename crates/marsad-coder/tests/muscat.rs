//! The Muscat round of February 2026, told in our own words in Arabic and English
//! (`muscat.ar.txt`, `muscat.en.txt`): the facts issue 4 asks the coder to find.

use marsad_coder::{Coder, DocumentInput, EventRecord, Options};
use marsad_lexicon::Lexicon;

fn code(text: &str, model: bool) -> Vec<EventRecord> {
    let lexicon = Lexicon::embedded().expect("the shipped lexicon loads");
    let coder = Coder::new(&lexicon);
    let coder = if model { coder } else { coder.with_model(None) };
    let doc = DocumentInput {
        id: "muscat",
        text,
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    coder.code(&doc, &Options::default())
}

/// One expected event: its type, a source code and a recipient code (or none).
fn find(
    events: &[EventRecord],
    event: &str,
    source: &str,
    target: Option<&str>,
) -> Option<EventRecord> {
    let has =
        |v: &[marsad_coder::ActorRef], c: &str| v.iter().any(|a| a.code.as_deref() == Some(c));
    events
        .iter()
        .find(|e| {
            e.event == event
                && has(&e.actor, source)
                && target.is_none_or(|t| has(&e.recipient, t) || has(&e.actor, t))
        })
        .cloned()
}

fn show(events: &[EventRecord]) -> String {
    let codes = |v: &[marsad_coder::ActorRef]| {
        v.iter()
            .map(|a| a.code.clone().unwrap_or("-".into()))
            .collect::<Vec<_>>()
            .join("+")
    };
    events
        .iter()
        .map(|e| {
            format!(
                "{} {}→{} «{}»",
                e.event,
                codes(&e.actor),
                codes(&e.recipient),
                e.event_text[0].text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The twelve key events of the round (issue 4). The rules alone find all of them; with the
/// trained scorer at least eleven are required (issue 11's target), and what each found event
/// says (date, place, sectors, the compound actor, the historical strike) is checked.
fn check_document(text: &str, model: bool) {
    let events = code(text, model);
    for e in &events {
        for a in e.actor.iter().chain(&e.recipient) {
            let surface: String = text.chars().skip(a.start).take(a.end - a.start).collect();
            assert_eq!(surface, a.text, "actor offsets must slice the document");
        }
    }
    let key: [(&str, &str, Option<&str>); 12] = [
        ("CONSULT", "IRN", Some("USA")),
        ("REQUEST", "IRN", None),
        ("REJECT", "IRN", None),
        ("AGREE", "IRN", Some("USA")),
        ("CONSULT", "USA", Some("IRN")),
        ("ASSAULT", "USA", Some("IRN")),
        ("MOBILIZE", "USA", None),
        ("THREATEN", "USA", None),
        ("SANCTION", "USA", None),
        ("AGREE", "EGY", Some("IRN")),
        ("COERCE", "IRN", None),
        ("ASSAULT", "USA", Some("IRN")),
    ];
    let missed: Vec<String> = key
        .iter()
        .filter(|(e, s, t)| find(&events, e, s, *t).is_none())
        .map(|(e, s, t)| format!("{e} {s}→{t:?}"))
        .collect();
    let allowed = if model { 1 } else { 0 };
    assert!(
        missed.len() <= allowed,
        "missed {missed:?}; the coder found:\n{}",
        show(&events)
    );
    if let Some(talks) = find(&events, "CONSULT", "IRN", Some("USA")) {
        assert_eq!(talks.date.as_deref(), Some("2026-02-06"));
        assert_eq!(talks.date_source, "text");
        assert_eq!(
            talks.location.as_ref().and_then(|l| l.country.as_deref()),
            Some("OMN")
        );
    }
    if let Some(downed) = find(&events, "ASSAULT", "USA", Some("IRN")) {
        if downed.aux.is_empty() {
            assert_eq!(downed.actor[0].sector.as_deref(), Some("MIL"));
        }
    }
    if let Some(offer) = find(&events, "AGREE", "EGY", Some("IRN")) {
        assert_eq!(
            offer.actor.len(),
            3,
            "Egypt, Turkey and Qatar are one compound actor"
        );
    }
    if let Some(intercept) = find(&events, "COERCE", "IRN", None) {
        assert_eq!(
            intercept.location.as_ref().map(|l| l.place.as_deref()),
            Some(Some("Strait of Hormuz"))
        );
    }
    // The June 2025 strike is historical: the rules always find it; the scorer may leave it out
    // as background (ANNOTATION.md), and is then counted among the misses above.
    let strikes: Vec<&EventRecord> = events
        .iter()
        .filter(|e| {
            e.event == "ASSAULT" && e.date.as_deref().is_some_and(|d| d.starts_with("2025-06"))
        })
        .collect();
    assert!(
        model || !strikes.is_empty(),
        "the rules find the June 2025 strike:\n{}",
        show(&events)
    );
    for strike in strikes {
        assert!(
            strike.aux.contains(&"historical".to_string()),
            "the June 2025 strike is historical: {:?}",
            strike.aux
        );
    }
}

#[test]
fn arabic_muscat_round() {
    check_document(include_str!("muscat.ar.txt"), false);
    check_document(include_str!("muscat.ar.txt"), true);
}

#[test]
fn english_muscat_round() {
    check_document(include_str!("muscat.en.txt"), false);
    check_document(include_str!("muscat.en.txt"), true);
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
