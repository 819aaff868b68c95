//! Composes entities into actors (`وزير الخارجية` + `الإيراني` → IRN GOV; `Iranian` + `officials`)
//! and actors into coordinated groups (`مصر وتركيا وقطر`, `Egypt, Turkey and Qatar`).
//!
//! The rules are about word order, not about the world: which noun gives the sector and which
//! adjective or name gives the country comes from the lexicon.

use crate::sentence::{Analysed, Entity, EntityKind};
use marsad_lexicon::ModifierKind;
use marsad_text::clitic::LOCATIVE_PROCLITIC;
use marsad_text::Span;

/// A participant candidate: one composed actor mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub first: usize,
    pub last: usize,
    pub span: Span,
    pub code: Option<String>,
    pub sector: Option<String>,
    pub name: Option<String>,
    pub wikidata: Option<String>,
    pub prep: Option<String>,
    pub conj: bool,
    /// An adjective that stands alone, not attached to an agent: it may modify any noun
    /// (`المنشآت النووية الإيرانية`), so it is a weaker candidate.
    pub weak: bool,
    /// `الجانبان` / `both sides`.
    pub reciprocal: bool,
    /// `he`, `she`: filled from an antecedent by `coref.rs`.
    pub pronoun: bool,
}

/// Actors joined by a conjunction or a comma; one participant slot of an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub members: Vec<Actor>,
    pub first: usize,
    pub last: usize,
    pub prep: Option<String>,
}

/// A place mention found in the sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    pub span: Span,
    pub first: usize,
    pub name: String,
    pub country: Option<String>,
    pub locative: bool,
}

/// Function words that start or qualify a clause, and so never stand inside one actor mention.
const CLAUSE_WORDS: [ModifierKind; 8] = [
    ModifierKind::Complementizer,
    ModifierKind::Relative,
    ModifierKind::Speech,
    ModifierKind::Obligation,
    ModifierKind::Negation,
    ModifierKind::Future,
    ModifierKind::Hypothetical,
    ModifierKind::Support,
];

/// Builds the actors of a sentence, in token order.
pub fn actors(s: &Analysed) -> Vec<Actor> {
    let ents = &s.entities;
    let mut out: Vec<Actor> = Vec::new();
    let mut used = vec![false; ents.len()];
    for i in 0..ents.len() {
        if used[i] {
            continue;
        }
        let e = &ents[i];
        let Some(mut actor) = base_actor(s, e) else {
            continue;
        };
        // `وقال عراقجي إن بلاده …`: the country of the nearest actor before that has one.
        if e.kind == EntityKind::OwnCountry {
            actor.code = out.iter().rev().find_map(|a| a.code.clone());
        }
        used[i] = true;
        // Attach what completes this mention to its right.
        let mut j = i + 1;
        while j < ents.len() {
            let next = &ents[j];
            if !adjacent(s, actor.last, next, s.profile.mention_reach) || next.conj {
                break;
            }
            // A clause word or a trigger between two entities (`الوزير القطري إنه يجب على
            // إيران`) means they are parts of different mentions.
            if (actor.last + 1..next.first).any(|t| {
                CLAUSE_WORDS.iter().any(|&k| s.is(t, k))
                    || s.triggers.iter().any(|x| x.first <= t && t <= x.last)
            }) {
                break;
            }
            match (&e.kind, &next.kind) {
                // وزير الخارجية الإيراني; القوات الأمريكية
                // Not a second country's nisba, which qualifies another noun (`أسقطت القوات
                // الأمريكية طائرة إيرانية`: the drone is Iranian, the forces are not).
                (EntityKind::Agent { .. }, EntityKind::Adjective { code })
                    if s.profile.adjective_after_noun
                        && actor.code.as_ref().is_none_or(|c| c == code) =>
                {
                    actor.code.get_or_insert_with(|| code.clone());
                    actor.weak = false;
                }
                // وزير خارجية إيران; the foreign minister of Iran
                // The Arabic genitive joins the country right after the agent, or after one
                // preposition (`المتظاهرون من ألمانيا`, `الأشخاص في أثينا`), and only to an agent
                // with no country yet (not `القوات الإيرانية أمس الولايات المتحدة`).
                (
                    EntityKind::Agent { .. },
                    EntityKind::Country { code } | EntityKind::Capital { code, .. },
                ) if (s.profile.adjective_after_noun
                    && actor.code.is_none()
                    && genitive_gap(s, actor.last, next.first))
                    || is_of(s, actor.last, next.first) =>
                {
                    actor.code.get_or_insert_with(|| code.clone());
                }
                // Iranian officials; U.S. forces; Iran's foreign minister
                (
                    EntityKind::Adjective { code }
                    | EntityKind::Country { code }
                    | EntityKind::Capital { code, .. },
                    EntityKind::Agent { sector },
                ) if !s.profile.adjective_after_noun => {
                    actor.code = Some(code.clone());
                    actor.sector = Some(sector.clone());
                    actor.weak = false;
                }
                // A title before a name: the name decides, the span covers both. A preposition
                // or an agentive word between them starts another mention (`وزیر خارجه عمان با
                // عراقچی`, `سرباز اسرائیلی توسط حماس`).
                (EntityKind::Agent { sector }, EntityKind::Named { .. })
                    if !(actor.last + 1..next.first).any(|t| {
                        s.is(t, ModifierKind::Preposition) || s.is(t, ModifierKind::Agentive)
                    }) =>
                {
                    let mut named = base_actor(s, next).expect("named entities are actors");
                    if named.code.is_none() {
                        named.code = actor.code.clone();
                    }
                    named.sector.get_or_insert_with(|| sector.clone());
                    named.first = actor.first;
                    named.span.start = actor.span.start;
                    named.prep = actor.prep.clone();
                    named.conj = actor.conj;
                    actor = named;
                }
                // An agent of a named organisation: قوات حزب الله, Hezbollah fighters.
                (EntityKind::Named { code, .. }, EntityKind::Agent { sector }) => {
                    actor.code = code.clone();
                    actor.sector = Some(sector.clone());
                }
                _ => break,
            }
            actor.last = next.last;
            actor.span.end = next.span.end;
            used[j] = true;
            j += 1;
        }
        out.push(actor);
    }
    out
}

