//! The event record: the one place where the JSONL contract of DESIGN.md is spelled out.
//!
//! Field names are a contract read by evaluation and other tools: extend, never rename.
//! The golden test at the bottom pins the shape.

use serde::{Deserialize, Serialize};

/// One coded event, as written one per line by `marsad code`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// `doc_id:sentence:n`, unique inside a run.
    pub id: String,
    pub doc_id: String,
    pub language: String,
    pub sentence: SentenceRef,
    /// The sentence's surface.
    pub text: String,
    /// ISO date (`YYYY-MM-DD`) of the event, or null.
    pub date: Option<String>,
    /// Where `date` came from: `text`, `publication` or `none`.
    pub date_source: String,
    /// Last day of the event's date range when the date is a range or a month; else equal to `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    pub event: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub cameo: Option<String>,
    pub quad_code: Option<u8>,
    pub event_scale: Option<f32>,
    pub goldstein: Option<f32>,
    pub negated: bool,
    pub aux: Vec<String>,
    pub actor: Vec<ActorRef>,
    pub recipient: Vec<ActorRef>,
    pub event_text: Vec<TextSpan>,
    pub location: Option<LocationRef>,
    /// Versions of the scoring tables behind `goldstein` and `event_scale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<String>,
    /// The scorer's estimate, in [0, 1], that this event is right (absent when the coder ran
    /// without a model). See `scorer.rs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceRef {
    pub index: usize,
    pub start: usize,
    pub end: usize,
}

/// A participant: the surface span and what it resolved to. `code` is null when unresolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorRef {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub code: Option<String>,
    pub sector: Option<String>,
    /// The lexicon id of a named actor (`ABBAS_ARAGHCHI`), null for agents and countries.
    pub name: Option<String>,
    pub wikidata: Option<String>,
    /// Why the code was inferred rather than read from the words at the span: `scene` when the
    /// sentence names no doer's (or target's) country and the code is that of the place or the
    /// one country the sentence is about (the span is that evidence). Absent when read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocationRef {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub place: Option<String>,
    pub country: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden shape: the field names and order of DESIGN.md's example record.
    #[test]
    fn record_shape_is_the_contract() {
        let rec = EventRecord {
            id: "doc-17:3:0".into(),
            doc_id: "doc-17".into(),
            language: "ar".into(),
            sentence: SentenceRef {
                index: 3,
                start: 412,
                end: 530,
            },
            text: "s".into(),
            date: Some("2026-02-06".into()),
            date_source: "text".into(),
            date_end: None,
            event: "CONSULT".into(),
            mode: Some("third-party".into()),
            context: vec!["diplomatic".into(), "cbrn".into()],
            cameo: Some("046".into()),
            quad_code: Some(1),
            event_scale: Some(2.5),
            goldstein: Some(7.0),
            negated: false,
            aux: vec![],
            actor: vec![ActorRef {
                text: "المفاوضون الإيرانيون".into(),
                start: 430,
                end: 450,
                code: Some("IRN".into()),
                sector: Some("GOV".into()),
                name: None,
                wikidata: None,
                inferred: None,
            }],
            recipient: vec![],
            event_text: vec![TextSpan {
                text: "المحادثات".into(),
                start: 470,
                end: 479,
            }],
            location: Some(LocationRef {
                text: "مسقط".into(),
                start: 490,
                end: 494,
                place: Some("Muscat".into()),
                country: Some("OMN".into()),
            }),
            tables: None,
            confidence: None,
        };
        let json = serde_json::to_string(&rec).unwrap();
        let keys: Vec<&str> = [
            "\"id\"",
            "\"doc_id\"",
            "\"language\"",
            "\"sentence\"",
            "\"text\"",
            "\"date\"",
            "\"date_source\"",
            "\"event\"",
            "\"mode\"",
            "\"context\"",
            "\"cameo\"",
            "\"quad_code\"",
            "\"event_scale\"",
            "\"goldstein\"",
            "\"negated\"",
            "\"aux\"",
            "\"actor\"",
            "\"recipient\"",
            "\"event_text\"",
            "\"location\"",
        ]
        .to_vec();
        let mut last = 0;
        for k in keys {
            let at = json
                .find(k)
                .unwrap_or_else(|| panic!("missing {k} in {json}"));
            assert!(at >= last, "{k} out of order in {json}");
            last = at;
        }
        let back: EventRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rec);
    }
}
