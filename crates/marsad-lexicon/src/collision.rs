//! Generated trigger forms that are really other words: the frequency check behind
//! `marsad lexicon check`, and the `allow` / `block` rows of `collisions.tsv` that settle them.
//!
//! The conjugator writes every cell of a verb's paradigm, and the matcher compares lossy keys,
//! so a generated form can be spelled like a common word that is not that verb at all:
//! `نؤوي` (we shelter, from `آوى`) has the key of `نووي` (nuclear), and every Iran article then
//! "shelters" someone. Such a form cannot be told from the word by the matcher; it must be
//! reviewed once by a reader and either kept or dropped.
//!
//! The check reads a frequency list per language (`lexicon/frequency/{ar,en,fa}.txt`, the top
//! [`FREQUENT_TOP`] words of the `wordfreq` package, most frequent first) and flags a generated
//! form whose key is the key of a frequent word when the form is *implausible as that frequent
//! word*:
//!
//! - a rare cell of the Arabic paradigm: 1st person plural (`نؤوي`, `نصر` from `أصر`), dual
//!   (`شكرا`, spelled like the accusative of a noun), feminine plural (`آوين`);
//! - the 3rd feminine singular present of forms II–IV, which is spelled like a form V/VI past or
//!   verbal noun (`تردد` from `ردد` is also hesitation, `تقاطع` from `قاطع` an intersection);
//! - any generated form more than [`RANK_RATIO`] times more frequent (by rank) than the verb's
//!   own reference forms (Arabic: the 3rd masculine singular past and present; English: the
//!   past), capped at the list's length: its frequency then comes from another word
//!   (`thanks` from `thank`).
//!
//! Forms the row writes itself (the lemma, `present`, `passive`, `past`, `participle`, nouns)
//! are never flagged: their author has already chosen them. Every flagged form must have a row
//! in `collisions.tsv`: `allow` keeps it (the frequent word is mostly this verb, or the
//! ambiguity is worth it), `block` drops it from the matcher. The decision is a reader's, which
//! is why it lives in a file and not in a threshold.
//!
//! The lists are about 1 MB together, so they are not compiled into the binary: the check
//! reads them from the lexicon folder ([`Lexicon::check_dir`], [`Lexicon::check_frequency`]);
//! the `collisions.tsv` rows, which change what matches, are embedded like every lexicon file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::conjugate::{Gender, Number, Person, Pos, Tense, VerbForm};
use crate::error::{Diagnostic, Error, ErrorKind, Origin};
use crate::model::{Entry, Lang, TriggerId};
use crate::Lexicon;

/// The frequency lists' folder inside a lexicon folder.
pub const FREQUENCY_DIR: &str = "frequency";

/// A word is frequent when it is among this many most frequent words of its language.
pub const FREQUENT_TOP: usize = 30_000;

/// A generated form this many times more frequent (by rank) than its verb's reference forms is
/// flagged: its frequency comes from another word.
pub const RANK_RATIO: usize = 8;

/// What a `collisions.tsv` row decides for a generated form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Keep the form: it is a form of the verb worth matching despite the frequent word.
    Allow,
    /// Drop the form from the matcher.
    Block,
}

/// One row of `collisions.tsv`.
#[derive(Clone, Debug)]
pub struct CollisionRule {
    pub lang: Lang,
    /// The form as written in the row.
    pub form: String,
    /// The form's matching key.
    pub key: String,
    /// The trigger's lemma as written in its row.
    pub trigger: String,
    pub decision: Decision,
    pub note: Option<String>,
    pub origin: Origin,
}

/// One language's most frequent words, by matching key.
#[derive(Clone, Debug)]
pub struct FrequencyList {
    pub lang: Lang,
    /// The file it was read from, for messages.
    pub file: String,
    /// Key → (1-based rank of the first word with that key, that word).
    ranks: HashMap<String, (usize, String)>,
}

/// A generated trigger form spelled like a frequent word, and why that is suspicious.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collision {
    pub trigger: TriggerId,
    /// The generated form.
    pub form: String,
    /// The frequent word with the same key, as the list writes it.
    pub word: String,
    /// The word's rank in its list (1 = most frequent).
    pub rank: usize,
    pub reason: String,
    /// The `collisions.tsv` row that allows it, if any (blocked forms are no longer patterns).
    pub allowed_by: Option<Origin>,
}

