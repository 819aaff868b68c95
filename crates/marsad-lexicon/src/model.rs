//! The typed tables of a loaded [`crate::Lexicon`] and the small `Copy` ids that point into them.

use chrono::NaiveDate;

use crate::conjugate::{Gender, Number, Pos, VerbForm};
use crate::error::Origin;

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),*) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}

id_type!(
    /// Index into [`crate::Lexicon::countries`].
    CountryId,
    /// Index into [`crate::Lexicon::actors`].
    ActorId,
    /// Index into [`crate::Lexicon::agents`].
    AgentId,
    /// Index into [`crate::Lexicon::sectors`].
    SectorId,
    /// Index into [`crate::Lexicon::triggers`].
    TriggerId,
    /// Index into [`crate::Lexicon::contexts`].
    ContextId,
    /// Index into [`crate::Lexicon::places`].
    PlaceId,
    /// Index into [`crate::Lexicon::patterns`].
    PatternId
);

/// A language of the lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Ar,
    Fa,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Fa => "fa",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "ar" => Some(Lang::Ar),
            "fa" => Some(Lang::Fa),
            _ => None,
        }
    }
}

/// A name or alias in one language, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub lang: Lang,
    pub text: String,
}

/// A state (`countries.tsv`).
#[derive(Clone, Debug)]
pub struct Country {
    pub code: String,
    pub iso2: Option<String>,
    pub names: Vec<Name>,
    pub adjectives: Vec<Name>,
    pub capitals: Vec<Name>,
    pub origin: Origin,
}

/// A dated (or undated, always valid) country + sector role of an actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    pub sector: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Role {
    /// True when the role holds on `date` (inclusive ends; open ends always hold).
    pub fn valid_at(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// A named person or organisation (`actors.tsv`).
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: String,
    pub names: Vec<Name>,
    pub roles: Vec<Role>,
    pub wikidata: Option<String>,
    pub note: Option<String>,
    pub origin: Origin,
}

impl Actor {
    /// The `(country code, sector)` roles valid on `date`; undated roles are always valid.
    pub fn roles_at(&self, date: NaiveDate) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.roles
            .iter()
            .filter(move |r| r.valid_at(date))
            .map(|r| (r.code.as_str(), r.sector.as_deref()))
    }
}

/// A generic noun that gives a sector (`agents.tsv`).
#[derive(Clone, Debug)]
pub struct Agent {
    pub lang: Lang,
    pub terms: Vec<String>,
    pub sector: String,
    pub note: Option<String>,
    pub origin: Origin,
}

/// A verb (or verb phrase) lemma with the event it signals (`triggers.*.tsv`).
#[derive(Clone, Debug)]
pub struct Trigger {
    pub lang: Lang,
    pub lemma: String,
    /// The Arabic verb form; `None` for English.
    pub form: Option<VerbForm>,
    pub nouns: Vec<String>,
    pub event: String,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    /// Matching keys of the prepositions that mark the recipient.
    pub preps: Vec<String>,
    pub note: Option<String>,
    pub origin: Origin,
}

/// The keywords of one PLOVER context in one language (`contexts.tsv`).
#[derive(Clone, Debug)]
pub struct Context {
    pub context: String,
    pub lang: Lang,
    pub terms: Vec<String>,
    pub origin: Origin,
}

/// What kind of place a [`Place`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Capital,
    City,
    Region,
    Water,
    Site,
}

/// A city, region, body of water or site (`places.tsv`).
#[derive(Clone, Debug)]
pub struct Place {
    pub name_en: String,
    pub names: Vec<Name>,
    pub country: Option<String>,
    pub kind: PlaceKind,
    pub origin: Origin,
}

/// What a function word tells the coder (`modifiers.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModifierKind {
    Negation,
    Future,
    Hypothetical,
    Speech,
    Reciprocal,
    Past,
    /// `أن`, `إن`, `that`: opens a reported or subordinate clause.
    Complementizer,
    /// `الذي`, `التي`, `who`, `which`: opens a relative clause.
    Relative,
    /// `في`, `قرب`, `in`, `near`: what follows is a place.
    Locative,
    /// `من قبل`, `على يد`, `by`: introduces the doer of a passive.
    Agentive,
    /// `was`, `were`, `been`: with a participle, a passive.
    PassiveAux,
    /// `و`, `and`: joins actors.
    Conjunction,
    /// `على`, `مع`, `on`, `with`: marks a recipient or a place.
    Preposition,
    /// `the`, `a`: skipped when looking for a preposition.
    Determiner,
    /// `of`: joins an agent to its country (`the foreign minister of Iran`).
    Genitive,
    /// `على`, `on`, `against`: the prepositions that mark the recipient of a trigger whose row
    /// lists none.
    Recipient,
    /// `بعد`, `منذ`, `after`, `since`: a verbal noun right after it names an earlier event that
    /// the sentence refers to, not one it reports (`بعد اغتيال الحريري`).
    Temporal,
    /// `قام`, `أسفر`, `تعرض`, `carried out`: a light verb whose preposition governs a verbal
    /// noun that is the event itself (`قام باغتيال`, `أسفر عن مقتل`).
    Support,
    /// `must`, `يجب أن`: in a reported clause, the speaker demands what follows of the clause's
    /// subject (`the Red Cross said US forces must ensure…` is a REQUEST by the Red Cross).
    Obligation,
    /// `بلاده`, `his country`: the country of the actor named before it in the sentence.
    OwnCountry,
    /// `he`, `she`: a person named earlier in the document, when only one is in view.
    Pronoun,
    /// `willing to`, `مستعدة ل`: the event after it is offered, not done (CAMEO 03, intent).
    Intent,
    /// `to` before a verb: an infinitive, the purpose or complement of an earlier verb
    /// (`gathered to demand`, `agreed to meet`), not an event of its own.
    Infinitive,
    /// Persian `را`: a postposition after the direct object, which a trigger takes as its
    /// recipient (`آمریکا را تحریم کرد`).
    Object,
}

