//! Which stored events a watch reads, and which of them each indicator and dyad series counts.

use marsad_coder::ActorRef;
use marsad_store::model::StoredEvent;
use serde::{Deserialize, Serialize};

use crate::def::{Direction, Filter, Party, Scope, Vocabulary, Watch};

/// Why an event is left out of every series; counted in [`crate::Skipped`], never dropped silently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exclusion {
    Negated,
    /// One of the watch's `exclude_aux` modes (by default `hypothetical`).
    Aux,
    /// No date: it cannot be put in a bucket.
    Undated,
    /// Below the watch's `min_confidence`.
    LowConfidence,
}

/// `None` when the watch reads the event, else the reason it does not.
pub fn exclusion(w: &Watch, e: &StoredEvent) -> Option<Exclusion> {
    if e.negated || e.aux.iter().any(|a| a == "negation") {
        Some(Exclusion::Negated)
    } else if e.aux.iter().any(|a| w.exclude_aux.contains(a)) {
        Some(Exclusion::Aux)
    } else if e.date.is_none() {
        Some(Exclusion::Undated)
    } else if w
        .min_confidence
        .is_some_and(|min| e.confidence.is_some_and(|c| c < min))
    {
        Some(Exclusion::LowConfidence)
    } else {
        None
    }
}

/// True when the event passes every field of the filter.
pub fn matches(f: &Filter, w: &Watch, e: &StoredEvent) -> bool {
    (f.events.is_empty() || f.events.contains(&e.event))
        && (f.modes.is_empty() || e.mode.as_ref().is_some_and(|m| f.modes.contains(m)))
        && (f.contexts.is_empty() || e.context.iter().any(|c| f.contexts.contains(c)))
        && (f.quads.is_empty() || e.quad_code.is_some_and(|q| f.quads.contains(&q)))
        && in_scope(f.scope, w, e)
        && side_matches(&e.actor, &f.actors, &f.actor_sectors, false)
        && side_matches(
            &e.recipient,
            &f.recipients,
            &f.recipient_sectors,
            f.open_recipient,
        )
}

/// True when the event's type and mode can push the verdict the indicator's way: the quad class
/// of its CAMEO code (which the coder picks from the type and mode, and turns into a REJECT or
/// THREATEN code for a refused or threatened act), else its PLOVER type's, must be cooperation
/// for `progress` and conflict for `escalation`. An event the filter matches but that points the
/// other way (an accusation under "meetings and agreements", a refused concession under
/// "concessions") is left out of the indicator and listed in its `contradicting` ids (issue 13,
/// item 14). An event with no known quad class is not judged.
pub fn agrees(d: Direction, e: &StoredEvent) -> bool {
    let quad = e
        .quad_code
        .filter(|q| (1..=4).contains(q))
        .or_else(|| Vocabulary::embedded().type_quads.get(&e.event).copied());
    quad.is_none_or(|q| d.agrees_with_quad(q))
}

/// The direction of an event between the two parties, for the dyad series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DyadRole {
    /// First party acts on the second.
    Forward,
    /// Second party acts on the first.
    Backward,
    /// Both parties among the actors (met, agreed, talked).
    Joint,
}

/// How the event sits in the watch's dyad; `None` when it is not between the two parties.
pub fn dyad_role(w: &Watch, e: &StoredEvent) -> Option<DyadRole> {
    let [a, b] = &w.parties;
    if has(&e.actor, a) && has(&e.actor, b) {
        Some(DyadRole::Joint)
    } else if has(&e.actor, a) && has(&e.recipient, b) {
        Some(DyadRole::Forward)
    } else if has(&e.actor, b) && has(&e.recipient, a) {
        Some(DyadRole::Backward)
    } else {
        None
    }
}

fn in_scope(scope: Scope, w: &Watch, e: &StoredEvent) -> bool {
    let [a, b] = &w.parties;
    let party_acts = has(&e.actor, a) || has(&e.actor, b);
    let party_receives = has(&e.recipient, a) || has(&e.recipient, b);
    let open = no_coded(&e.recipient);
    match scope {
        Scope::Any => true,
        Scope::Party => party_acts || party_receives,
        Scope::Dyad => dyad_role(w, e).is_some(),
        Scope::DyadOrOpen => dyad_role(w, e).is_some() || (party_acts && open),
        Scope::Mediator | Scope::MediatorOrOpen => {
            let mediator_acts = w.mediators.iter().any(|m| has(&e.actor, m));
            let mediator_receives = w.mediators.iter().any(|m| has(&e.recipient, m));
            let open_ok = scope == Scope::MediatorOrOpen && open;
            (mediator_acts && (party_receives || party_acts || open_ok))
                || (party_acts && mediator_receives)
        }
    }
}

fn side_matches(refs: &[ActorRef], codes: &[String], sectors: &[String], open: bool) -> bool {
    if codes.is_empty() && sectors.is_empty() {
        return true;
    }
    if open && no_coded(refs) {
        return true;
    }
    refs.iter().any(|r| {
        (codes.is_empty() || r.code.as_ref().is_some_and(|c| codes.contains(c)))
            && (sectors.is_empty() || r.sector.as_ref().is_some_and(|s| sectors.contains(s)))
    })
}

/// True when a participant matches the party (its code, and one of its sectors when it has any).
fn has(refs: &[ActorRef], p: &Party) -> bool {
    refs.iter().any(|r| {
        r.code.as_deref() == Some(p.code.as_str())
            && (p.sectors.is_empty() || r.sector.as_ref().is_some_and(|s| p.sectors.contains(s)))
    })
}

/// True when no participant on this side has a country code.
fn no_coded(refs: &[ActorRef]) -> bool {
    refs.iter().all(|r| r.code.is_none())
}
