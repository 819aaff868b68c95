//! [`Lexicon`]: every table of `lexicon/` loaded, validated and expanded into [`Pattern`]s.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::conjugate::{self, Pos};
use crate::error::{Diagnostic, Error, ErrorKind, Origin, Severity};
use crate::model::*;
use crate::tsv::{Field, Row, Table};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The lexicon files, in load order. The first four are required: every other file's codes are
/// checked against them. The others may be absent (a warning), so that a new or partial lexicon
/// still loads.
pub const FILES: &[(&str, bool)] = &[
    ("countries.tsv", true),
    ("sectors.tsv", true),
    ("cameo.tsv", true),
    ("plover.tsv", true),
    ("actors.tsv", false),
    ("agents.tsv", false),
    ("triggers.ar.tsv", false),
    ("triggers.en.tsv", false),
    ("triggers.fa.tsv", false),
    ("contexts.tsv", false),
    ("places.tsv", false),
    ("modifiers.tsv", false),
    ("collisions.tsv", false),
];

/// Prepositions that, ending an Arabic trigger lemma, mark its recipient (see `trigger_row`).
const ARABIC_PREPOSITIONS: &[&str] = &["على", "مع", "إلى", "الى", "ضد", "من", "عن", "في", "ب", "ل"];

/// PLOVER's non-state actor codes, valid wherever a country code is.
pub const NON_STATE_CODES: &[&str] = &["IGO", "UNO", "EUR", "NGO", "IMG", "MNC"];

/// Everything Marsad knows about the world, loaded from `lexicon/`.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub countries: Vec<Country>,
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
    pub sectors: Vec<Sector>,
    pub triggers: Vec<Trigger>,
    pub contexts: Vec<Context>,
    pub places: Vec<Place>,
    pub modifiers: Vec<Modifier>,
    /// Every phrase the matcher looks for, generated forms included.
    pub patterns: Vec<Pattern>,
    /// The rows of `collisions.tsv`: generated forms kept or dropped on purpose.
    pub collision_rules: Vec<crate::collision::CollisionRule>,
    cameo: Vec<CameoRow>,
    cameo_index: HashMap<String, usize>,
    plover: Vec<PloverRow>,
    cameo_version: Option<String>,
    plover_version: Option<String>,
    country_index: HashMap<String, CountryId>,
    sector_index: HashMap<String, SectorId>,
    diagnostics: Vec<Diagnostic>,
}

impl Lexicon {
    /// Loads the lexicon in `dir`; any error-severity diagnostic fails the load (the first one is
    /// returned). Warnings are kept in [`Lexicon::diagnostics`].
    pub fn load_dir(dir: &Path) -> Result<Lexicon, Error> {
        Lexicon::check_dir(dir)?.into_result()
    }

    /// Loads and validates the lexicon in `dir`, keeping every diagnostic; rows with errors are
    /// skipped. When `dir` has a `frequency/` folder, generated trigger forms are also checked
    /// against its word lists ([`Lexicon::check_frequency`]). Fails only when a file exists but
    /// cannot be read.
    pub fn check_dir(dir: &Path) -> Result<Lexicon, Error> {
        let mut lx = Lexicon::check_dir_only(dir)?;
        let frequency = dir.join(crate::collision::FREQUENCY_DIR);
        if frequency.is_dir() {
            lx.check_frequency(&frequency)?;
        }
        Ok(lx)
    }