impl FrequencyList {
    /// Reads a list: one word per line, most frequent first, `#` comment lines skipped. Words
    /// whose text is more than one token (`it's`, `U.S.`) are skipped: a one-word form cannot
    /// collide with them. Only the first [`FREQUENT_TOP`] words are kept.
    pub fn parse(lang: Lang, file: &str, text: &str) -> FrequencyList {
        let mut ranks = HashMap::new();
        let words = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (i, w) in words.take(FREQUENT_TOP).enumerate() {
            let keys = crate::text::phrase_keys(w);
            if let [k] = keys.as_slice() {
                ranks
                    .entry(k.clone())
                    .or_insert_with(|| (i + 1, w.to_owned()));
            }
        }
        FrequencyList {
            lang,
            file: file.to_owned(),
            ranks,
        }
    }

    /// The rank and spelling of the most frequent word with this key.
    pub fn rank(&self, key: &str) -> Option<(usize, &str)> {
        self.ranks.get(key).map(|(r, w)| (*r, w.as_str()))
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    /// True when the list has no words.
    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }
}

impl Lexicon {
    /// Reads the frequency lists in `dir` (`ar.txt`, `en.txt`, `fa.txt`; a missing one is
    /// skipped) and adds an error diagnostic, at the trigger's row, for every suspicious
    /// generated form that no `collisions.tsv` row settles (see the module documentation).
    pub fn check_frequency(&mut self, dir: &Path) -> Result<(), Error> {
        let lists = read_frequency_dir(dir)?;
        if lists.is_empty() {
            let origin = Origin {
                file: dir.display().to_string(),
                ..Origin::default()
            };
            self.diagnostics_mut().push(Diagnostic::warning(
                &origin,
                "no frequency lists (ar.txt, en.txt, fa.txt); collision check skipped",
            ));
            return Ok(());
        }
        let found: Vec<Diagnostic> = self
            .collisions(&lists)
            .into_iter()
            .filter(|c| c.allowed_by.is_none())
            .map(|c| {
                let t = self.trigger(c.trigger);
                Diagnostic::error(
                    &t.origin,
                    format!(
                        "generated form {} of {} is the frequent word {} ({} rank {}, {}); write an allow or block row in collisions.tsv ({} → {})",
                        c.form, t.lemma, c.word, t.lang.code(), c.rank, c.reason, c.form, c.word
                    ),
                )
            })
            .collect();
        self.diagnostics_mut().extend(found);
        Ok(())
    }

    /// Every suspicious generated trigger form (see the module documentation), in pattern
    /// order, with the `allow` row that settles it when there is one.
    pub fn collisions(&self, lists: &[FrequencyList]) -> Vec<Collision> {
        let mut reference: HashMap<TriggerId, usize> = HashMap::new();
        let mut base: HashMap<TriggerId, usize> = HashMap::new();
        for p in &self.patterns {
            let (Entry::Trigger { id, pos }, [key]) = (p.entry, p.keys.as_slice()) else {
                continue;
            };
            let Some(list) = p.lang.and_then(|l| lists.iter().find(|f| f.lang == l)) else {
                continue;
            };
            let t = self.trigger(id);
            let r = list.rank(key).map_or(FREQUENT_TOP, |(r, _)| r);
            if is_reference(t.form.is_some(), pos) {
                let best = reference.entry(id).or_insert(FREQUENT_TOP);
                *best = (*best).min(r);
            } else if t.form.is_none() && *key == crate::text::key(lemma_head(&t.lemma)) {
                // An English past spelled like the base (`hit`) is merged into the base form by
                // the generator, so the base stands in for the past when there is no other.
                base.insert(id, r);
            }
        }
        for (id, r) in base {
            reference.entry(id).or_insert(r);
        }
        let mut seen: HashSet<(TriggerId, &str)> = HashSet::new();
        let mut out = Vec::new();
        for p in &self.patterns {
            let (Entry::Trigger { id, pos }, [key]) = (p.entry, p.keys.as_slice()) else {
                continue;
            };
            if !p.generated || !seen.insert((id, key.as_str())) {
                continue;
            }
            let Some(list) = p.lang.and_then(|l| lists.iter().find(|f| f.lang == l)) else {
                continue;
            };
            let Some((rank, word)) = list.rank(key) else {
                continue;
            };
            let t = self.trigger(id);
            let reference = reference.get(&id).copied().unwrap_or(FREQUENT_TOP);
            let Some(reason) = suspicion(t.form, pos, rank, reference) else {
                continue;
            };
            let lemma_key = crate::text::key(&t.lemma);
            let allowed_by = self
                .collision_rules
                .iter()
                .find(|r| {
                    r.decision == Decision::Allow
                        && r.lang == t.lang
                        && r.key == *key
                        && crate::text::key(&r.trigger) == lemma_key
                })
                .map(|r| r.origin.clone());
            out.push(Collision {
                trigger: id,
                form: p.text.clone(),
                word: word.to_owned(),
                rank,
                reason,
                allowed_by,
            });
        }
        out
    }

