//! Features the scorer learns from when a trigger word is no event: a trigger that is also a
//! person noun (`المتظاهرون`), one standing next to another trigger (`اعتقال المتظاهرين`), one in
//! a question, a definite noun (`الهجوم`, `the attack`) and the bare word before it (`سلسلة الهجمات`).

use marsad_coder::{Coder, DocumentInput};
use marsad_lexicon::Lexicon;

/// The features of the first reading of the trigger of type `event` in `text`.
fn features(text: &str, event: &str) -> Vec<String> {
    let lexicon = Lexicon::embedded().unwrap();
    let coder = Coder::new(&lexicon).with_model(None);
    let doc = DocumentInput {
        id: "n",
        text,
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    coder
        .candidates(&doc)
        .candidates
        .into_iter()
        .find(|c| c.record.event == event)
        .unwrap_or_else(|| panic!("no {event} candidate in {text:?}"))
        .features
}

#[test]
fn a_person_noun_trigger_is_marked() {
    let f = features(
        "وأحرق المتظاهرون إطارات السيارات في الشارع الرئيسي.",
        "PROTEST",
    );
    assert!(f.iter().any(|x| x == "agent_noun|PROTEST"), "{f:?}");
    assert!(
        f.iter().any(|x| x == "agent_noun:nominative|PROTEST"),
        "{f:?}"
    );
    let f = features("وفرقت الشرطة آلاف المتظاهرين في الساحة.", "PROTEST");
    assert!(f.iter().any(|x| x == "agent_noun:oblique|PROTEST"), "{f:?}");
    let f = features("وتظاهر الطلاب أمام الجامعة أمس.", "PROTEST");
    assert!(!f.iter().any(|x| x.starts_with("agent_noun")), "{f:?}");
}

#[test]
fn a_trigger_next_to_another_is_marked() {
    let f = features("وقامت الشرطة باعتقال المتظاهرين في الساحة.", "PROTEST");
    assert!(f.iter().any(|x| x == "adj_before:noun|PROTEST"), "{f:?}");
    assert!(
        f.iter().any(|x| x == "adj_before:COERCE|noun|noun|PROTEST"),
        "{f:?}"
    );
    let f = features("وقامت الشرطة باعتقال المتظاهرين في الساحة.", "COERCE");
    assert!(
        f.iter().any(|x| x == "adj_after:PROTEST|noun|noun|COERCE"),
        "{f:?}"
    );
    let f = features("وتظاهر الطلاب أمام الجامعة أمس.", "PROTEST");
    assert!(!f.iter().any(|x| x.starts_with("adj_")), "{f:?}");
}

#[test]
fn a_question_is_marked() {
    let f = features("هل ستنسحب القوات الأمريكية من العراق؟", "RETREAT");
    assert!(f.iter().any(|x| x == "question|RETREAT"), "{f:?}");
    let f = features("Will the army withdraw from the border?", "RETREAT");
    assert!(f.iter().any(|x| x == "question"), "{f:?}");
    let f = features("وانسحبت القوات الأمريكية من العراق.", "RETREAT");
    assert!(!f.iter().any(|x| x.starts_with("question")), "{f:?}");
}

#[test]
fn a_definite_noun_is_marked() {
    let f = features("وأسفر الهجوم على القاعدة عن جرحى.", "ASSAULT");
    assert!(f.iter().any(|x| x == "definite|ASSAULT"), "{f:?}");
    let f = features("وشن مسلحون هجوما على القاعدة أمس.", "ASSAULT");
    assert!(f.iter().any(|x| x == "indefinite|ASSAULT"), "{f:?}");
    let f = features("The attack on the base wounded two soldiers.", "ASSAULT");
    assert!(f.iter().any(|x| x == "definite|ASSAULT"), "{f:?}");
    let f = features("وهاجم مسلحون القاعدة أمس.", "ASSAULT");
    assert!(!f.iter().any(|x| x.contains("definite")), "{f:?}");
}

#[test]
fn a_definite_noun_after_a_bare_word_is_marked() {
    let f = features("وتحدث التقرير عن سلسلة الهجمات في المدينة.", "ASSAULT");
    assert!(f.iter().any(|x| x == "after_bare_word|ASSAULT"), "{f:?}");
    let f = features("وأدان الوزير الهجوم على المدينة.", "ASSAULT");
    assert!(!f.iter().any(|x| x.starts_with("after_bare_word")), "{f:?}");
    let f = features("Officials discussed the series of attacks.", "ASSAULT");
    assert!(!f.iter().any(|x| x.starts_with("after_bare_word")), "{f:?}");
}