/// Groups coordinated actors: `A و B`, `A, B and C`.
pub fn groups(s: &Analysed, actors: &[Actor]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for a in actors {
        let a = &share_sector(out.last(), a);
        if let Some(g) = out.last_mut() {
            let prev_last = g.last;
            let between: Vec<usize> = (prev_last + 1..a.first).collect();
            let joined = if a.conj && between.is_empty() {
                true
            } else {
                !between.is_empty()
                    && between.len() <= 2
                    && between.iter().all(|&t| {
                        s.is(t, ModifierKind::Conjunction)
                            || matches!(s.keys[t].as_str(), "," | "،")
                    })
                    && between.iter().any(|&t| {
                        s.is(t, ModifierKind::Conjunction)
                            || matches!(s.keys[t].as_str(), "," | "،")
                    })
                    && (a.prep.is_none() || a.prep == g.prep)
            };
            if joined {
                g.last = a.last;
                g.members.push(a.clone());
                continue;
            }
        }
        out.push(Group {
            members: vec![a.clone()],
            first: a.first,
            last: a.last,
            prep: a.prep.clone(),
        });
    }
    out
}

/// `المفاوضون الإيرانيون والأمريكيون`: a bare nisba coordinated after an agent shares its sector.
fn share_sector(prev: Option<&Group>, a: &Actor) -> Actor {
    let mut a = a.clone();
    if let Some(m) = prev.and_then(|g| g.members.last()) {
        if a.weak && a.conj && a.first == m.last + 1 && m.sector.is_some() && m.name.is_none() {
            a.sector = m.sector.clone();
            a.weak = false;
        }
    }
    a
}

/// Places named in the sentence; capitals count as places too.
pub fn places(s: &Analysed) -> Vec<PlaceMention> {
    s.entities
        .iter()
        .filter_map(|e| {
            let (name, country) = match &e.kind {
                EntityKind::Place { name, country } => (name.clone(), country.clone()),
                EntityKind::Capital { code, place } => (place.clone(), Some(code.clone())),
                _ => return None,
            };
            let locative = locative(s, e);
            Some(PlaceMention {
                span: e.span,
                first: e.first,
                name,
                country,
                locative,
            })
        })
        .collect()
}

fn base_actor(s: &Analysed, e: &Entity) -> Option<Actor> {
    let mut a = Actor {
        first: e.first,
        last: e.last,
        span: e.span,
        code: None,
        sector: None,
        name: None,
        wikidata: None,
        prep: e.prep.clone(),
        conj: e.conj,
        weak: false,
        reciprocal: false,
        pronoun: false,
    };
    match &e.kind {
        EntityKind::Named {
            id,
            code,
            sector,
            wikidata,
        } => {
            a.code = code.clone();
            a.sector = sector.clone();
            a.name = Some(id.clone());
            a.wikidata = wikidata.clone();
        }
        EntityKind::Country { code } => a.code = Some(code.clone()),
        EntityKind::Capital { code, .. } => {
            // A capital after `في` / `in` is where something happened, not who did it.
            if locative(s, e) {
                return None;
            }
            a.code = Some(code.clone());
            a.sector = Some("GOV".into());
        }
        EntityKind::Adjective { code } => {
            a.code = Some(code.clone());
            a.weak = true;
        }
        EntityKind::Agent { sector } => a.sector = Some(sector.clone()),
        EntityKind::Place { .. } => return None,
        EntityKind::Reciprocal => a.reciprocal = true,
        EntityKind::OwnCountry => a.sector = Some("GOV".into()),
        EntityKind::Pronoun => a.pronoun = true,
    }
    Some(a)
}

/// True when a locative word (`في`, `near`) or the proclitic `ب` stands before the entity.
fn locative(s: &Analysed, e: &Entity) -> bool {
    e.first > 0 && s.covered_by(e.first - 1, ModifierKind::Locative)
        || e.prep.as_deref() == Some(LOCATIVE_PROCLITIC)
}

/// True when `next` starts within `gap` tokens after `last`, with no punctuation between.
fn adjacent(s: &Analysed, last: usize, next: &Entity, gap: usize) -> bool {
    next.first > last && next.first - last - 1 <= gap && (last + 1..next.first).all(|t| !s.punct[t])
}

/// Nothing, or one preposition, between an Arabic agent and the country that completes it.
fn genitive_gap(s: &Analysed, last: usize, next_first: usize) -> bool {
    next_first == last + 1
        || (next_first == last + 2
            && (s.is(last + 1, ModifierKind::Preposition)
                || s.is(last + 1, ModifierKind::Locative)))
}

/// A genitive word (`of`) between an agent and a country in English.
fn is_of(s: &Analysed, last: usize, next_first: usize) -> bool {
    next_first == last + 2 && s.is(last + 1, ModifierKind::Genitive)
}
