//! Arabic clitic analysis: the candidate ways to split a token's lossy key into proclitics, a stem
//! and an enclitic pronoun.
//!
//! This module only proposes; the lexicon decides which stem is a real word. It works on lossy
//! keys ([`crate::normalize::key`]), so `وأصرت` arrives as `واصرت` and the stem is `اصرت`, and
//! stems and clitics are slices of the key in key characters, never of the surface text (a
//! [`crate::normalize::MatchKey`] maps them back when a span is needed).
//!
//! Proclitics, outermost first: an optional conjunction `و` or `ف`, then at most one of the
//! prepositions `ب ك ل`, the future marker `س`, the article `ال`, a preposition plus the article
//! (`بال`, `كال`), or the fused `لل` (`ل` + `ال`, written without the article's alef). The future
//! marker is proposed only before an imperfect prefix (`ي ت ن ا`). Enclitic pronouns:
//! `ه ها هم هما هن ك كم نا ي`, never after the article (`الكتابه` is not a candidate).
//! No candidate leaves a stem shorter than two letters.
//!
//! Choice of representation: the proclitics of a candidate are a `&'static [&'static str]` that
//! points into a fixed table, and [`segmentations`] returns a fixed-capacity iterator, so analysing
//! a token allocates nothing. Candidates come ordered by how many characters they strip, the
//! unsegmented key first; the coder takes the first one the lexicon knows.
//!
//! A stem that lost an enclitic may end in `ت` where the dictionary form ends in taa marbuta
//! (`حكومته` → `حكومت` + `ه`, dictionary `حكومة`, key `حكومه`):
//! [`Segmentation::taa_marbuta_stem`] gives that second form to look up.

/// Proclitics that are prepositions: `ب` (in, with, by), `ل` (to, for), `لل` (`ل` + the article),
/// `ك` (like).
pub const PREPOSITION_PROCLITICS: [&str; 4] = ["ب", "ل", "لل", "ك"];

/// Proclitics only a noun takes: the article and the prepositions other than `ل`, which also
/// marks a verb's subjunctive (`ليرفض`).
pub const NOUN_PROCLITICS: [&str; 4] = ["ال", "ب", "لل", "ك"];

/// The preposition proclitic that also says where: `بمسقط`, in Muscat.
pub const LOCATIVE_PROCLITIC: &str = "ب";

/// The conjunctions `و` and `ف`, which open a new clause or join coordinated words.
pub const CONJUNCTION_PROCLITICS: [&str; 2] = ["و", "ف"];

/// The future marker on a present-tense verb: `سيلتقي`.
pub const FUTURE_PROCLITIC: &str = "س";

/// One candidate analysis of a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segmentation<'a> {
    /// The proclitics in reading order, e.g. `["و", "ب", "ال"]`; `لل` is one entry.
    pub proclitics: &'static [&'static str],
    /// What remains: a slice of the key.
    pub stem: &'a str,
    /// The enclitic pronoun, if one was split off.
    pub enclitic: Option<&'static str>,
    /// Number of key characters stripped in front of the stem.
    pub stem_start: usize,
}

impl<'a> Segmentation<'a> {
    /// True for the unsegmented candidate.
    pub fn is_whole(&self) -> bool {
        self.proclitics.is_empty() && self.enclitic.is_none()
    }

    /// Number of key characters in the stem.
    pub fn stem_len(&self) -> usize {
        self.stem.chars().count()
    }

    /// When an enclitic was split off a stem ending in `ت`, the stem with that `ت` written as the
    /// lossy key of taa marbuta (`ه`); `None` otherwise.
    pub fn taa_marbuta_stem(&self) -> Option<String> {
        self.enclitic?;
        let base = self.stem.strip_suffix('\u{062A}')?;
        let mut s = String::with_capacity(self.stem.len());
        s.push_str(base);
        s.push('\u{0647}');
        Some(s)
    }
}

