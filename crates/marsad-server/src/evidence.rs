//! Evidence sentences with their actor, trigger and recipient spans, relative to the sentence.
//!
//! The coder's offsets are code points into the whole article; a mention record carries its
//! sentence's text and `sentence.start`, so a span sits at `span.start - sentence.start` inside
//! `record.text`. Every span is checked by slicing the sentence: one that does not give back its
//! surface is left out rather than highlighting the wrong words.
//! A merged event (the event list) keeps the representative mention's spans but not its sentence
//! start, so [`from_event`] recovers the start from the span surfaces found in the sentence.

use marsad_coder::record::{ActorRef, EventRecord};
use marsad_store::model::StoredEvent;
use serde::Serialize;

use crate::html::{Mark, Role};

/// A sentence and the spans to highlight in it, offsets in code points into `sentence`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub sentence: String,
    pub language: String,
    pub spans: Vec<EvidenceSpan>,
}

/// One highlighted span of an evidence sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceSpan {
    /// `actor`, `trigger` or `recipient`.
    pub role: &'static str,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Evidence {
    /// The spans as highlighter marks.
    pub fn marks(&self) -> Vec<Mark> {
        self.spans
            .iter()
            .map(|s| Mark {
                start: s.start,
                end: s.end,
                role: match s.role {
                    "actor" => Role::Actor,
                    "trigger" => Role::Trigger,
                    _ => Role::Recipient,
                },
            })
            .collect()
    }
}

/// The evidence of one mention, from its record's exact offsets.
pub fn from_record(record: &EventRecord) -> Evidence {
    let chars: Vec<char> = record.text.chars().collect();
    let base = record.sentence.start;
    let mut spans = Vec::new();
    let mut push = |role: &'static str, text: &str, start: usize, end: usize| {
        if let (Some(s), Some(e)) = (start.checked_sub(base), end.checked_sub(base)) {
            if span_matches(&chars, s, e, text) {
                spans.push(EvidenceSpan {
                    role,
                    text: text.to_string(),
                    start: s,
                    end: e,
                });
            }
        }
    };
    for a in &record.actor {
        push("actor", &a.text, a.start, a.end);
    }
    for t in &record.event_text {
        push("trigger", &t.text, t.start, t.end);
    }
    for r in &record.recipient {
        push("recipient", &r.text, r.start, r.end);
    }
    spans.sort_by_key(|s| s.start);
    Evidence {
        sentence: record.text.clone(),
        language: record.language.clone(),
        spans,
    }
}