impl ModifierKind {
    /// Every kind, with the name `modifiers.tsv` uses for it.
    pub const NAMES: [(&'static str, ModifierKind); 24] = [
        ("negation", ModifierKind::Negation),
        ("future", ModifierKind::Future),
        ("hypothetical", ModifierKind::Hypothetical),
        ("speech", ModifierKind::Speech),
        ("reciprocal", ModifierKind::Reciprocal),
        ("past", ModifierKind::Past),
        ("complementizer", ModifierKind::Complementizer),
        ("relative", ModifierKind::Relative),
        ("locative", ModifierKind::Locative),
        ("agentive", ModifierKind::Agentive),
        ("passive_aux", ModifierKind::PassiveAux),
        ("conjunction", ModifierKind::Conjunction),
        ("preposition", ModifierKind::Preposition),
        ("determiner", ModifierKind::Determiner),
        ("genitive", ModifierKind::Genitive),
        ("recipient", ModifierKind::Recipient),
        ("temporal", ModifierKind::Temporal),
        ("support", ModifierKind::Support),
        ("obligation", ModifierKind::Obligation),
        ("own_country", ModifierKind::OwnCountry),
        ("pronoun", ModifierKind::Pronoun),
        ("intent", ModifierKind::Intent),
        ("infinitive", ModifierKind::Infinitive),
        ("object", ModifierKind::Object),
    ];

    pub fn parse(name: &str) -> Option<ModifierKind> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }
}

/// A function word list (`modifiers.tsv`).
#[derive(Clone, Debug)]
pub struct Modifier {
    pub lang: Lang,
    pub terms: Vec<String>,
    pub kind: ModifierKind,
    pub origin: Origin,
}

/// A sector code (`sectors.tsv`).
#[derive(Clone, Debug)]
pub struct Sector {
    pub code: String,
    pub name: String,
}

/// One CAMEO code with its PLOVER mapping and scores (`cameo.tsv`).
#[derive(Clone, Debug)]
pub struct CameoRow {
    pub code: String,
    pub name: String,
    pub event: Option<String>,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub quad: u8,
    pub goldstein: f32,
}

/// One PLOVER event type's quad class and intensity score (`plover.tsv`).
#[derive(Clone, Debug)]
pub struct PloverRow {
    pub event: String,
    pub quad: u8,
    pub score: f32,
    /// The CAMEO code (a REJECT code) of refusing an event of this type: `لن تقبل`, `would not
    /// meet` code as a rejection rather than a negated agreement or meeting.
    pub refused: Option<String>,
    /// The CAMEO code (an intent code, 03…) of offering an event of this type: `is willing to
    /// send aid` is an expressed intent (AGREE), not the aid.
    pub intended: Option<String>,
    /// The CAMEO code (a threat code, 13…) of announcing an event of this type for the future or
    /// on a condition: `Iran said it would strike US bases if attacked` is a threat.
    pub threatened: Option<String>,
}

/// How a country is named by a matched span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountryForm {
    Name,
    Adjective,
    Capital,
}

/// What a matched span stands for. Small and `Copy`: look the details up in the [`crate::Lexicon`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entry {
    Country {
        id: CountryId,
        kind: CountryForm,
        number: Option<Number>,
        gender: Option<Gender>,
    },
    Actor(ActorId),
    Agent {
        id: AgentId,
        sector: SectorId,
    },
    Trigger {
        id: TriggerId,
        pos: Pos,
    },
    Context(ContextId),
    Place(PlaceId),
    Modifier(ModifierKind),
}

/// One compiled phrase: the form it was generated as, its token keys and its entry.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// The surface form as listed or generated (`رفضت`, `imposed sanctions on`).
    pub text: String,
    /// One matching key per token.
    pub keys: Vec<String>,
    pub entry: Entry,
    pub lang: Option<Lang>,
    /// True for a trigger form the conjugator generated, false for one the row spells (the
    /// lemma, `present`, `passive`, `past`, `participle`, a noun) and for every other entry.
    /// Only generated forms go through the frequency collision check (`collision.rs`).
    pub generated: bool,
}
