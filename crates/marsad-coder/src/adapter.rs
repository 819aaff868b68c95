//! Turns the lexicon's matches over a sentence's tokens into the coder's [`Analysed`] sentence:
//! entities (longest first, no overlaps), triggers, function words and contexts.

use chrono::NaiveDate;
use marsad_lexicon::{CountryForm, Entry, Lexicon, Match, ModifierKind, Pos, Tense};
use marsad_text::clitic::{
    CONJUNCTION_PROCLITICS, FUTURE_PROCLITIC, NOUN_PROCLITICS, PREPOSITION_PROCLITICS,
};
use marsad_text::normalize::key;
use marsad_text::token::{Token, TokenKind};

use crate::sentence::{Analysed, Entity, EntityKind, Trigger};

/// The CAMEO code of a demand whose content is not specified (`100`): what an obligation word
/// in reported speech codes as.
const DEMAND_CAMEO: &str = "100";

pub fn analyse(
    lex: &Lexicon,
    recipient_preps: &[String],
    tokens: &[Token],
    matches: &[Match],
    date: Option<NaiveDate>,
    profile: &'static crate::profile::Profile,
) -> Analysed {
    let n = tokens.len();
    let mut a = Analysed {
        profile,
        keys: tokens.iter().map(|t| t.key.clone()).collect(),
        spans: tokens.iter().map(|t| t.span).collect(),
        punct: tokens
            .iter()
            .map(|t| matches!(t.kind, TokenKind::Punct | TokenKind::Symbol))
            .collect(),
        functions: vec![Vec::new(); n],
        ..Analysed::default()
    };

    // Triggers and function words are read in the sentence's language only: Arabic and Persian
    // share a script, and `نفت` (Arabic: she denied) is Persian oil.
    // The matcher keeps one pattern of the same words and entry, so a function word both
    // languages list (`و`) may come with the other language's pattern: it is kept when the
    // sentence's language lists it too.
    let foreign = |m: &Match| {
        let p = lex.pattern(m.pattern);
        if p.lang.is_none_or(|l| l.code() == profile.name) {
            return false;
        }
        match m.entry {
            Entry::Trigger { .. } => true,
            Entry::Modifier(kind) => {
                let k = key(&p.text);
                !lex.modifiers.iter().any(|md| {
                    md.kind == kind
                        && md.lang.code() == profile.name
                        && md.terms.iter().any(|t| key(t) == k)
                })
            }
            _ => false,
        }
    };
    let kept: Vec<Match>;
    let matches = if matches.iter().any(foreign) {
        kept = matches.iter().filter(|m| !foreign(m)).cloned().collect();
        &kept[..]
    } else {
        matches
    };

    // Function words first: entities need to know their prepositions.
    for m in matches {
        if let Entry::Modifier(kind) = m.entry {
            let len = m.last - m.first + 1;
            if !a.functions[m.first].contains(&(kind, len)) {
                a.functions[m.first].push((kind, len));
            }
        }
    }

    // Entities: longest first, then by priority, never overlapping.
    let mut cands: Vec<(&Match, EntityKind, u8)> = matches
        .iter()
        .filter_map(|m| entity_kind(lex, m, date).map(|(k, p)| (m, k, p)))
        .collect();
    cands.sort_by(|x, y| {
        let lx = x.0.last - x.0.first;
        let ly = y.0.last - y.0.first;
        ly.cmp(&lx)
            .then(x.2.cmp(&y.2))
            .then(x.0.first.cmp(&y.0.first))
    });
    let mut taken = vec![false; n];
    for (m, kind, _) in cands {
        if (m.first..=m.last).any(|i| taken[i]) {
            continue;
        }
        (m.first..=m.last).for_each(|i| taken[i] = true);
        let prep = governing_preposition(&a, m);
        let conj = m
            .proclitics
            .iter()
            .any(|p| CONJUNCTION_PROCLITICS.contains(p));
        a.entities.push(Entity {
            first: m.first,
            last: m.last,
            span: m.span,
            kind,
            prep,
            conj,
        });
    }
    a.entities.sort_by_key(|e| e.first);

    // Triggers: longest first, never overlapping each other.
    let mut trig: Vec<&Match> = matches
        .iter()
        .filter(|m| matches!(m.entry, Entry::Trigger { .. }))
        .filter(|m| plausible_trigger(m))
        .collect();
    trig.sort_by(|x, y| {
        (y.last - y.first)
            .cmp(&(x.last - x.first))
            .then(x.first.cmp(&y.first))
    });
    let mut ttaken = vec![false; n];
    // The spans taken, with their event types: a second row of another type on exactly the same
    // words is another candidate reading of them (`أفرج` as CONCEDE and as RETREAT); the scorer
    // chooses.
    let mut spans_taken: Vec<(usize, usize, &str)> = Vec::new();
    for m in trig {
        let Entry::Trigger { id, pos } = m.entry else {
            continue;
        };
        let event = lex.trigger(id).event.as_str();
        if (m.first..=m.last).any(|i| ttaken[i]) {
            let same_span = spans_taken
                .iter()
                .any(|&(f, l, _)| (f, l) == (m.first, m.last));
            let same_type = spans_taken
                .iter()
                .any(|&(f, l, e)| (f, l, e) == (m.first, m.last, event));
            if !same_span || same_type {
                continue;
            }
        }
        // A trigger inside a longer name is part of the name (`the Sanctions Committee`).
        if a.entities
            .iter()
            .any(|e| e.first <= m.first && m.last <= e.last && e.last - e.first > m.last - m.first)
        {
            continue;
        }
        // Nor is one inside a longer fixed phrase that names no event (`طائرة مسيرة`, a drone).
        if matches.iter().any(|c| {
            matches!(c.entry, Entry::Context(_))
                && c.first <= m.first
                && m.last <= c.last
                && c.last - c.first > m.last - m.first
        }) {
            continue;
        }
        (m.first..=m.last).for_each(|i| ttaken[i] = true);
        spans_taken.push((m.first, m.last, event));
        let t = lex.trigger(id);
        let (verb, passive, present) = match pos {
            // An English verb form right after an article, a possessive or a preposition is the
            // noun spelled the same (`rejected recent calls`, `the aid`, `Iran's support`).
            Pos::Verb { .. } if profile.verb_noun_homographs && noun_position(&a, m.first) => {
                (false, false, false)
            }
            Pos::Verb { tense, passive, .. } => (true, passive, tense == Tense::Present),
            Pos::Noun => (false, false, false),
        };
        // Persian writes negation and the future auxiliary inside the verb (`نکرد`, `خواهد کرد`).
        let (negated_form, future_form) = match pos {
            Pos::Verb {
                negated, future, ..
            } => (negated, future),
            Pos::Noun => (false, false),
        };
        a.triggers.push(Trigger {
            first: m.first,
            last: m.last,
            span: m.span,
            lemma: t.lemma.clone(),
            event: t.event.clone(),
            mode: t.mode.clone(),
            cameo: t.cameo.clone(),
            preps: if t.preps.is_empty() {
                recipient_preps.to_vec()
            } else {
                t.preps.iter().map(|p| key(p)).collect()
            },
            verb,
            passive,
            future_clitic: future_form || m.proclitics.contains(&FUTURE_PROCLITIC),
            negated_form,
            present,
            conj: m
                .proclitics
                .iter()
                .any(|p| CONJUNCTION_PROCLITICS.contains(p)),
            prep: governing_preposition(&a, m),
            demand: false,
        });
    }
    // An obligation word is a demand (the CAMEO row `DEMAND_CAMEO` gives its type), unless a
    // trigger already covers it.
    let demand = lex
        .cameo(DEMAND_CAMEO)
        .and_then(|row| Some((row.event.clone()?, row.mode.clone())));
    if let Some((event, mode)) = demand {
        for i in 0..n {
            for &(kind, len) in &a.functions[i].clone() {
                if kind != ModifierKind::Obligation || (i..i + len).any(|j| ttaken[j]) {
                    continue;
                }
                a.triggers.push(Trigger {
                    first: i,
                    last: i + len - 1,
                    span: marsad_text::Span {
                        start: a.spans[i].start,
                        end: a.spans[i + len - 1].end,
                    },
                    lemma: a.keys[i..i + len].join(" "),
                    event: event.clone(),
                    mode: mode.clone(),
                    cameo: Some(DEMAND_CAMEO.to_string()),
                    preps: recipient_preps.to_vec(),
                    verb: true,
                    passive: false,
                    future_clitic: false,
                    negated_form: false,
                    present: true,
                    conj: false,
                    prep: None,
                    demand: true,
                });
            }
        }
    }
    a.triggers.sort_by_key(|t| t.first);

    for m in matches {
        if let Entry::Context(id) = m.entry {
            let c = &lex.context(id).context;
            if !a.contexts.contains(c) {
                a.contexts.push(c.clone());
            }
        }
    }
    a
}

