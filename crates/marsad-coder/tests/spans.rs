//! Spans stay exact when the text carries harakat: a stripped clitic is left out of the span,
//! however many marks it wears.

use marsad_coder::{Coder, DocumentInput, Options};
use marsad_lexicon::Lexicon;

#[test]
fn clitics_with_harakat_are_left_out_of_spans() {
    let lexicon = Lexicon::embedded().unwrap();
    let coder = Coder::new(&lexicon).with_model(None);
    let text = "وَرَفَضَتْ طَهْرَانُ المَطَالِبَ الأَمْرِيكِيَّةَ.";
    let doc = DocumentInput {
        id: "h",
        text,
        date: chrono::NaiveDate::from_ymd_opt(2026, 2, 8),
        lang: None,
    };
    let events = coder.code(&doc, &Options::default());
    let reject = events
        .iter()
        .find(|e| e.event == "REJECT")
        .expect("a REJECT event");
    let trigger = &reject.event_text[0];
    assert_eq!(trigger.text, "رَفَضَتْ");
    let surface: String = text
        .chars()
        .skip(trigger.start)
        .take(trigger.end - trigger.start)
        .collect();
    assert_eq!(surface, trigger.text);
    assert_eq!(reject.actor[0].text, "طَهْرَانُ");
    assert_eq!(reject.actor[0].code.as_deref(), Some("IRN"));
}