/// The evidence of a merged event: its representative sentence, with the participants' spans
/// placed by the sentence start that agrees with the most of them, and the trigger at its first
/// occurrence that overlaps no participant.
pub fn from_event(event: &StoredEvent) -> Evidence {
    let chars: Vec<char> = event.text.chars().collect();
    let parts: Vec<(&'static str, &ActorRef)> = event
        .actor
        .iter()
        .map(|a| ("actor", a))
        .chain(event.recipient.iter().map(|r| ("recipient", r)))
        .filter(|(_, a)| !a.text.is_empty() && a.end > a.start)
        .collect();
    // Candidate sentence starts: each occurrence of each participant's surface.
    let mut best: Option<(usize, usize)> = None; // (base, spans it places)
    for (_, a) in &parts {
        for pos in occurrences(&chars, &a.text) {
            let Some(base) = a.start.checked_sub(pos) else {
                continue;
            };
            let placed = parts
                .iter()
                .filter(|(_, p)| placed_at(&chars, p, base))
                .count();
            if best.is_none_or(|(_, n)| placed > n) {
                best = Some((base, placed));
            }
        }
    }
    let mut spans = Vec::new();
    if let Some((base, _)) = best {
        for (role, p) in &parts {
            if placed_at(&chars, p, base) {
                spans.push(EvidenceSpan {
                    role,
                    text: p.text.clone(),
                    start: p.start - base,
                    end: p.end - base,
                });
            }
        }
    }
    if !event.trigger.is_empty() {
        let len = event.trigger.chars().count();
        if let Some(pos) = occurrences(&chars, &event.trigger)
            .into_iter()
            .find(|&pos| spans.iter().all(|s| pos + len <= s.start || pos >= s.end))
        {
            spans.push(EvidenceSpan {
                role: "trigger",
                text: event.trigger.clone(),
                start: pos,
                end: pos + len,
            });
        }
    }
    spans.sort_by_key(|s| s.start);
    Evidence {
        sentence: event.text.clone(),
        language: event.language.clone(),
        spans,
    }
}

fn placed_at(chars: &[char], p: &ActorRef, base: usize) -> bool {
    match (p.start.checked_sub(base), p.end.checked_sub(base)) {
        (Some(s), Some(e)) => span_matches(chars, s, e, &p.text),
        _ => false,
    }
}

/// True when code points `start..end` of `chars` are inside it and spell `text`.
fn span_matches(chars: &[char], start: usize, end: usize, text: &str) -> bool {
    start < end && end <= chars.len() && chars[start..end].iter().copied().eq(text.chars())
}

/// Code-point positions where `needle` occurs in `chars`.
fn occurrences(chars: &[char], needle: &str) -> Vec<usize> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > chars.len() {
        return Vec::new();
    }
    (0..=chars.len() - needle.len())
        .filter(|&i| chars[i..i + needle.len()] == needle[..])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of "رفضت إيران المطالب الأمريكية" as the second sentence of an article, so every
    /// offset is shifted by the sentence start (100).
    fn record() -> EventRecord {
        serde_json::from_value(serde_json::json!({
            "id": "d:1:0", "doc_id": "d", "language": "ar",
            "sentence": {"index": 1, "start": 100, "end": 128},
            "text": "رفضت إيران المطالب الأمريكية",
            "date": "2026-02-06", "date_source": "text", "event": "REJECT", "mode": null,
            "context": [], "cameo": "120", "quad_code": 3, "event_scale": -4.0, "goldstein": -4.0,
            "negated": false, "aux": [],
            "actor": [{"text": "إيران", "start": 105, "end": 110, "code": "IRN", "sector": null, "name": null, "wikidata": null}],
            "recipient": [{"text": "الأمريكية", "start": 119, "end": 128, "code": "USA", "sector": null, "name": null, "wikidata": null}],
            "event_text": [{"text": "رفضت", "start": 100, "end": 104}],
            "location": null
        }))
        .unwrap()
    }

    fn roles(e: &Evidence) -> Vec<(&str, &str, usize)> {
        e.spans
            .iter()
            .map(|s| (s.role, s.text.as_str(), s.start))
            .collect()
    }

    #[test]
    fn record_spans_are_relative_to_the_sentence() {
        let e = from_record(&record());
        assert_eq!(
            roles(&e),
            [
                ("trigger", "رفضت", 0),
                ("actor", "إيران", 5),
                ("recipient", "الأمريكية", 19)
            ]
        );
        // A span whose offsets do not spell its surface is left out, not misplaced.
        let mut bad = record();
        bad.actor[0].start = 106;
        assert_eq!(from_record(&bad).spans.len(), 2);
    }

    #[test]
    fn merged_event_spans_are_recovered_from_their_surfaces() {
        let r = record();
        let event: StoredEvent = serde_json::from_value(serde_json::json!({
            "id": "ev-1", "event": "REJECT", "mode": null, "context": [], "cameo": "120",
            "quad_code": 3, "event_scale": -4.0, "goldstein": -4.0, "date": "2026-02-06",
            "date_end": null, "negated": false, "aux": [], "actor": r.actor, "recipient": r.recipient,
            "actor_codes": ["IRN"], "recipient_codes": ["USA"], "location": null,
            "trigger": "رفضت", "text": r.text, "language": "ar",
            "mentions": 1, "articles": 1, "sources": 1, "tables": null
        }))
        .unwrap();
        assert_eq!(from_event(&event).spans, from_record(&r).spans);
    }
}