/// The candidates for a key, as a fixed-capacity iterator (see the module documentation).
#[derive(Clone, Debug)]
pub struct Segmentations<'a> {
    items: [Option<Segmentation<'a>>; CAPACITY],
    len: usize,
    next: usize,
}

/// Every candidate segmentation of `key` (a lossy key), the unsegmented key first. A key that
/// does not start with an Arabic letter has only the unsegmented candidate.
pub fn segmentations(key: &str) -> Segmentations<'_> {
    let mut out = Segmentations {
        items: [None; CAPACITY],
        len: 0,
        next: 0,
    };
    out.push(Segmentation {
        proclitics: &[],
        stem: key,
        enclitic: None,
        stem_start: 0,
    });
    if !key
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '\u{0621}'..='\u{064A}'))
    {
        return out;
    }
    // At most one enclitic can end a key (they end in different letters or differ before it).
    let enclitic = enclitics_ending(key)
        .iter()
        .copied()
        .find(|e| key.ends_with(e));
    for p in std::iter::once(&PROCLITICS[0]).chain(proclitics_starting(key)) {
        let Some(rest) = key.strip_prefix(p.prefix) else {
            continue;
        };
        let pre_chars = p.prefix.chars().count();
        if p.future && !rest.starts_with(['ي', 'ت', 'ن', 'ا']) {
            continue;
        }
        if !p.prefix.is_empty() && rest.chars().nth(1).is_some() {
            out.push(Segmentation {
                proclitics: p.parts,
                stem: rest,
                enclitic: None,
                stem_start: pre_chars,
            });
        }
        if p.article {
            continue;
        }
        if let Some(e) = enclitic {
            let Some(stem) = rest.strip_suffix(e) else {
                continue;
            };
            if stem.chars().nth(1).is_none() {
                continue;
            }
            out.push(Segmentation {
                proclitics: p.parts,
                stem,
                enclitic: Some(e),
                stem_start: pre_chars,
            });
        }
    }
    out.sort();
    out
}

impl<'a> Segmentations<'a> {
    /// Number of candidates not yet returned.
    pub fn remaining(&self) -> usize {
        self.len - self.next
    }

    fn push(&mut self, s: Segmentation<'a>) {
        // The table cannot produce more than CAPACITY candidates for one key; a full buffer
        // drops the rest rather than panicking.
        if self.len < CAPACITY {
            self.items[self.len] = Some(s);
            self.len += 1;
        }
    }

    /// Stable sort by characters stripped (the unsegmented candidate stays first).
    fn sort(&mut self) {
        let stripped = |s: &Option<Segmentation<'_>>| {
            s.map_or(usize::MAX, |s| {
                s.stem_start + s.enclitic.map_or(0, |e| e.chars().count())
            })
        };
        self.items[..self.len].sort_by_key(stripped);
    }
}

impl<'a> Iterator for Segmentations<'a> {
    type Item = Segmentation<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.len {
            let item = self.items[self.next];
            self.next += 1;
            if item.is_some() {
                return item;
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining(), Some(self.remaining()))
    }
}

impl ExactSizeIterator for Segmentations<'_> {}

/// At most four proclitic readings (`""`, `و`, `وب`, `وبال`) times two enclitic readings (none or
/// the one pronoun the key ends with) can match one key; the test `capacity_is_enough` checks it.
const CAPACITY: usize = 10;

/// A legal proclitic sequence: its spelling in keys, its parts, whether it ends in the article
/// (no enclitic then) and whether it ends in the future marker (imperfect verb must follow).
struct Proclitic {
    prefix: &'static str,
    parts: &'static [&'static str],
    article: bool,
    future: bool,
}

const fn pc(
    prefix: &'static str,
    parts: &'static [&'static str],
    article: bool,
    future: bool,
) -> Proclitic {
    Proclitic {
        prefix,
        parts,
        article,
        future,
    }
}