/// What an entity match names, with its priority among matches of equal length (lower wins).
fn entity_kind(lex: &Lexicon, m: &Match, date: Option<NaiveDate>) -> Option<(EntityKind, u8)> {
    Some(match m.entry {
        Entry::Actor(id) => {
            let actor = lex.actor(id);
            let (code, sector) = match date {
                Some(d) => actor
                    .roles_at(d)
                    .next()
                    .map(|(c, s)| (Some(c.to_string()), s.map(str::to_string)))
                    .unwrap_or((None, None)),
                None => actor
                    .roles
                    .iter()
                    .find(|r| r.to.is_none())
                    .or(actor.roles.first())
                    .map(|r| (Some(r.code.clone()), r.sector.clone()))
                    .unwrap_or((None, None)),
            };
            (
                EntityKind::Named {
                    id: actor.id.clone(),
                    code,
                    sector,
                    wikidata: actor.wikidata.clone(),
                },
                0,
            )
        }
        Entry::Country { id, kind, .. } => {
            let code = lex.country(id).code.clone();
            match kind {
                CountryForm::Name => (EntityKind::Country { code }, 1),
                CountryForm::Capital => {
                    let place = lex
                        .country(id)
                        .capitals
                        .first()
                        .map(|n| n.text.clone())
                        .unwrap_or_default();
                    (EntityKind::Capital { code, place }, 2)
                }
                CountryForm::Adjective => (EntityKind::Adjective { code }, 4),
            }
        }
        Entry::Place(id) => {
            let p = lex.place(id);
            (
                EntityKind::Place {
                    name: p.name_en.clone(),
                    country: p.country.clone(),
                },
                3,
            )
        }
        Entry::Agent { sector, .. } => (
            EntityKind::Agent {
                sector: lex.sector(sector).code.clone(),
            },
            5,
        ),
        Entry::Modifier(ModifierKind::Reciprocal) => (EntityKind::Reciprocal, 6),
        Entry::Modifier(ModifierKind::OwnCountry) => (EntityKind::OwnCountry, 6),
        Entry::Modifier(ModifierKind::Pronoun) => (EntityKind::Pronoun, 6),
        _ => return None,
    })
}

