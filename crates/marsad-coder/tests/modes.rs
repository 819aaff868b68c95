//! Negation and dates read from the clause of the trigger (issue 4, items 3 and 4).

use marsad_coder::{Coder, DocumentInput, EventRecord, Options};
use marsad_lexicon::Lexicon;

/// Codes `text` (published 2026-02-08, a Sunday) with negated events kept, and returns the first
/// event of type `event`.
fn first(text: &str, event: &str) -> EventRecord {
    let lexicon = Lexicon::embedded().unwrap();
    let coder = Coder::new(&lexicon);
    let doc = DocumentInput {
        id: "m",
        text,
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    let events = coder.code(&doc, &Options { all: true });
    events
        .into_iter()
        .find(|e| e.event == event)
        .unwrap_or_else(|| panic!("no {event} in {text:?} (trigger rows: lexicon/triggers.*.tsv)"))
}

#[test]
fn relative_ma_does_not_negate() {
    let e = first("وطالبت واشنطن بوقف التخصيب، وهو ما رفضته طهران.", "REJECT");
    assert!(
        !e.negated,
        "ما after هو is relative (modifiers.tsv relative)"
    );
    let e = first("ولم ترفض طهران المقترح الأمريكي.", "REJECT");
    assert!(e.negated, "لم negates");
}

#[test]
fn a_reported_event_takes_no_date_after_publication() {
    // `next week` belongs to the meeting, not to the rejection on Friday.
    let e = first(
        "Iran rejected the demand on Friday and will meet envoys next week.",
        "REJECT",
    );
    assert_eq!(e.date.as_deref(), Some("2026-02-06"));
    let e = first(
        "Iran rejected the demand, and the envoys will meet next week.",
        "REJECT",
    );
    assert_eq!(
        (e.date.as_deref(), e.date_source.as_str()),
        (Some("2026-02-08"), "publication")
    );
}