    /// [`Lexicon::check_dir`] without the frequency check.
    pub(crate) fn check_dir_only(dir: &Path) -> Result<Lexicon, Error> {
        let mut texts = Vec::new();
        for (name, _) in FILES {
            let path = dir.join(name);
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => Some(t),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    let origin = Origin {
                        file: path.display().to_string(),
                        line: 0,
                        column: 0,
                    };
                    return Err(Error::new(origin, ErrorKind::Io(e.to_string()), None));
                }
            };
            texts.push((*name, text));
        }
        let sources: Vec<(&str, Option<&str>)> =
            texts.iter().map(|(n, t)| (*n, t.as_deref())).collect();
        Ok(Lexicon::from_sources(&sources))
    }

    /// The shipped lexicon, compiled into the binary; fails on any error-severity diagnostic.
    pub fn embedded() -> Result<Lexicon, Error> {
        Lexicon::check_embedded().into_result()
    }

    /// The shipped lexicon with every diagnostic kept (see [`Lexicon::check_dir`]).
    pub fn check_embedded() -> Lexicon {
        Lexicon::from_sources(embedded::EMBEDDED)
    }

    /// Builds a lexicon from `(file name, contents)` pairs; `None` is an absent file. File names
    /// not in [`FILES`] are reported and ignored.
    pub fn from_sources(sources: &[(&str, Option<&str>)]) -> Lexicon {
        let mut lx = Lexicon::default();
        for (name, required) in FILES {
            let text = sources
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, t)| *t);
            let Some(text) = text else {
                let origin = Origin {
                    file: (*name).to_owned(),
                    line: 0,
                    column: 0,
                };
                lx.diagnostics.push(if *required {
                    Diagnostic::error(&origin, "required file is missing")
                } else {
                    Diagnostic::warning(&origin, "file is missing; its entries are empty")
                });
                continue;
            };
            lx.load_file(name, text);
        }
        for (name, _) in sources {
            if !FILES.iter().any(|(n, _)| n == name) {
                let origin = Origin {
                    file: (*name).to_owned(),
                    ..Origin::default()
                };
                lx.diagnostics
                    .push(Diagnostic::warning(&origin, "not a lexicon file; ignored"));
            }
        }
        lx.check_ambiguous_aliases();
        lx
    }

    /// Every finding of loading and validation, in file order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, for checks that live in other modules.
    pub(crate) fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }

    /// True when a diagnostic has error severity.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    pub fn country(&self, id: CountryId) -> &Country {
        &self.countries[id.index()]
    }

    pub fn country_by_code(&self, code: &str) -> Option<CountryId> {
        self.country_index.get(code).copied()
    }

    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.index()]
    }

    pub fn agent(&self, id: AgentId) -> &Agent {
        &self.agents[id.index()]
    }

    pub fn sector(&self, id: SectorId) -> &Sector {
        &self.sectors[id.index()]
    }

    pub fn trigger(&self, id: TriggerId) -> &Trigger {
        &self.triggers[id.index()]
    }

    pub fn context(&self, id: ContextId) -> &Context {
        &self.contexts[id.index()]
    }

    pub fn place(&self, id: PlaceId) -> &Place {
        &self.places[id.index()]
    }

    pub fn pattern(&self, id: PatternId) -> &Pattern {
        &self.patterns[id.index()]
    }

    /// The row of a CAMEO code (`"190"`).
    pub fn cameo(&self, code: &str) -> Option<&CameoRow> {
        self.cameo_index.get(code).map(|&i| &self.cameo[i])
    }

    /// The row of a PLOVER event type (`"ASSAULT"`).
    pub fn plover(&self, event: &str) -> Option<&PloverRow> {
        self.plover.iter().find(|r| r.event == event)
    }

    pub fn cameo_rows(&self) -> &[CameoRow] {
        &self.cameo
    }

    pub fn plover_rows(&self) -> &[PloverRow] {
        &self.plover
    }

    /// The version of the CAMEO/Goldstein table from its first comment (`cameo-goldstein v1`).
    pub fn cameo_version(&self) -> Option<&str> {
        self.cameo_version.as_deref()
    }

    /// The version of the PLOVER score table from its first comment (`plover-scale v1`).
    pub fn plover_version(&self) -> Option<&str> {
        self.plover_version.as_deref()
    }

    /// True for a country code of `countries.tsv` or a PLOVER non-state code.
    pub fn is_known_code(&self, code: &str) -> bool {
        self.country_index.contains_key(code) || NON_STATE_CODES.contains(&code)
    }

    fn into_result(self) -> Result<Lexicon, Error> {
        match self
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
        {
            Some(d) => Err(Error::new(
                d.origin(),
                ErrorKind::Invalid(d.message.clone()),
                None,
            )),
            None => Ok(self),
        }
    }

    fn load_file(&mut self, name: &str, text: &str) {
        let (allowed, required): (&[&str], &[&str]) = match name {
            "countries.tsv" => (
                &[
                    "code",
                    "iso2",
                    "names_en",
                    "names_ar",
                    "names_fa",
                    "adj_en",
                    "adj_ar",
                    "adj_fa",
                    "capital_en",
                    "capital_ar",
                    "capital_fa",
                ],
                &["code"],
            ),
            "actors.tsv" => (
                &[
                    "id", "names_en", "names_ar", "names_fa", "roles", "wikidata", "note",
                ],
                &["id", "roles"],
            ),
            "agents.tsv" => (
                &["lang", "terms", "sector", "note"],
                &["lang", "terms", "sector"],
            ),
            "triggers.ar.tsv" => (
                &[
                    "lemma", "form", "present", "passive", "nouns", "event", "mode", "cameo",
                    "preps", "note",
                ],
                &["lemma", "form", "event"],
            ),
            "triggers.en.tsv" => (
                &[
                    "lemma",
                    "past",
                    "participle",
                    "nouns",
                    "event",
                    "mode",
                    "cameo",
                    "preps",
                    "note",
                ],
                &["lemma", "event"],
            ),
            "triggers.fa.tsv" => (
                &[
                    "lemma", "present", "passive", "forms", "nouns", "event", "mode", "cameo",
                    "preps", "note",
                ],
                &["lemma", "event"],
            ),
            "contexts.tsv" => (&["context", "lang", "terms"], &["context", "lang", "terms"]),
            "places.tsv" => (
                &[
                    "name_en", "names_en", "names_ar", "names_fa", "country", "kind",
                ],
                &["name_en", "kind"],
            ),
            "modifiers.tsv" => (&["lang", "terms", "kind"], &["lang", "terms", "kind"]),
            "collisions.tsv" => (
                &["lang", "form", "trigger", "decision", "note"],
                &["lang", "form", "trigger", "decision"],
            ),
            "sectors.tsv" => (&["code", "name"], &["code"]),
            "cameo.tsv" => (
                &[
                    "cameo",
                    "name",
                    "event",
                    "mode",
                    "context",
                    "quad",
                    "goldstein",
                ],
                &["cameo", "quad", "goldstein"],
            ),
            "plover.tsv" => (
                &[
                    "event",
                    "quad",
                    "score",
                    "refused",
                    "intended",
                    "threatened",
                ],
                &["event", "quad", "score"],
            ),
            _ => return,
        };
        let table = match Table::parse(name, text, allowed, required) {
            Ok(t) => t,
            Err(e) => {
                self.diagnostics.push(e.into());
                return;
            }
        };
        for e in &table.errors {
            self.diagnostics.push(e.clone().into());
        }
        for row in &table.rows {
            let r = RowRef { table: &table, row };
            let result = match name {
                "countries.tsv" => self.country_row(r),
                "actors.tsv" => self.actor_row(r),
                "agents.tsv" => self.agent_row(r),
                "triggers.ar.tsv" => self.trigger_row(r, Lang::Ar),
                "triggers.en.tsv" => self.trigger_row(r, Lang::En),
                "triggers.fa.tsv" => self.trigger_row(r, Lang::Fa),
                "contexts.tsv" => self.context_row(r),
                "places.tsv" => self.place_row(r),
                "modifiers.tsv" => self.modifier_row(r),
                "collisions.tsv" => self.collision_row(r),
                "sectors.tsv" => self.sector_row(r),
                "cameo.tsv" => self.cameo_row(r),
                "plover.tsv" => self.plover_row(r),
                _ => Ok(()),
            };
            if let Err(e) = result {
                self.diagnostics.push(e.into());
            }
        }
        match name {
            "cameo.tsv" => self.cameo_version = table.version(),
            "plover.tsv" => self.plover_version = table.version(),
            _ => {}
        }
    }

    fn country_row(&mut self, r: RowRef) -> Result<(), Error> {
        let code_f = r.field("code");
        let code = code_f.required("code")?;
        if !is_code(code) {
            return Err(code_f.error("country code must be 3 upper-case letters"));
        }
        if self.country_index.contains_key(code) {
            return Err(code_f.error("duplicate country code"));
        }
        let id = CountryId(self.countries.len() as u32);
        let mut c = Country {
            code: code.to_owned(),
            iso2: r.field("iso2").value().map(str::to_owned),
            names: Vec::new(),
            adjectives: Vec::new(),
            capitals: Vec::new(),
            origin: r.row.origin(),
        };
        for lang in [Lang::En, Lang::Ar, Lang::Fa] {
            let l = lang.code();
            for f in r.values(&format!("names_{l}")) {
                c.names.push(Name {
                    lang,
                    text: f.text.to_owned(),
                });
                self.add_pattern(
                    f.text,
                    lang,
                    Entry::Country {
                        id,
                        kind: CountryForm::Name,
                        number: None,
                        gender: None,
                    },
                );
            }
            for f in r.values(&format!("adj_{l}")) {
                c.adjectives.push(Name {
                    lang,
                    text: f.text.to_owned(),
                });
                let forms = if lang == Lang::En {
                    vec![(f.text.to_owned(), None, None)]
                } else {
                    conjugate::arabic_nisba(f.text)
                };
                for (text, number, gender) in forms {
                    self.add_pattern(
                        &text,
                        lang,
                        Entry::Country {
                            id,
                            kind: CountryForm::Adjective,
                            number,
                            gender,
                        },
                    );
                }
            }
            for f in r.values(&format!("capital_{l}")) {
                c.capitals.push(Name {
                    lang,
                    text: f.text.to_owned(),
                });
                self.add_pattern(
                    f.text,
                    lang,
                    Entry::Country {
                        id,
                        kind: CountryForm::Capital,
                        number: None,
                        gender: None,
                    },
                );
            }
        }
        self.country_index.insert(code.to_owned(), id);
        self.countries.push(c);
        Ok(())
    }

    fn actor_row(&mut self, r: RowRef) -> Result<(), Error> {
        let id_f = r.field("id");
        let key = id_f.required("id")?;
        if self.actors.iter().any(|a| a.id == key) {
            return Err(id_f.error("duplicate actor id"));
        }
        let mut roles: Vec<(Role, Origin)> = Vec::new();
        for f in r.values("roles") {
            let role = self.parse_role(&f)?;
            roles.push((role, f.origin.clone()));
        }
        // Overlapping ranges for the same code: an error when the sector is the same too (a
        // duplicate), a warning otherwise (one can hold two offices, but it is often a typo).
        for (i, (a, _)) in roles.iter().enumerate() {
            for (b, ob) in &roles[i + 1..] {
                if a.code == b.code && overlaps(a, b) {
                    let msg = format!(
                        "role overlaps an earlier {} role of the same actor ({})",
                        a.code, key
                    );
                    self.diagnostics.push(if a.sector == b.sector {
                        Diagnostic::error(ob, msg)
                    } else {
                        Diagnostic::warning(ob, msg)
                    });
                }
            }
        }
        let id = ActorId(self.actors.len() as u32);
        let mut names = Vec::new();
        for lang in [Lang::En, Lang::Ar, Lang::Fa] {
            for f in r.values(&format!("names_{}", lang.code())) {
                names.push(Name {
                    lang,
                    text: f.text.to_owned(),
                });
                self.add_pattern(f.text, lang, Entry::Actor(id));
            }
        }
        self.actors.push(Actor {
            id: key.to_owned(),
            names,
            roles: roles.into_iter().map(|(r, _)| r).collect(),
            wikidata: r.field("wikidata").value().map(str::to_owned),
            note: r.field("note").value().map(str::to_owned),
            origin: r.row.origin(),
        });
        Ok(())
    }

    /// `CODE [SECTOR] [FROM..TO]`.
    fn parse_role(&self, f: &Field) -> Result<Role, Error> {
        let mut parts = f.text.split_whitespace();
        let code = parts.next().ok_or_else(|| f.error("empty role"))?;
        if !self.is_known_code(code) {
            return Err(f.error(format!("unknown country code {code}")));
        }
        let mut role = Role {
            code: code.to_owned(),
            sector: None,
            from: None,
            to: None,
        };
        for p in parts {
            if p.contains("..") {
                let (from, to) = p.split_once("..").unwrap_or((p, ""));
                role.from = parse_date(f, from)?;
                role.to = parse_date(f, to)?;
                if let (Some(a), Some(b)) = (role.from, role.to) {
                    if a > b {
                        return Err(f.error("date range ends before it starts"));
                    }
                }
            } else if role.sector.is_none() && p != "-" {
                if !self.sector_index.contains_key(p) {
                    return Err(f.error(format!("unknown sector {p}")));
                }
                role.sector = Some(p.to_owned());
            } else {
                return Err(f.error(format!(
                    "unexpected {p} in role (expected CODE SECTOR FROM..TO)"
                )));
            }
        }
        Ok(role)
    }

    fn agent_row(&mut self, r: RowRef) -> Result<(), Error> {
        let lang = r.lang()?;
        let sector_f = r.field("sector");
        let sector_code = sector_f.required("sector")?;
        let sector = *self
            .sector_index
            .get(sector_code)
            .ok_or_else(|| sector_f.error("unknown sector"))?;
        let id = AgentId(self.agents.len() as u32);
        let terms = r.values("terms");
        for t in &terms {
            self.add_pattern(t.text, lang, Entry::Agent { id, sector });
        }
        self.agents.push(Agent {
            lang,
            terms: terms.iter().map(|t| t.text.to_owned()).collect(),
            sector: sector_code.to_owned(),
            note: r.field("note").value().map(str::to_owned),
            origin: r.row.origin(),
        });
        Ok(())
    }

    fn trigger_row(&mut self, r: RowRef, lang: Lang) -> Result<(), Error> {
        let lemma = r.field("lemma").required("lemma")?;
        let event_f = r.field("event");
        let event = event_f.required("event")?;
        if !self.plover.is_empty() && self.plover(event).is_none() {
            return Err(event_f.error("unknown PLOVER event type"));
        }
        let cameo_f = r.field("cameo");
        let cameo = cameo_f.value();
        if let Some(c) = cameo {
            if !self.cameo.is_empty() && self.cameo(c).is_none() {
                return Err(cameo_f.error("unknown CAMEO code"));
            }
        }
        let id = TriggerId(self.triggers.len() as u32);
        let form = if lang == Lang::Ar {
            let form_f = r.field("form");
            let f = form_f.required("form")?;
            Some(
                f.parse()
                    .map_err(|_| form_f.error("verb form must be I to X"))?,
            )
        } else {
            None
        };
        let mut preps: Vec<String> = r
            .values("preps")
            .iter()
            .map(|p| crate::text::key(p.text))
            .collect();
        let forms = match form {
            Some(vf) => {
                let present = r.field("present").value();
                let passive: Vec<&str> = r.values("passive").iter().map(|f| f.text).collect();
                let mut forms = conjugate::arabic_verb(lemma, vf, present, &passive);
                // `أصر على`: in VSO the subject comes between verb and preposition
                // (`أصرت إيران على`), so a lemma ending in a preposition also yields the bare
                // verb, and the preposition joins `preps`.
                if let Some((head, last)) = lemma.rsplit_once(' ') {
                    if ARABIC_PREPOSITIONS.contains(&last) {
                        let present = present.map(|p| p.split(' ').next().unwrap_or(p));
                        forms.extend(conjugate::arabic_verb(head, vf, present, &passive));
                        let k = crate::text::key(last);
                        if !preps.contains(&k) {
                            preps.push(k);
                        }
                    }
                }
                forms
            }
            None if lang == Lang::Fa => {
                // Persian: the present stem is given, else known for the lemma's last word (a
                // light verb, `conjugate::PERSIAN_PRESENT_STEMS`), else only past forms are made.
                let present_f = r.field("present");
                let past = lemma.rsplit(' ').next().unwrap_or(lemma);
                let present = present_f
                    .value()
                    .or_else(|| conjugate::persian_present_stem(past));
                let mut forms = conjugate::persian_verb(lemma, present, false);
                let mut passives: Vec<&str> = r.values("passive").iter().map(|f| f.text).collect();
                // The formal light verbs: `دیدار نمود` beside `دیدار کرد`, `امضا گردید` beside
                // `امضا شد`.
                let mut variants: Vec<(String, bool)> = Vec::new();
                for (text, passive) in
                    std::iter::once((lemma, false)).chain(passives.drain(..).map(|p| (p, true)))
                {
                    variants.push((text.to_owned(), passive));
                    if let Some((head, last)) = text.rsplit_once(' ') {
                        for (common, formal) in conjugate::PERSIAN_LIGHT_VERB_VARIANTS {
                            if last == *common {
                                variants.push((format!("{head} {formal}"), passive));
                            }
                        }
                    }
                }
                for (i, (text, passive)) in variants.iter().enumerate() {
                    if i == 0 {
                        continue;
                    }
                    let last = text.rsplit(' ').next().unwrap_or(text);
                    let stem = conjugate::persian_present_stem(last);
                    forms.extend(conjugate::persian_verb(text, stem, *passive));
                }
                for f in r.values("forms") {
                    forms.push(conjugate::Form {
                        text: f.text.to_owned(),
                        pos: Pos::Verb {
                            tense: conjugate::Tense::Past,
                            passive: false,
                            person: None,
                            number: None,
                            gender: None,
                            negated: false,
                            future: false,
                        },
                    });
                }
                forms
            }
            None => {
                let past: Vec<&str> = r.values("past").iter().map(|f| f.text).collect();
                let part: Vec<&str> = r.values("participle").iter().map(|f| f.text).collect();
                conjugate::english_verb(lemma, &past, &part)
            }
        };
        // A form is written when the row spells it (the lemma, `present`, `passive`, a noun):
        // only the others are the generator's guesses, which the collision check reviews.
        let mut written: HashSet<String> = HashSet::new();
        written.insert(crate::text::key(lemma.split(' ').next().unwrap_or(lemma)));
        for column in ["present", "passive", "past", "participle", "nouns"] {
            for v in r.values(column) {
                written.insert(crate::text::key(v.text.split(' ').next().unwrap_or(v.text)));
            }
        }
        for f in forms {
            let head = f.text.split(' ').next().unwrap_or(&f.text);
            let generated = !written.contains(&crate::text::key(head));
            self.add_pattern(&f.text, lang, Entry::Trigger { id, pos: f.pos });
            if let Some(p) = self.patterns.last_mut() {
                p.generated = generated;
            }
        }
        let nouns = r.values("nouns");
        for n in &nouns {
            if lang == Lang::Fa {
                for f in conjugate::persian_noun(n.text) {
                    self.add_pattern(&f, lang, Entry::Trigger { id, pos: Pos::Noun });
                }
            } else {
                self.add_pattern(n.text, lang, Entry::Trigger { id, pos: Pos::Noun });
            }
        }
        self.triggers.push(Trigger {
            lang,
            lemma: lemma.to_owned(),
            form,
            nouns: nouns.iter().map(|n| n.text.to_owned()).collect(),
            event: event.to_owned(),
            mode: r.field("mode").value().map(str::to_owned),
            cameo: cameo.map(str::to_owned),
            preps,
            note: r.field("note").value().map(str::to_owned),
            origin: r.row.origin(),
        });
        Ok(())
    }

    /// A `collisions.tsv` row: `allow` keeps a generated form the frequency check flags,
    /// `block` drops it from the patterns here, before any matcher is built.
    fn collision_row(&mut self, r: RowRef) -> Result<(), Error> {
        use crate::collision::{CollisionRule, Decision};
        let lang = r.lang()?;
        let form_f = r.field("form");
        let form = form_f.required("form")?;
        let trigger_f = r.field("trigger");
        let trigger = trigger_f.required("trigger")?;
        let decision_f = r.field("decision");
        let decision = match decision_f.required("decision")? {
            "allow" => Decision::Allow,
            "block" => Decision::Block,
            _ => return Err(decision_f.error("decision must be allow or block")),
        };
        let key = crate::text::key(form);
        let lemma_key = crate::text::key(trigger);
        let ids: HashSet<TriggerId> = self
            .triggers
            .iter()
            .enumerate()
            .filter(|(_, t)| t.lang == lang && crate::text::key(&t.lemma) == lemma_key)
            .map(|(i, _)| TriggerId(i as u32))
            .collect();
        if ids.is_empty() {
            return Err(trigger_f.error("no trigger row has this lemma"));
        }
        let is_form = |p: &Pattern| {
            p.generated
                && p.keys.len() == 1
                && p.keys[0] == key
                && matches!(p.entry, Entry::Trigger { id, .. } if ids.contains(&id))
        };
        if self
            .collision_rules
            .iter()
            .any(|c| c.lang == lang && c.key == key && crate::text::key(&c.trigger) == lemma_key)
        {
            return Err(form_f.error("a row for this form and trigger is given twice"));
        }
        if !self.patterns.iter().any(is_form) {
            return Err(form_f.error(format!("not a generated form of {trigger}")));
        }
        if decision == Decision::Block {
            self.patterns.retain(|p| !is_form(p));
        }
        self.collision_rules.push(CollisionRule {
            lang,
            form: form.to_owned(),
            key,
            trigger: trigger.to_owned(),
            decision,
            note: r.field("note").value().map(str::to_owned),
            origin: r.row.origin(),
        });
        Ok(())
    }

    fn context_row(&mut self, r: RowRef) -> Result<(), Error> {
        let context = r.field("context").required("context")?;
        let lang = r.lang()?;
        let id = ContextId(self.contexts.len() as u32);
        let terms = r.values("terms");
        for t in &terms {
            self.add_pattern(t.text, lang, Entry::Context(id));
        }
        self.contexts.push(Context {
            context: context.to_owned(),
            lang,
            terms: terms.iter().map(|t| t.text.to_owned()).collect(),
            origin: r.row.origin(),
        });
        Ok(())
    }

    fn place_row(&mut self, r: RowRef) -> Result<(), Error> {
        let name_f = r.field("name_en");
        let name_en = name_f.required("name_en")?;
        let country_f = r.field("country");
        let country = country_f.value();
        if let Some(c) = country {
            if !self.is_known_code(c) {
                return Err(country_f.error("unknown country code"));
            }
        }
        if self
            .places
            .iter()
            .any(|p| p.name_en == name_en && p.country.as_deref() == country)
        {
            self.diagnostics.push(Diagnostic::warning(
                &name_f.origin,
                format!("duplicate place ({name_en})"),
            ));
        }
        let kind_f = r.field("kind");
        let kind = match kind_f.required("kind")? {
            "capital" => PlaceKind::Capital,
            "city" => PlaceKind::City,
            "region" => PlaceKind::Region,
            "water" => PlaceKind::Water,
            "site" => PlaceKind::Site,
            _ => {
                return Err(kind_f.error("place kind must be capital, city, region, water or site"))
            }
        };
        let id = PlaceId(self.places.len() as u32);
        let mut names = Vec::new();
        for lang in [Lang::En, Lang::Ar, Lang::Fa] {
            let mut values = r.values(&format!("names_{}", lang.code()));
            if lang == Lang::En && values.is_empty() {
                values.push(name_f.clone());
            }
            for f in values {
                names.push(Name {
                    lang,
                    text: f.text.to_owned(),
                });
                self.add_pattern(f.text, lang, Entry::Place(id));
            }
        }
        self.places.push(Place {
            name_en: name_en.to_owned(),
            names,
            country: country.map(str::to_owned),
            kind,
            origin: r.row.origin(),
        });
        Ok(())
    }

    fn modifier_row(&mut self, r: RowRef) -> Result<(), Error> {
        let lang = r.lang()?;
        let kind_f = r.field("kind");
        let name = kind_f.required("kind")?;
        let Some(kind) = ModifierKind::parse(name) else {
            let names: Vec<&str> = ModifierKind::NAMES.iter().map(|(n, _)| *n).collect();
            return Err(kind_f.error(format!("modifier kind must be one of {}", names.join(", "))));
        };
        let terms = r.values("terms");
        for t in &terms {
            self.add_pattern(t.text, lang, Entry::Modifier(kind));
        }
        self.modifiers.push(Modifier {
            lang,
            terms: terms.iter().map(|t| t.text.to_owned()).collect(),
            kind,
            origin: r.row.origin(),
        });
        Ok(())
    }

    fn sector_row(&mut self, r: RowRef) -> Result<(), Error> {
        let code_f = r.field("code");
        let code = code_f.required("code")?;
        if !is_code(code) {
            return Err(code_f.error("sector code must be 3 upper-case letters"));
        }
        if self.sector_index.contains_key(code) {
            return Err(code_f.error("duplicate sector code"));
        }
        self.sector_index
            .insert(code.to_owned(), SectorId(self.sectors.len() as u32));
        self.sectors.push(Sector {
            code: code.to_owned(),
            name: r.field("name").value().unwrap_or_default().to_owned(),
        });
        Ok(())
    }

    fn cameo_row(&mut self, r: RowRef) -> Result<(), Error> {
        let code_f = r.field("cameo");
        let code = code_f.required("cameo")?;
        if !code.bytes().all(|b| b.is_ascii_digit()) || code.len() < 2 || code.len() > 4 {
            return Err(code_f.error("CAMEO code must be 2 to 4 digits"));
        }
        if self.cameo_index.contains_key(code) {
            return Err(code_f.error("duplicate CAMEO code"));
        }
        let event_f = r.field("event");
        let event = event_f.value();
        if let Some(e) = event {
            if !self.plover.is_empty() && self.plover(e).is_none() {
                return Err(event_f.error("unknown PLOVER event type"));
            }
        }
        let row = CameoRow {
            code: code.to_owned(),
            name: r.field("name").value().unwrap_or_default().to_owned(),
            event: event.map(str::to_owned),
            mode: r.field("mode").value().map(str::to_owned),
            context: r
                .values("context")
                .iter()
                .map(|f| f.text.to_owned())
                .collect(),
            quad: parse_quad(r.field("quad"))?,
            goldstein: parse_score(r.field("goldstein"))?,
        };
        self.cameo_index.insert(code.to_owned(), self.cameo.len());
        self.cameo.push(row);
        Ok(())
    }

    fn plover_row(&mut self, r: RowRef) -> Result<(), Error> {
        let event_f = r.field("event");
        let event = event_f.required("event")?;
        if self.plover(event).is_some() {
            return Err(event_f.error("duplicate PLOVER event type"));
        }
        // cameo.tsv loads before plover.tsv, so a refusal's CAMEO code can be checked here.
        let code_of = |column: &str| -> Result<Option<String>, Error> {
            let f = r.field(column);
            let code = f.value().map(str::to_owned);
            if let Some(c) = &code {
                if !self.cameo.is_empty() && self.cameo(c).is_none() {
                    return Err(f.error("unknown CAMEO code"));
                }
            }
            Ok(code)
        };
        let refused = code_of("refused")?;
        let intended = code_of("intended")?;
        let threatened = code_of("threatened")?;
        let row = PloverRow {
            event: event.to_owned(),
            quad: parse_quad(r.field("quad"))?,
            score: parse_score(r.field("score"))?,
            refused,
            intended,
            threatened,
        };
        self.plover.push(row);
        // cameo.tsv loads before plover.tsv: check its events now.
        Ok(())
    }

    fn add_pattern(&mut self, text: &str, lang: Lang, entry: Entry) {
        let keys = crate::text::phrase_keys(text);
        if keys.is_empty() {
            return;
        }
        self.patterns.push(Pattern {
            text: text.to_owned(),
            keys,
            entry,
            lang: Some(lang),
            generated: false,
        });
    }

    /// Warns when one key names different actors or countries (`same key → different
    /// entries`); the coder then needs context to choose.
    fn check_ambiguous_aliases(&mut self) {
        // cameo.tsv loads before plover.tsv, so its events are checked here.
        if !self.plover.is_empty() {
            for row in &self.cameo {
                if let Some(e) = &row.event {
                    if self.plover(e).is_none() {
                        let origin = Origin {
                            file: "cameo.tsv".into(),
                            ..Origin::default()
                        };
                        self.diagnostics.push(Diagnostic::error(
                            &origin,
                            format!("unknown PLOVER event type ({e}) for CAMEO {}", row.code),
                        ));
                    }
                }
            }
        }
        self.check_generated_collisions();
        let mut seen: HashMap<String, (String, Origin)> = HashMap::new();
        let mut reported: HashSet<String> = HashSet::new();
        for p in &self.patterns {
            let (who, origin) = match p.entry {
                Entry::Actor(id) => (
                    format!("actor {}", self.actor(id).id),
                    &self.actor(id).origin,
                ),
                Entry::Country { id, .. } => (
                    format!("country {}", self.country(id).code),
                    &self.country(id).origin,
                ),
                _ => continue,
            };
            let key = p.keys.join(" ");
            match seen.get(&key) {
                Some((other, _)) if *other != who => {
                    if reported.insert(format!("{key}\t{who}\t{other}")) {
                        self.diagnostics.push(Diagnostic::warning(
                            origin,
                            format!("ambiguous alias: {} names {who} and {other}", p.text),
                        ));
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (who, origin.clone()));
                }
            }
        }
    }
}