/// Verbs take no article or preposition proclitic; nouns take no future `س`.
fn plausible_trigger(m: &Match) -> bool {
    let Entry::Trigger { pos, .. } = m.entry else {
        return false;
    };
    match pos {
        Pos::Verb { .. } => !m.proclitics.iter().any(|p| NOUN_PROCLITICS.contains(p)),
        Pos::Noun => !m.proclitics.contains(&FUTURE_PROCLITIC),
    }
}

/// The preposition governing a match: its own preposition proclitic (`لل` read as `ل`), else the
/// preposition word right before it.
fn governing_preposition(a: &Analysed, m: &Match) -> Option<String> {
    m.proclitics
        .iter()
        .rev()
        .find(|p| PREPOSITION_PROCLITICS.contains(p))
        .map(|p| {
            if *p == "لل" {
                "ل".to_string()
            } else {
                p.to_string()
            }
        })
        .or_else(|| preposition_before(a, m.first))
}

/// True when the word before token `first` is a determiner, a genitive or a preposition other
/// than the infinitive `to` (`the aid`, `of aid`): a verb form there is a noun.
fn noun_position(a: &Analysed, first: usize) -> bool {
    let is_noun_marker = |i: usize| {
        (a.is(i, ModifierKind::Determiner)
            || a.is(i, ModifierKind::Preposition)
            || a.is(i, ModifierKind::Genitive))
            && !a.is(i, ModifierKind::Infinitive)
    };
    first.checked_sub(1).is_some_and(is_noun_marker)
}

/// The preposition word right before token `first` (skipping an English article).
fn preposition_before(a: &Analysed, first: usize) -> Option<String> {
    let mut i = first.checked_sub(1)?;
    if a.is(i, ModifierKind::Determiner) {
        i = i.checked_sub(1)?;
    }
    a.is(i, ModifierKind::Preposition)
        .then(|| a.keys[i].clone())
}
