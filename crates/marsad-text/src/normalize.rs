//! Matching keys: normalised copies of a text that the lexicon matches against, built next to the
//! original and mapped back to its code-point offsets.
//!
//! Two folding steps, applied one character at a time:
//!
//! - [`fold_strict`] removes what never changes a word's identity and maps characters that are
//!   different code points for the same letter or digit: Arabic harakat, shadda, sukun, dagger alef,
//!   tatweel and Quranic marks are dropped, as are invisible format characters (ZWNJ, ZWJ, LRM, RLM,
//!   bidi embeddings and isolates, BOM, soft hyphen); Persian `ی ک` become Arabic `ي ك`;
//!   Arabic-Indic and Persian digits become ASCII digits (with `٫ ٬ ٪` → `. , %`); letters are
//!   lowercased (simple, one-to-one lowercase).
//! - [`fold_lossy`] runs after it and merges spelling variants that news writers use
//!   interchangeably, at the price of merging some distinct words: alef with hamza or madda or wasla
//!   (`أ إ آ ٱ`) → bare alef `ا`; alef maqsura `ى` → `ي`; taa marbuta `ة` (and Persian `ۀ`) → `ه`;
//!   `ؤ` → `و` and `ئ` → `ي` (the usual information-retrieval practice: the hamza seat is spelled
//!   inconsistently, e.g. `مسؤول` / `مسئول`); curly quotes `’ ‘` → `'`; Arabic punctuation `، ؛ ؟`
//!   → `, ; ?`.
//!
//! The lexicon is compiled with [`key`] (lossy), and tokens carry a lossy key, so `أمريكي`,
//! `امريكي` and `أمريكيّ` are one entry. [`MatchKey`] keeps, for every key character, the offset of
//! the original character that produced it, so a match in key space becomes a [`Span`] of the
//! original text; the original is never modified.
//!
//! A decomposed hamza or madda (`ا` + U+0654, `ا` + U+0653, …) is composed back in strict keys
//! (so `أ` written either way gives one strict key); in lossy keys both fold to the bare letter.

use crate::span::Span;

/// How much a key folds: [`Level::Strict`] applies [`fold_strict`] only; [`Level::Lossy`] applies
/// [`fold_strict`] then [`fold_lossy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Strict,
    Lossy,
}

/// A normalised key for a piece of text and the map from key characters back to the original.
///
/// Offsets are code points relative to the start of the text given to [`MatchKey::new`]; add the
/// text's own start offset to get document offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchKey {
    /// The folded key.
    pub key: String,
    /// `offsets[i]` is the code-point offset of the original character that produced key
    /// character `i`; one final entry holds the number of characters of the input.
    pub offsets: Vec<usize>,
    /// `ends[i]` is the offset just past the original characters that key character `i` stands
    /// for: the character itself plus the combining marks dropped after it (harakat, tatweel), but
    /// not dropped invisible format characters. Same length as the key in characters.
    pub ends: Vec<usize>,
}

impl MatchKey {
    /// Builds the key of `text` at `level`.
    pub fn new(text: &str, level: Level) -> Self {
        let mut mk = MatchKey {
            key: String::with_capacity(text.len()),
            offsets: Vec::with_capacity(text.len() / 2 + 1),
            ends: Vec::with_capacity(text.len() / 2 + 1),
        };
        let mut n = 0usize;
        for (i, c) in text.chars().enumerate() {
            n = i + 1;
            match fold_strict(c) {
                Some(f) => {
                    let f = if level == Level::Lossy {
                        fold_lossy(f)
                    } else {
                        f
                    };
                    mk.key.push(f);
                    mk.offsets.push(i);
                    mk.ends.push(i + 1);
                }
                None => {
                    if is_dropped_mark(c) {
                        if let Some(last) = mk.ends.last_mut() {
                            if *last == i {
                                *last = i + 1;
                                if level == Level::Strict {
                                    compose_last(&mut mk.key, c);
                                }
                            }
                        }
                    }
                }
            }
        }
        mk.offsets.push(n);
        mk
    }

    /// Number of characters in the key.
    pub fn char_len(&self) -> usize {
        self.ends.len()
    }

    /// The original code-point range (relative to the input's start) of key characters
    /// `[key_start, key_end)`. Out-of-range indexes are clamped; an empty range gives an empty
    /// span at the position of `key_start`.
    pub fn span_of(&self, key_start: usize, key_end: usize) -> Span {
        let n = self.ends.len();
        let ks = key_start.min(n);
        let ke = key_end.min(n);
        let start = self.offsets[ks];
        if ke <= ks {
            return Span::new(start, start);
        }
        Span::new(start, self.ends[ke - 1])
    }
}

/// Strict folding of one character: `None` drops it, otherwise the character to put in the key.
/// See the module documentation for the list.
#[inline]
pub fn fold_strict(c: char) -> Option<char> {
    let u = c as u32;
    if u < 0x80 {
        return Some(c.to_ascii_lowercase());
    }
    if (0x0600..0x0700).contains(&u) {
        return table_lookup(&AR_STRICT, u);
    }
    match strict_map(c) {
        Some(f) if f == c => Some(simple_lowercase(c)),
        other => other,
    }
}

