//! What `marsad lexicon lookup` and `marsad lexicon stats` print: matches explained in words,
//! and counts per file, type and language. Library code so that the CLI stays a thin shell.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::conjugate::{Pos, Tense};
use crate::matcher::Match;
use crate::model::{CountryForm, Entry};
use crate::Lexicon;

/// One match of a lookup, explained.
#[derive(Clone, Debug, Serialize)]
pub struct Explained {
    /// The surface of the span.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `country`, `actor`, `agent`, `trigger`, `context`, `place` or `modifier`.
    pub kind: &'static str,
    /// What it is: `IRN (adjective)`, `ABBAS_ARAGHCHI`, `GOV`, `REJECT 120 (رفض)` …
    pub what: String,
    /// The listed or generated form that matched, and its grammar for triggers.
    pub form: String,
    pub proclitics: Vec<&'static str>,
    pub enclitic: Option<&'static str>,
    /// For actors: the `CODE SECTOR` roles valid at the date (all roles without a date).
    pub roles: Vec<String>,
    /// Where the entry is defined (`actors.tsv:12`).
    pub source: String,
}

/// Explains `m`, found in `text` (the document the tokens' spans point into).
pub fn explain(lx: &Lexicon, text: &str, m: &Match, date: Option<NaiveDate>) -> Explained {
    let surface: String = text.chars().skip(m.span.start).take(m.span.len()).collect();
    let pattern = lx.pattern(m.pattern);
    let mut form = pattern.text.clone();
    let mut roles = Vec::new();
    let (kind, what, source) = match m.entry {
        Entry::Country {
            id,
            kind,
            number,
            gender,
        } => {
            let c = lx.country(id);
            let k = match kind {
                CountryForm::Name => "name",
                CountryForm::Adjective => "adjective",
                CountryForm::Capital => "capital",
            };
            if let (Some(n), Some(g)) = (number, gender) {
                form = format!("{form} ({n:?} {g:?})").to_lowercase();
            }
            ("country", format!("{} ({k})", c.code), at(&c.origin))
        }
        Entry::Actor(id) => {
            let a = lx.actor(id);
            for r in &a.roles {
                if date.is_none_or(|d| r.valid_at(d)) {
                    let mut s = r.code.clone();
                    if let Some(sec) = &r.sector {
                        s = format!("{s} {sec}");
                    }
                    if r.from.is_some() || r.to.is_some() {
                        let f = r.from.map(|d| d.to_string()).unwrap_or_default();
                        let t = r.to.map(|d| d.to_string()).unwrap_or_default();
                        s = format!("{s} {f}..{t}");
                    }
                    roles.push(s);
                }
            }
            ("actor", a.id.clone(), at(&a.origin))
        }
        Entry::Agent { id, sector } => (
            "agent",
            lx.sector(sector).code.clone(),
            at(&lx.agent(id).origin),
        ),
        Entry::Trigger { id, pos } => {
            let t = lx.trigger(id);
            form = format!("{form} ({})", describe_pos(pos));
            let mut what = t.event.clone();
            if let Some(mo) = &t.mode {
                what = format!("{what}/{mo}");
            }
            if let Some(c) = &t.cameo {
                what = format!("{what} {c}");
            }
            ("trigger", format!("{what} ({})", t.lemma), at(&t.origin))
        }
        Entry::Context(id) => (
            "context",
            lx.context(id).context.clone(),
            at(&lx.context(id).origin),
        ),
        Entry::Place(id) => {
            let p = lx.place(id);
            let c = p.country.as_deref().unwrap_or("-");
            (
                "place",
                format!("{} ({c}, {:?})", p.name_en, p.kind).to_string(),
                at(&p.origin),
            )
        }
        Entry::Modifier(k) => ("modifier", format!("{k:?}").to_lowercase(), String::new()),
    };
    Explained {
        text: surface,
        start: m.span.start,
        end: m.span.end,
        kind,
        what,
        form,
        proclitics: m.proclitics.clone(),
        enclitic: m.enclitic,
        roles,
        source,
    }
}

/// Counts of a loaded lexicon, by file, entry type and language.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stats {
    /// Rows per table (`countries`, `actors` …).
    pub rows: BTreeMap<String, usize>,
    /// Compiled patterns per `kind/lang` (`trigger/ar`), generated forms included.
    pub patterns: BTreeMap<String, usize>,
    /// Distinct token keys the matcher knows.
    pub symbols: usize,
    pub cameo_version: Option<String>,
    pub plover_version: Option<String>,
}

/// Counts the tables and patterns of `lx`.
pub fn stats(lx: &Lexicon) -> Stats {
    let mut s = Stats::default();
    let rows = [
        ("countries", lx.countries.len()),
        ("actors", lx.actors.len()),
        ("agents", lx.agents.len()),
        (
            "triggers.ar",
            lx.triggers.iter().filter(|t| t.form.is_some()).count(),
        ),
        (
            "triggers.en",
            lx.triggers.iter().filter(|t| t.form.is_none()).count(),
        ),
        ("contexts", lx.contexts.len()),
        ("places", lx.places.len()),
        ("modifiers", lx.modifiers.len()),
        ("sectors", lx.sectors.len()),
        ("cameo", lx.cameo_rows().len()),
        ("plover", lx.plover_rows().len()),
    ];
    for (k, v) in rows {
        s.rows.insert(k.to_owned(), v);
    }
    for p in &lx.patterns {
        let kind = match p.entry {
            Entry::Country { .. } => "country",
            Entry::Actor(_) => "actor",
            Entry::Agent { .. } => "agent",
            Entry::Trigger { pos: Pos::Noun, .. } => "trigger-noun",
            Entry::Trigger { .. } => "trigger-verb",
            Entry::Context(_) => "context",
            Entry::Place(_) => "place",
            Entry::Modifier(_) => "modifier",
        };
        let lang = p.lang.map(|l| l.code()).unwrap_or("-");
        *s.patterns.entry(format!("{kind}/{lang}")).or_default() += 1;
    }
    s.symbols = lx.matcher().symbol_count();
    s.cameo_version = lx.cameo_version().map(str::to_owned);
    s.plover_version = lx.plover_version().map(str::to_owned);
    s
}

fn describe_pos(pos: Pos) -> String {
    match pos {
        Pos::Noun => "noun".into(),
        Pos::Verb {
            tense,
            passive,
            person,
            number,
            gender,
            negated,
            future,
        } => {
            let mut parts = vec![match tense {
                Tense::Past => "past",
                Tense::Present => "present",
            }
            .to_owned()];
            if passive {
                parts.push("passive".into());
            }
            if future {
                parts.push("future".into());
            }
            if negated {
                parts.push("negated".into());
            }
            let pn: String = [
                person.map(|p| format!("{p:?}")),
                number.map(|n| format!("{n:?}")),
                gender.map(|g| format!("{g:?}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            if !pn.is_empty() {
                parts.push(pn.to_lowercase());
            }
            parts.join(", ")
        }
    }
}

fn at(o: &crate::error::Origin) -> String {
    format!("{}:{}", o.file, o.line)
}