/// Every legal sequence, the empty one first, then grouped by first letter for
/// [`proclitics_starting`] (the test `lookup_tables_are_consistent` checks the groups).
/// Candidates are sorted afterwards, so the order inside a group does not matter.
static PROCLITICS: &[Proclitic] = &[
    pc("", &[], false, false),
    // 1..11: و
    pc("و", &["و"], false, false),
    pc("وب", &["و", "ب"], false, false),
    pc("وك", &["و", "ك"], false, false),
    pc("ول", &["و", "ل"], false, false),
    pc("وس", &["و", "س"], false, true),
    pc("وال", &["و", "ال"], true, false),
    pc("وبال", &["و", "ب", "ال"], true, false),
    pc("وكال", &["و", "ك", "ال"], true, false),
    pc("ولل", &["و", "لل"], true, false),
    // `لال` is ل + ال written out, as some wire services spell it (`لالفلسطينيين`).
    pc("ولال", &["و", "ل", "ال"], true, false),
    // 11..20: ف
    pc("ف", &["ف"], false, false),
    pc("فب", &["ف", "ب"], false, false),
    pc("فك", &["ف", "ك"], false, false),
    pc("فل", &["ف", "ل"], false, false),
    pc("فس", &["ف", "س"], false, true),
    pc("فال", &["ف", "ال"], true, false),
    pc("فبال", &["ف", "ب", "ال"], true, false),
    pc("فكال", &["ف", "ك", "ال"], true, false),
    pc("فلل", &["ف", "لل"], true, false),
    // 20..22: ب
    pc("ب", &["ب"], false, false),
    pc("بال", &["ب", "ال"], true, false),
    // 22..24: ك
    pc("ك", &["ك"], false, false),
    pc("كال", &["ك", "ال"], true, false),
    // 24..27: ل
    pc("ل", &["ل"], false, false),
    pc("لل", &["لل"], true, false),
    pc("لال", &["ل", "ال"], true, false),
    // 27..28: س
    pc("س", &["س"], false, true),
    // 28..29: ا
    pc("ال", &["ال"], true, false),
];

/// The entries of [`PROCLITICS`] (after the empty one) that can start `key`, by its first letter.
fn proclitics_starting(key: &str) -> &'static [Proclitic] {
    let range = match key.chars().next() {
        Some('و') => 1..11,
        Some('ف') => 11..20,
        Some('ب') => 20..22,
        Some('ك') => 22..24,
        Some('ل') => 24..27,
        Some('س') => 27..28,
        Some('ا') => 28..29,
        _ => 0..0,
    };
    &PROCLITICS[range]
}

/// The enclitics that can end `key`, by its last letter.
fn enclitics_ending(key: &str) -> &'static [&'static str] {
    match key.chars().next_back() {
        Some('ه') => &ENCLITICS[0..1],
        Some('ا') => &ENCLITICS[1..4],
        Some('م') => &ENCLITICS[4..6],
        Some('ن') => &ENCLITICS[6..7],
        Some('ك') => &ENCLITICS[7..8],
        Some('ي') => &ENCLITICS[8..9],
        _ => &[],
    }
}