/// Lossy folding of one character already passed through [`fold_strict`]. See the module
/// documentation for the list and the reasons.
#[inline]
pub fn fold_lossy(c: char) -> char {
    lossy_map(c)
}

/// Both steps at once, with table lookups for ASCII and the Arabic block (the hot path of every
/// key and token).
#[inline]
pub fn fold(c: char, level: Level) -> Option<char> {
    let u = c as u32;
    if u < 0x80 {
        return Some(c.to_ascii_lowercase());
    }
    if (0x0600..0x0700).contains(&u) {
        let table = match level {
            Level::Strict => &AR_STRICT,
            Level::Lossy => &AR_LOSSY,
        };
        return table_lookup(table, u);
    }
    let f = fold_strict(c)?;
    Some(match level {
        Level::Strict => f,
        Level::Lossy => lossy_map(f),
    })
}

/// The lossy key of `text`, without offsets: the fast path used for lexicon keys and token keys.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_key(text, Level::Lossy, &mut out);
    out
}

/// The strict key of `text`, without offsets.
pub fn strict_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_key(text, Level::Strict, &mut out);
    out
}

/// Appends the key of `text` at `level` to `out` (which it does not clear), so a caller can reuse
/// one buffer.
pub fn push_key(text: &str, level: Level, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    // True while the last character read was kept or was a mark attached to a kept one, so a
    // decomposed hamza composes exactly as in `MatchKey::new`.
    let mut attached = false;
    for c in text.chars() {
        match fold_strict(c) {
            Some(f) => {
                out.push(if level == Level::Lossy {
                    fold_lossy(f)
                } else {
                    f
                });
                attached = true;
            }
            None if attached && is_dropped_mark(c) => {
                if level == Level::Strict {
                    compose_last(out, c);
                }
            }
            None => attached = false,
        }
    }
}

/// True for the combining marks [`fold_strict`] drops, which belong to the preceding letter (as
/// opposed to dropped format characters, which belong to nothing).
#[inline]
pub fn is_dropped_mark(c: char) -> bool {
    matches!(c as u32,
        0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0610..=0x061A | 0x08D3..=0x08FF | 0x0640)
}

/// True for invisible format characters (general category Cf, as far as they occur in text we
/// read): zero-width (non-)joiners and spaces, direction marks, bidi embeddings and isolates,
/// BOM, Arabic number signs, interlinear annotation, tag characters.
#[inline]
pub const fn is_format(u: u32) -> bool {
    matches!(u,
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F)
}

/// One-to-one lowercase: the first character of the full lowercase mapping (so `İ` → `i`), the
/// character itself when it has none. Keys never grow, which keeps offsets one-to-one.
#[inline]
fn simple_lowercase(c: char) -> char {
    if c.is_lowercase() || !c.is_alphabetic() {
        return c;
    }
    c.to_lowercase().next().unwrap_or(c)
}

/// Composes a decomposed hamza or madda with the key's last letter (strict keys only), so that
/// `ا` + U+0654 gives the same key as `أ`.
fn compose_last(key: &mut String, mark: char) {
    let Some(last) = key.chars().next_back() else {
        return;
    };
    let composed = match (last, mark) {
        ('\u{0627}', '\u{0653}') => '\u{0622}',
        ('\u{0627}', '\u{0654}') => '\u{0623}',
        ('\u{0627}', '\u{0655}') => '\u{0625}',
        ('\u{0648}', '\u{0654}') => '\u{0624}',
        ('\u{064A}' | '\u{0649}', '\u{0654}') => '\u{0626}',
        _ => return,
    };
    key.pop();
    key.push(composed);
}

/// The strict rules without lowercasing: `None` drops, otherwise the mapped character (the
/// character itself when no rule applies). `const` so the Arabic-block table is built at compile
/// time.
const fn strict_map(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        // Harakat, shadda, sukun, small marks; dagger alef; Quranic annotation marks; tatweel.
        0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0610..=0x061A | 0x08D3..=0x08FF => None,
        0x0640 => None,
        // Arabic-Indic and extended (Persian/Urdu) digits.
        0x0660..=0x0669 => char::from_u32(u - 0x0660 + 0x30),
        0x06F0..=0x06F9 => char::from_u32(u - 0x06F0 + 0x30),
        0x066B => Some('.'),        // Arabic decimal separator
        0x066C => Some(','),        // Arabic thousands separator
        0x066A => Some('%'),        // Arabic percent sign
        0x06CC => Some('\u{064A}'), // Persian yeh → Arabic yeh
        0x06A9 => Some('\u{0643}'), // Persian keheh → Arabic kaf
        _ if is_format(u) => None,
        _ => Some(c),
    }
}

