//! Verbal nouns that refer to an earlier event are not events of the sentence (issue 4, item 7:
//! the detection negatives are full of such references): a noun after a temporal word, or, in
//! Arabic, one governed by a preposition that no light verb governs.

use marsad_coder::{Coder, DocumentInput, Options};
use marsad_lexicon::Lexicon;

/// Codes `text` and checks whether an event of type `event` comes out.
fn check(text: &str, event: &str, expected: bool) {
    let lexicon = Lexicon::embedded().unwrap();
    let coder = Coder::new(&lexicon).with_model(None);
    let doc = DocumentInput {
        id: "r",
        text,
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    let events = coder.code(&doc, &Options::default());
    let found = events.iter().any(|e| e.event == event);
    assert_eq!(
        found, expected,
        "{event} in {text:?}: got {:?} (rules: roles.rs is_reference; words: modifiers.tsv temporal, support)",
        events.iter().map(|e| &e.event).collect::<Vec<_>>()
    );
}

#[test]
fn a_noun_after_a_temporal_word_is_a_reference() {
    check(
        "وتراجع عدد نواب الأكثرية بعد اغتيال النائب في بيروت.",
        "ASSAULT",
        false,
    );
    check(
        "Talks resumed in Muscat after the attack on the tanker.",
        "ASSAULT",
        false,
    );
}

#[test]
fn a_noun_governed_by_a_preposition_is_a_reference() {
    check(
        "وقال المحقق إن التحقيق في اغتيال الوزير يتقدم ببطء.",
        "ASSAULT",
        false,
    );
}

#[test]
fn a_light_verb_makes_the_noun_the_event() {
    check("وقام مسلحون باغتيال النائب في بيروت أمس.", "ASSAULT", true);
    check("وأسفر الانفجار عن مقتل ثلاثة جنود في السوق.", "ASSAULT", true);
    check(
        "وأعلنت الحركة مسؤوليتها عن الهجوم على القاعدة العسكرية.",
        "ASSAULT",
        true,
    );
}