/// Enclitic pronouns in key spelling.
/// Grouped by last letter for [`enclitics_ending`]: ه | ها هما نا | هم كم | هن | ك | ي.
static ENCLITICS: &[&str] = &["ه", "ها", "هما", "نا", "هم", "كم", "هن", "ك", "ي"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key;

    /// Checks that the surface's key has the candidate `expected`, written `p+p+stem+enclitic`
    /// with the enclitic marked by a leading `=` (e.g. `مفاوضات+=هم`), and that the unsegmented
    /// key comes first.
    fn check(surface: &str, expected: &str) {
        let k = key(surface);
        let all: Vec<_> = segmentations(&k).collect();
        assert!(
            all[0].is_whole() && all[0].stem == k,
            "first candidate of {k:?} is not the key"
        );
        let shown: Vec<String> = all
            .iter()
            .map(|s| {
                let mut parts: Vec<String> = s.proclitics.iter().map(|p| p.to_string()).collect();
                parts.push(s.stem.to_string());
                if let Some(e) = s.enclitic {
                    parts.push(format!("={e}"));
                }
                parts.join("+")
            })
            .collect();
        assert!(
            shown.iter().any(|s| s == expected),
            "{expected} not among {shown:?}"
        );
        for s in &all {
            assert!(s.stem_len() >= 2, "short stem in {s:?}");
            let rest: String = k.chars().skip(s.stem_start).collect();
            assert!(rest.starts_with(s.stem), "{s:?} is not inside {k:?}");
        }
    }

    #[test]
    fn issue_examples() {
        check("وأصرت", "و+اصرت");
        check("بالعقوبات", "ب+ال+عقوبات");
        check("للولايات", "لل+ولايات");
        check("وسيلتقي", "و+س+يلتقي");
        check("مفاوضاتهم", "مفاوضات+=هم");
        check("وللولايات", "و+لل+ولايات");
        check("فسيرفضونها", "ف+س+يرفضون+=ها");
        check("وبحكومته", "و+ب+حكومت+=ه");
        // ل + ال written out, as some wire services spell it (issue 11).
        check("لالفلسطينيين", "ل+ال+فلسطينيين");
    }

    #[test]
    fn constraints() {
        let shown = |w: &str| -> Vec<(Vec<&'static str>, String, Option<&'static str>)> {
            segmentations(w)
                .map(|s| (s.proclitics.to_vec(), s.stem.to_string(), s.enclitic))
                .collect()
        };
        // No enclitic after the article; no future marker before a non-imperfect stem.
        assert!(shown("الكتابه")
            .iter()
            .all(|(p, _, e)| !(p.contains(&"ال") && e.is_some())));
        assert!(shown("سلام").iter().all(|(p, _, _)| !p.contains(&"س")));
        // Stems keep two letters: "به" has no split, "وهم" only و+هم.
        assert_eq!(shown("به").len(), 1);
        assert_eq!(shown("وهم").len(), 2, "{:?}", shown("وهم"));
        // Latin keys are left alone.
        assert_eq!(shown("iran").len(), 1);
        assert_eq!(segmentations("").count(), 1);
        let s = segmentations("وبحكومته")
            .find(|s| s.stem == "حكومت")
            .unwrap();
        assert_eq!(s.taa_marbuta_stem().as_deref(), Some("حكومه"));
        assert_eq!(s.stem_start, 2);
    }

    #[test]
    fn lookup_tables_are_consistent() {
        for p in &PROCLITICS[1..] {
            assert!(proclitics_starting(p.prefix)
                .iter()
                .any(|q| q.prefix == p.prefix));
            for q in proclitics_starting(p.prefix) {
                assert_eq!(q.prefix.chars().next(), p.prefix.chars().next());
            }
        }
        for e in ENCLITICS {
            assert!(enclitics_ending(e).contains(e), "{e}");
        }
    }

    #[test]
    fn capacity_is_enough() {
        for p in PROCLITICS {
            for e in ENCLITICS {
                for middle in ["وللولايات", "يلتقي", "بال", "هما"] {
                    let k = format!("{}{middle}{e}", p.prefix);
                    let n = segmentations(&k).count();
                    assert!(n < CAPACITY, "{n} candidates for {k:?}");
                }
            }
        }
    }

    #[test]
    fn candidates_are_ordered_by_what_they_strip() {
        let all: Vec<_> = segmentations("وبالعقوبات").collect();
        let stripped: Vec<usize> = all
            .iter()
            .map(|s| s.stem_start + s.enclitic.map_or(0, |e| e.chars().count()))
            .collect();
        assert!(stripped.windows(2).all(|w| w[0] <= w[1]), "{stripped:?}");
        assert_eq!(all.last().unwrap().stem, "عقوبات");
    }
}
