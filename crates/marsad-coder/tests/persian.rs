//! Persian: compound verbs from `lexicon/triggers.fa.tsv`, verb-final roles (the doer opens the
//! clause, the recipient is marked by `را` or a preposition before the verb), negation and the
//! future written inside the verb, the passive with `شد`.
//!
//! Every sentence here is written for this test (not taken from any gold set).

use marsad_coder::{Coder, DocumentInput, EventRecord, Options};
use marsad_lexicon::Lexicon;

/// Codes `text` by the rules alone (no trained model, so that the test checks the lexicon and
/// the word-order rules), negated events kept.
fn code(text: &str) -> Vec<EventRecord> {
    let lexicon = Lexicon::embedded().unwrap();
    let coder = Coder::new(&lexicon).with_model(None);
    let doc = DocumentInput {
        id: "fa",
        text,
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    coder.code(
        &doc,
        &Options {
            all: true,
            ..Options::default()
        },
    )
}

fn codes(side: &[marsad_coder::ActorRef]) -> Vec<String> {
    side.iter().filter_map(|a| a.code.clone()).collect()
}

/// The first event of type `event` in `text`, with its actor and recipient codes.
fn check(text: &str, event: &str, actor: &[&str], recipient: &[&str]) -> EventRecord {
    let events = code(text);
    let e = events
        .iter()
        .find(|e| e.event == event)
        .unwrap_or_else(|| {
            let got: Vec<_> = events.iter().map(|e| (&e.event, &e.text)).collect();
            panic!("no {event} in {text:?}; got {got:?}")
        })
        .clone();
    assert_eq!(
        (codes(&e.actor), codes(&e.recipient)),
        (
            actor.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            recipient.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        ),
        "{event} in {text:?}"
    );
    e
}

#[test]
fn compound_verb_with_a_prepositional_recipient() {
    // Written: "Araghchi met Oman's foreign minister in Muscat."
    let e = check(
        "عراقچی با وزیر امور خارجه عمان در مسقط دیدار کرد.",
        "CONSULT",
        &["IRN"],
        &["OMN"],
    );
    assert!(!e.negated);
}

#[test]
fn object_marked_by_ra_is_the_recipient() {
    // Written: "America sanctioned Iran." / "Iran accused Israel of sabotage."
    check("آمریکا ایران را تحریم کرد.", "SANCTION", &["USA"], &["IRN"]);
    check(
        "ایران اسرائیل را به خرابکاری متهم کرد.",
        "ACCUSE",
        &["IRN"],
        &["ISR"],
    );
}

#[test]
fn zero_width_non_joiner_written_or_not() {
    // Written: "Russia condemns the attack" with می‌, میکند and می کند.
    for text in [
        "روسیه این اقدام آمریکا را محکوم می‌کند.",
        "روسیه این اقدام آمریکا را محکوم میکند.",
        "روسیه این اقدام آمریکا را محکوم می کند.",
    ] {
        check(text, "ACCUSE", &["RUS"], &["USA"]);
    }
}

#[test]
fn negation_and_future_inside_the_verb() {
    // Written: "Russia did not condemn America." / "Russia does not condemn America."
    let e = check("روسیه آمریکا را محکوم نکرد.", "ACCUSE", &["RUS"], &["USA"]);
    assert!(e.negated, "نکرد negates");
    let e = check(
        "روسیه آمریکا را محکوم نمی‌کند.",
        "ACCUSE",
        &["RUS"],
        &["USA"],
    );
    assert!(e.negated, "نمی‌کند negates");
    // Written: "Iran did not negotiate with America": a meeting refused is a rejection
    // (`plover.tsv` refused), as in Arabic and English.
    let e = check("ایران با آمریکا مذاکره نکرد.", "REJECT", &["IRN"], &["USA"]);
    assert!(!e.negated);
    // Written: "Araghchi will travel to Muscat next week."
    let e = check(
        "عراقچی هفته آینده به مسقط سفر خواهد کرد.",
        "CONSULT",
        &["IRN"],
        &["OMN"],
    );
    assert!(!e.negated);
    assert!(e.aux.iter().any(|a| a == "future"), "{:?}", e.aux);
}

#[test]
fn passive_with_an_agent() {
    // Written: "Two Israeli soldiers were killed by Hamas."
    check(
        "دو سرباز اسرائیلی توسط حماس کشته شدند.",
        "ASSAULT",
        &["PSE"],
        &["ISR"],
    );
}

#[test]
fn simple_verb_and_formal_light_verb() {
    // Written: "The IRGC seized a British tanker." / "The Omani foreign minister met Araghchi"
    // (formal `نمود`).
    check(
        "سپاه پاسداران یک نفتکش انگلیسی را توقیف کرد.",
        "COERCE",
        &["IRN"],
        &["GBR"],
    );
    check(
        "وزیر خارجه عمان با عراقچی دیدار نمود.",
        "CONSULT",
        &["OMN"],
        &["IRN"],
    );
}
