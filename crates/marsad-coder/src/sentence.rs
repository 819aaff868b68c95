//! A sentence as the coder sees it: its tokens, and what the lexicon found in them, reduced to
//! the coder's own small vocabulary (entities, triggers, function words).
//!
//! `adapter.rs` fills these from lexicon matches; everything after works on these types only, so
//! the rules in `compose.rs` and `roles.rs` do not depend on how the lexicon stores its entries.

use marsad_lexicon::ModifierKind;
use marsad_text::Span;

/// What a run of tokens names.
#[derive(Clone, Debug, PartialEq)]
pub enum EntityKind {
    /// A person or organisation of the actor lexicon, with its role at the document's date.
    Named {
        id: String,
        code: Option<String>,
        sector: Option<String>,
        wikidata: Option<String>,
    },
    /// A country's name (`إيران`, `the United States`).
    Country { code: String },
    /// A capital or seat of power (`طهران`): the government by metonymy, or a place.
    Capital { code: String, place: String },
    /// A demonym or nisba adjective (`الإيرانية`, `American`).
    Adjective { code: String },
    /// A generic noun giving a sector (`وزير الخارجية`, `forces`).
    Agent { sector: String },
    /// A city, region, water or site.
    Place {
        name: String,
        country: Option<String>,
    },
    /// `الجانبان`, `both sides`: the parties of the document's main dyad.
    Reciprocal,
    /// `بلاده`, `his country`: the government of the country of the actor named before it.
    OwnCountry,
    /// `he`, `she`: resolved to a person named earlier (`coref.rs`).
    Pronoun,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// Token indices, inclusive, relative to the sentence.
    pub first: usize,
    pub last: usize,
    pub span: Span,
    pub kind: EntityKind,
    /// The preposition governing the entity, as a lossy key: a proclitic (`ب`, `ل`, `ك`) or the
    /// word before it (`على`, `with`).
    pub prep: Option<String>,
    /// True when the entity's first token carries the conjunction `و` or `ف`.
    pub conj: bool,
}

/// A word or phrase that signals an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    pub first: usize,
    pub last: usize,
    pub span: Span,
    /// The lemma of the lexicon row that made it (`رفض`, `reject`), or `must` for a demand read
    /// off an obligation word: what the scorer's features name.
    pub lemma: String,
    pub event: String,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    /// Prepositions (lossy keys) that mark the recipient.
    pub preps: Vec<String>,
    pub verb: bool,
    pub passive: bool,
    /// A present-tense verb or one carrying the future proclitic `س`.
    pub future_clitic: bool,
    /// The verb form carries its own negation (Persian `نکرد`, `نمی‌کند`).
    pub negated_form: bool,
    pub present: bool,
    /// The trigger's first token carries the conjunction `و`/`ف`: it starts a new clause.
    pub conj: bool,
    /// The preposition governing the trigger, as for an [`Entity`]: a proclitic (`باغتيال`) or
    /// the word before it (`عن مقتل`, `after the attack`).
    pub prep: Option<String>,
    /// An obligation word (`must`, `يجب أن`) read as a demand by the speaker of its clause.
    pub demand: bool,
}

/// One sentence after lexical analysis.
#[derive(Clone, Debug, Default)]
pub struct Analysed {
    /// The grammar of the sentence's language (`profile.rs`).
    pub profile: &'static crate::profile::Profile,
    /// Per token: its lossy key, code-point span, and whether it is punctuation.
    pub keys: Vec<String>,
    pub spans: Vec<Span>,
    pub punct: Vec<bool>,
    /// Per token: the function words starting there, with their length in tokens.
    pub functions: Vec<Vec<(ModifierKind, usize)>>,
    pub entities: Vec<Entity>,
    pub triggers: Vec<Trigger>,
    /// Contexts named by keywords in the sentence.
    pub contexts: Vec<String>,
}

impl Analysed {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// True when a function word of `kind` starts at token `i`.
    pub fn is(&self, i: usize, kind: ModifierKind) -> bool {
        self.functions
            .get(i)
            .is_some_and(|f| f.iter().any(|(k, _)| *k == kind))
    }

    /// True when a function word of `kind` covers token `i`.
    pub fn covered_by(&self, i: usize, kind: ModifierKind) -> bool {
        (0..=i).rev().take(4).any(|s| {
            self.functions[s]
                .iter()
                .any(|(k, n)| *k == kind && s + n > i)
        })
    }
}
