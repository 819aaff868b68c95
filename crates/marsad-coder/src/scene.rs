//! Implied participants: the country a sentence is about, for a side that names nobody's country.
//!
//! News names the place and lets the reader infer the rest: `المتظاهرون` in a sentence set in
//! Pristina are Kosovars, `gunmen stormed an airstrip in central Somalia` were Somali, and the
//! police that dispersed them belong to the same state. Readers following `ANNOTATION.md` code
//! such participants (81% of annotated doers carry a country, against 19% null), so a side left
//! without a code is filled with the sentence's scene: the country of a place the sentence names,
//! else the country it names most, else the scene of an earlier sentence of the document. The
//! filled participant says so (`inferred: "scene"`) and its span is the evidence for the code.

use marsad_text::{Document, Span};

use crate::compose::{Actor, PlaceMention};
use crate::record::{ActorRef, EventRecord};

/// How a scene fills a recipient. Both are proposed, each a reading of its own (measured on the
/// annotated gold, see ARCHITECTURE.md); doers without a country always take the scene's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecipientFill {
    /// The other country the sentence names (one that is not the doer's), when there is one:
    /// `واشنطن … فرض عقوبات` on a sentence that also names Iran is aimed at Iran.
    OtherCountry,
    /// The scene's own country: domestic events, the police and the protesters of one state.
    Scene,
}

/// The fills the coder proposes.
pub const FILLS: [RecipientFill; 2] = [RecipientFill::OtherCountry, RecipientFill::Scene];

/// A sentence's scene: a country and the span that names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub code: String,
    pub span: Span,
    /// Where it came from: `place` (a locative place), `place_named`, `country_named` (the
    /// country the sentence names most) or `previous` (an earlier sentence's scene).
    pub source: &'static str,
    /// The countries the sentence names, most named first, with a span naming each.
    pub named: Vec<(String, Span)>,
}

/// The scene of a sentence from its places and actors, else `previous` (the document's last).
pub fn of_sentence(
    places: &[PlaceMention],
    actors: &[Actor],
    previous: Option<&Scene>,
) -> Option<Scene> {
    let mut named: Vec<(String, Span, usize)> = Vec::new();
    for a in actors {
        let Some(code) = &a.code else { continue };
        match named.iter_mut().find(|(c, _, _)| c == code) {
            Some(n) => n.2 += 1,
            None => named.push((code.clone(), a.span, 1)),
        }
    }
    // Most named first; the first named of equals (a stable sort keeps the order of mention).
    named.sort_by_key(|n| std::cmp::Reverse(n.2));
    let named: Vec<(String, Span)> = named.into_iter().map(|(c, s, _)| (c, s)).collect();
    let place = places
        .iter()
        .filter(|p| p.country.is_some())
        .find(|p| p.locative)
        .or_else(|| places.iter().find(|p| p.country.is_some()));
    if let Some(p) = place {
        return Some(Scene {
            code: p.country.clone()?,
            span: p.span,
            source: if p.locative { "place" } else { "place_named" },
            named,
        });
    }
    match named.first() {
        Some((code, span)) => Some(Scene {
            code: code.clone(),
            span: *span,
            source: "country_named",
            named: named.clone(),
        }),
        None => previous.cloned().map(|s| Scene {
            source: "previous",
            named: Vec::new(),
            ..s
        }),
    }
}

/// Fills the sides of `rec` that name no country (a side without a code, or no side at all), the
/// recipient as `how` says; true when it changed anything.
pub fn fill(rec: &mut EventRecord, scene: &Scene, text: &Document, how: RecipientFill) -> bool {
    let before = rec.clone();
    let implied = |code: &str, span: Span| ActorRef {
        text: text.slice(span).to_string(),
        start: span.start,
        end: span.end,
        code: Some(code.to_string()),
        sector: None,
        name: None,
        wikidata: None,
        inferred: Some("scene".to_string()),
    };
    let uncoded = |side: &[ActorRef]| !side.is_empty() && side.iter().all(|a| a.code.is_none());
    if uncoded(&rec.actor) {
        for a in rec.actor.iter_mut() {
            a.code = Some(scene.code.clone());
            a.inferred = Some("scene".to_string());
        }
    }
    if rec.actor.is_empty() {
        rec.actor.push(implied(&scene.code, scene.span));
    }
    // The recipient: the other country named, when asked and there is one, else the scene.
    let actor_codes: Vec<&str> = rec.actor.iter().filter_map(|a| a.code.as_deref()).collect();
    let (code, span) = scene
        .named
        .iter()
        .find(|(c, _)| how == RecipientFill::OtherCountry && !actor_codes.contains(&c.as_str()))
        .map(|(c, s)| (c.clone(), *s))
        .unwrap_or_else(|| (scene.code.clone(), scene.span));
    if uncoded(&rec.recipient) {
        for a in rec.recipient.iter_mut() {
            a.code = Some(code.clone());
            a.inferred = Some("scene".to_string());
        }
    }
    if rec.recipient.is_empty() {
        rec.recipient.push(implied(&code, span));
    }
    *rec != before
}