impl Lexicon {
    /// Warns when a generated verb form has the key of a listed name or keyword of another
    /// kind: lossy keys merge `نؤوي` (we shelter) with `نووي` (nuclear), and such a form would
    /// fire the trigger on every mention of the keyword. Listed forms are not checked.
    fn check_generated_collisions(&mut self) {
        let mut listed: HashMap<&[String], &Pattern> = HashMap::new();
        for p in &self.patterns {
            if !matches!(p.entry, Entry::Trigger { .. }) {
                listed.entry(p.keys.as_slice()).or_insert(p);
            }
        }
        let mut found = Vec::new();
        for p in &self.patterns {
            let Entry::Trigger {
                id,
                pos: Pos::Verb { .. },
            } = p.entry
            else {
                continue;
            };
            let t = &self.triggers[id.index()];
            if p.text == t.lemma {
                continue;
            }
            if let Some(other) = listed.get(p.keys.as_slice()) {
                found.push(Diagnostic::warning(
                    &t.origin,
                    format!(
                        "generated form {} of {} has the key of {} ({}); list the lemma's forms or accept the ambiguity",
                        p.text, t.lemma, other.text, kind_name(other.entry)
                    ),
                ));
            }
        }
        self.diagnostics.extend(found);
    }
}

fn kind_name(e: Entry) -> &'static str {
    match e {
        Entry::Country { .. } => "country",
        Entry::Actor(_) => "actor",
        Entry::Agent { .. } => "agent",
        Entry::Trigger { .. } => "trigger",
        Entry::Context(_) => "context",
        Entry::Place(_) => "place",
        Entry::Modifier(_) => "modifier",
    }
}