/// The lossy rules; see the module documentation.
const fn lossy_map(c: char) -> char {
    match c {
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => '\u{0627}',
        '\u{0649}' => '\u{064A}',
        '\u{0629}' | '\u{06C0}' => '\u{0647}',
        '\u{0624}' => '\u{0648}',
        '\u{0626}' => '\u{064A}',
        '\u{2019}' | '\u{2018}' => '\'',
        '\u{060C}' => ',',
        '\u{061B}' => ';',
        '\u{061F}' => '?',
        _ => c,
    }
}

/// Folding of the Arabic block U+0600–U+06FF, `'\0'` meaning "drop" (U+0000 is not in the
/// block, so it cannot be a real result).
static AR_STRICT: [char; 256] = arabic_table(false);
static AR_LOSSY: [char; 256] = arabic_table(true);

const fn arabic_table(lossy: bool) -> [char; 256] {
    let mut t = ['\0'; 256];
    let mut i = 0;
    while i < 256 {
        let c = match char::from_u32(0x0600 + i as u32) {
            Some(c) => c,
            None => '\0',
        };
        t[i] = match strict_map(c) {
            Some(f) if lossy => lossy_map(f),
            Some(f) => f,
            None => '\0',
        };
        i += 1;
    }
    t
}

/// Lossy folding of a code point of the Arabic block (U+0600–U+06FF), for the tokenizer's fast
/// path; `'\0'` means "drop".
#[inline(always)]
pub(crate) fn fold_arabic_block_lossy(u: u32) -> char {
    AR_LOSSY[(u as usize - 0x0600) & 0xFF]
}

#[inline]
fn table_lookup(table: &[char; 256], u: u32) -> Option<char> {
    match table[(u - 0x0600) as usize] {
        '\0' => None,
        f => Some(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, strict: &str, lossy: &str) {
        assert_eq!(strict_key(input), strict, "strict key of {input:?}");
        assert_eq!(key(input), lossy, "lossy key of {input:?}");
        assert_eq!(
            MatchKey::new(input, Level::Strict).key,
            strict,
            "MatchKey strict {input:?}"
        );
        assert_eq!(
            MatchKey::new(input, Level::Lossy).key,
            lossy,
            "MatchKey lossy {input:?}"
        );
    }

    #[test]
    fn arabic_diacritics_and_variants() {
        check("أمريكيّ", "أمريكي", "امريكي");
        check("امريكي", "امريكي", "امريكي");
        check("الوِلايَاتُ المُتَّحِدَة", "الولايات المتحدة", "الولايات المتحده");
        check("إيـــران", "إيران", "ايران");
        check("مستشفى", "مستشفى", "مستشفي");
        check("مسؤول مسئول", "مسؤول مسئول", "مسوول مسيول");
        check("ٱلْقُرْآن", "ٱلقرآن", "القران");
    }

    #[test]
    fn persian_letters_zwnj_and_digits() {
        check("می\u{200C}خواهد", "ميخواهد", "ميخواهد");
        check("کشور ایران", "كشور ايران", "كشور ايران");
        check(
            "۱۴۰۴ و ٢٠٢٦ و ٦٠٫٥٪",
            "1404 و 2026 و 60.5%",
            "1404 و 2026 و 60.5%",
        );
    }

    #[test]
    fn latin_and_marks() {
        check(
            "The U.S. Treasury",
            "the u.s. treasury",
            "the u.s. treasury",
        );
        check("\u{200F}Iran\u{200E}’s", "iran’s", "iran's");
        check(
            "\u{FEFF}\u{202B}مسقط\u{202C}، عُمان؟",
            "مسقط، عمان؟",
            "مسقط, عمان?",
        );
        check("İSTANBUL", "istanbul", "istanbul");
    }

    #[test]
    fn decomposed_hamza_composes_in_strict_keys() {
        check("ا\u{0654}من", "أمن", "امن");
        check("ا\u{0653}خر", "آخر", "اخر");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let text = "وَقَالَ عِرَاقْجِي\u{200F}: إنّ";
        let mk = MatchKey::new(text, Level::Lossy);
        assert_eq!(mk.key, "وقال عراقجي: ان");
        assert_eq!(mk.offsets.len(), mk.key.chars().count() + 1);
        assert_eq!(*mk.offsets.last().unwrap(), text.chars().count());
        let doc = crate::Document::new(text);
        // "عراقجي" is key chars 5..11; its surface keeps the final kasra but not the RLM.
        let span = mk.span_of(5, 11);
        assert_eq!(doc.slice(span), "عِرَاقْجِي");
        assert_eq!(doc.slice(mk.span_of(0, 4)), "وَقَالَ");
        assert_eq!(doc.slice(mk.span_of(13, 15)), "إنّ");
        assert_eq!(mk.span_of(3, 3), Span::new(5, 5));
        assert_eq!(
            mk.span_of(40, 99),
            Span::new(text.chars().count(), text.chars().count())
        );
    }
}