    /// `marsad lexicon check`: the lexicon in `dir` (else the embedded one) with every
    /// diagnostic, its generated forms checked against the frequency lists in `frequency`, else
    /// `dir/frequency`, else (embedded lexicon) [`Lexicon::source_frequency_dir`]. Without any
    /// list a warning says the collision check was skipped.
    pub fn check_all(dir: Option<&Path>, frequency: Option<&Path>) -> Result<Lexicon, Error> {
        let (mut lx, default) = match dir {
            Some(d) => {
                let f = d.join(FREQUENCY_DIR);
                (Lexicon::check_dir_only(d)?, f.is_dir().then_some(f))
            }
            None => (Lexicon::check_embedded(), Lexicon::source_frequency_dir()),
        };
        match frequency.map(Path::to_path_buf).or(default) {
            Some(f) => lx.check_frequency(&f)?,
            None => {
                let origin = Origin {
                    file: FREQUENCY_DIR.into(),
                    ..Origin::default()
                };
                lx.diagnostics_mut().push(Diagnostic::warning(
                    &origin,
                    "no frequency lists found (give --frequency DIR); collision check skipped",
                ));
            }
        }
        Ok(lx)
    }

    /// The `lexicon/frequency` folder of the source tree this library was built from, when it
    /// still exists: the lists `marsad lexicon check` uses for the embedded lexicon.
    pub fn source_frequency_dir() -> Option<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../lexicon")
            .join(FREQUENCY_DIR);
        dir.is_dir().then_some(dir)
    }
}

/// The lists of `dir` that exist, one per language.
pub fn read_frequency_dir(dir: &Path) -> Result<Vec<FrequencyList>, Error> {
    let mut out = Vec::new();
    for lang in [Lang::Ar, Lang::En, Lang::Fa] {
        let path = dir.join(format!("{}.txt", lang.code()));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file = format!("{FREQUENCY_DIR}/{}.txt", lang.code());
                out.push(FrequencyList::parse(lang, &file, &text));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let origin = Origin {
                    file: path.display().to_string(),
                    ..Origin::default()
                };
                return Err(Error::new(origin, ErrorKind::Io(e.to_string()), None));
            }
        }
    }
    Ok(out)
}

/// The first word of a lemma (`shoot down` → `shoot`).
fn lemma_head(lemma: &str) -> &str {
    lemma.split(' ').next().unwrap_or(lemma)
}

/// True for the forms that measure how frequent the verb itself is: the Arabic 3rd masculine
/// singular active (past and present), the English active past.
fn is_reference(arabic: bool, pos: Pos) -> bool {
    match pos {
        Pos::Verb {
            passive: false,
            person,
            number,
            gender,
            tense,
            ..
        } => {
            if arabic {
                person == Some(Person::Third)
                    && number == Some(Number::Singular)
                    && gender == Some(Gender::Masculine)
            } else {
                tense == Tense::Past
            }
        }
        _ => false,
    }
}

/// Why a generated form of rank `rank` is suspicious, or `None` when it is a plausible form.
fn suspicion(form: Option<VerbForm>, pos: Pos, rank: usize, reference: usize) -> Option<String> {
    let Pos::Verb {
        tense,
        passive,
        person,
        number,
        gender,
        ..
    } = pos
    else {
        return None;
    };
    if form.is_some() {
        if person == Some(Person::First) {
            return Some("1st person plural".into());
        }
        if number == Some(Number::Dual) {
            return Some("dual".into());
        }
        if number == Some(Number::Plural) && gender == Some(Gender::Feminine) {
            return Some("feminine plural".into());
        }
        if tense == Tense::Present
            && !passive
            && number == Some(Number::Singular)
            && gender == Some(Gender::Feminine)
            && matches!(form, Some(VerbForm::II | VerbForm::III | VerbForm::IV))
        {
            return Some(
                "3rd feminine singular present of form II–IV, spelled like a form V/VI word".into(),
            );
        }
    }
    if rank * RANK_RATIO < reference.min(FREQUENT_TOP) {
        return Some(format!(
            "over {RANK_RATIO} times as frequent as the verb's own forms (best rank {reference})"
        ));
    }
    None
}
