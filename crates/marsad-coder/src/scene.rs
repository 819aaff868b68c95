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

/// Which sides a scene fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Give participants without a code the scene's country.
    pub uncoded: bool,
    /// Give an event with no doer at all the scene's country as its doer.
    pub missing_actor: bool,
    /// Give an event with no recipient at all the scene's country as its recipient.
    pub missing_recipient: bool,
}

/// The fill the coder uses, measured on the annotated gold (see ARCHITECTURE.md).
pub const POLICY: Policy = Policy {
    uncoded: true,
    missing_actor: true,
    missing_recipient: true,
};

/// A sentence's scene: a country and the span that names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub code: String,
    pub span: Span,
    /// Where it came from: `place` (a locative place), `place_named`, `country_named` (the
    /// country the sentence names most) or `previous` (an earlier sentence's scene).
    pub source: &'static str,
}

/// The scene of a sentence from its places and actors, else `previous` (the document's last).
pub fn of_sentence(
    places: &[PlaceMention],
    actors: &[Actor],
    previous: Option<&Scene>,
) -> Option<Scene> {
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
        });
    }
    // The country named most, the first of equals.
    let mut best: Option<(&Actor, usize)> = None;
    for a in actors.iter().filter(|a| a.code.is_some()) {
        let n = actors.iter().filter(|b| b.code == a.code).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((a, n));
        }
    }
    match best {
        Some((a, _)) => Some(Scene {
            code: a.code.clone()?,
            span: a.span,
            source: "country_named",
        }),
        None => previous.cloned().map(|s| Scene {
            source: "previous",
            ..s
        }),
    }
}

/// Fills the sides of `rec` that name no country with the scene, as `policy` says; true when it
/// changed anything.
pub fn fill(rec: &mut EventRecord, scene: &Scene, text: &Document, policy: Policy) -> bool {
    let before = (rec.actor.len(), rec.recipient.len());
    let uncoded = |side: &[ActorRef]| !side.is_empty() && side.iter().all(|a| a.code.is_none());
    let changed_codes = policy.uncoded && (uncoded(&rec.actor) || uncoded(&rec.recipient));
    let implied = || ActorRef {
        text: text.slice(scene.span).to_string(),
        start: scene.span.start,
        end: scene.span.end,
        code: Some(scene.code.clone()),
        sector: None,
        name: None,
        wikidata: None,
        inferred: Some("scene".to_string()),
    };
    for side in [&mut rec.actor, &mut rec.recipient] {
        if policy.uncoded && !side.is_empty() && side.iter().all(|a| a.code.is_none()) {
            for a in side.iter_mut() {
                a.code = Some(scene.code.clone());
                a.inferred = Some("scene".to_string());
            }
        }
    }
    if policy.missing_actor && rec.actor.is_empty() {
        rec.actor.push(implied());
    }
    if policy.missing_recipient && rec.recipient.is_empty() {
        rec.recipient.push(implied());
    }
    changed_codes || before != (rec.actor.len(), rec.recipient.len())
}