/// A row with its table, to look fields up by column name.
#[derive(Clone, Copy)]
struct RowRef<'t, 'a> {
    table: &'t Table<'a>,
    row: &'t Row<'a>,
}

impl<'t, 'a> RowRef<'t, 'a> {
    /// The field in `column`, or an empty field at the row's start when the file lacks the column.
    fn field(&self, column: &str) -> Field<'a> {
        self.table
            .get(self.row, column)
            .cloned()
            .unwrap_or_else(|| Field {
                text: "",
                origin: self.row.origin(),
            })
    }

    fn values(&self, column: &str) -> Vec<Field<'a>> {
        self.field(column).values()
    }

    fn lang(&self) -> Result<Lang, Error> {
        let f = self.field("lang");
        Lang::parse(f.required("lang")?).ok_or_else(|| f.error("language must be en, ar or fa"))
    }
}

fn is_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn parse_date(f: &Field, s: &str) -> Result<Option<chrono::NaiveDate>, Error> {
    if s.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| Error::invalid(f.origin.clone(), "date must be YYYY-MM-DD", s))
}

fn parse_quad(f: Field) -> Result<u8, Error> {
    match f.required("quad")?.parse::<u8>() {
        Ok(q) if (1..=4).contains(&q) => Ok(q),
        _ => Err(f.error("quad class must be 1 to 4")),
    }
}

fn parse_score(f: Field) -> Result<f32, Error> {
    match f.required("score")?.parse::<f32>() {
        Ok(s) if (-10.0..=10.0).contains(&s) => Ok(s),
        _ => Err(f.error("score must be a number from -10 to 10")),
    }
}

fn overlaps(a: &Role, b: &Role) -> bool {
    let a_from = a.from.unwrap_or(chrono::NaiveDate::MIN);
    let a_to = a.to.unwrap_or(chrono::NaiveDate::MAX);
    let b_from = b.from.unwrap_or(chrono::NaiveDate::MIN);
    let b_to = b.to.unwrap_or(chrono::NaiveDate::MAX);
    // Two undated roles with different sectors are not "overlapping ranges", just two roles.
    if a.from.is_none()
        && a.to.is_none()
        && b.from.is_none()
        && b.to.is_none()
        && a.sector != b.sector
    {
        return false;
    }
    a_from <= b_to && b_from <= a_to
}
