//! Tokens with code-point and byte offsets into the original document, each with its lossy
//! matching key ([`crate::normalize::key`]).
//!
//! The rules, in the order the scanner applies them:
//!
//! - Whitespace, invisible format characters (ZWNJ, LRM, RLM, BOM, bidi controls) and control
//!   characters between tokens are skipped.
//! - A **word** starts at a letter and runs over letters, combining marks (Arabic harakat and
//!   tatweel stay inside the word) and digits (`G7`). Inside a word it also takes: ZWNJ/ZWJ
//!   followed by a letter (Persian `می‌خواهد` is one token); a hyphen between two letters or digits
//!   (`al-Sisi`, `F-35`); an apostrophe between two Latin letters (`O'Brien`, `don't`); the dots of
//!   a letter-dot abbreviation (`U.S.`, `U.N.`, `e.g.`). The key of such an abbreviation drops its
//!   dots (`U.S.` → `us`) so that lexicon entries written `US` and `U.S.` both match; other dots
//!   (`Dr.`, `Jan.`) are not part of the word: they become punctuation tokens, which the sentence
//!   splitter reads.
//! - The English possessive `'s` / `’s` after a Latin word is a separate word token with key `'s`
//!   (`Iran's` → `Iran` + `'s`) so that the name matches the lexicon on its own.
//! - A **number** is a run of ASCII, Arabic-Indic or Persian digits with internal separators
//!   `, . ٫ ٬` (each only when a digit follows: `1,000`, `3.67`, `٦٠٫٥`); its key is ASCII
//!   (`٦٠٫٥` → `60.5`). Latin letters right after the digits make it a word (`5th`, `1990s`);
//!   Arabic letters do not (`2026م` → `2026` + `م`).
//! - Every other character is its own token: **punct** for Unicode punctuation (`، ؛ ؟ « » “ ” . ,
//!   … % -`), **symbol** for the rest (`$ + = €`, emoji). A run of combining marks with no letter
//!   before it is one symbol token.
//!
//! A token's key is never empty: where a word's characters all fold away (a lone tatweel or
//! harakat), the token is a symbol whose key is its surface.
//!
//! Offsets: [`tokenize`] cuts a whole document. [`tokenize_range`] cuts one range of it (a
//! sentence from [`crate::sentence`]) and still reports document offsets; it takes the document
//! text, the code-point span and the span's byte start (from [`crate::Document::byte_offset`]) so
//! that it never recounts the text before the span. [`tokenize_span`] does the same from a
//! [`crate::Document`], and [`tokenize_into`] appends to a caller's vector to reuse it.
//! [`for_each_token`] lends each token to a closure with a borrowed key ([`TokenRef`]) and
//! allocates nothing: use it where the key is only looked up (turning a sentence into lexicon
//! ids); an owned [`Token`] costs one allocation for its `String` key.

use serde::Serialize;

use crate::normalize::{fold, fold_arabic_block_lossy, is_format, push_key, Level};
use crate::span::{Document, Span};

/// One token of a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Token {
    /// Code points in the document.
    pub span: Span,
    /// Byte offset of the first byte in the document text.
    pub byte_start: usize,
    /// Byte offset just past the last byte in the document text.
    pub byte_end: usize,
    pub kind: TokenKind,
    /// Lossy matching key ([`crate::normalize::key`]), with abbreviation dots dropped.
    pub key: String,
}

/// What a token is; see the module documentation for the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
}

impl Token {
    /// The token's surface in `text`, the document text its byte offsets point into.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.byte_start..self.byte_end).unwrap_or("")
    }
}

/// A token lent to a visitor by [`for_each_token`]: the fields of [`Token`], with the key
/// borrowed from a buffer the scanner reuses, so visiting allocates nothing per token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenRef<'k> {
    pub span: Span,
    pub byte_start: usize,
    pub byte_end: usize,
    pub kind: TokenKind,
    pub key: &'k str,
}

impl TokenRef<'_> {
    /// An owned copy.
    pub fn to_token(&self) -> Token {
        Token {
            span: self.span,
            byte_start: self.byte_start,
            byte_end: self.byte_end,
            kind: self.kind,
            key: self.key.to_owned(),
        }
    }
}

/// Tokenizes a whole document.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    for_each_token(text, Span::new(0, usize::MAX), 0, |t| {
        out.push(t.to_token())
    });
    out
}

/// Tokenizes the code points `span` of the document `text`, whose first character starts at byte
/// `byte_start`, and reports document offsets. The span's end is clamped to the text; a
/// `byte_start` that is not a character boundary of `text` gives no tokens.
pub fn tokenize_range(text: &str, span: Span, byte_start: usize) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, span, byte_start, &mut out);
    out
}

/// Like [`tokenize_range`], taking the offsets from `doc`.
pub fn tokenize_span(doc: &Document, span: Span) -> Vec<Token> {
    tokenize_range(doc.text(), span, doc.byte_offset(span.start))
}

/// Like [`tokenize_range`] but appends to `out`, so one vector can serve every sentence.
pub fn tokenize_into(text: &str, span: Span, byte_start: usize, out: &mut Vec<Token>) {
    for_each_token(text, span, byte_start, |t| out.push(t.to_token()));
}

/// The tokens of [`tokenize_range`], lent one at a time to `f` without allocating: the fastest
/// way to turn a sentence into lexicon ids, since an owned [`Token`] costs one allocation for its
/// key.
pub fn for_each_token<F: FnMut(TokenRef<'_>)>(text: &str, span: Span, byte_start: usize, f: F) {
    let Some(rest) = text.get(byte_start..) else {
        return;
    };
    let len = span.end.saturating_sub(span.start);
    // `len` code points take at least `len` bytes, so a long enough span needs no walk.
    let end = if len >= rest.len() {
        text.len()
    } else {
        byte_start + rest.char_indices().nth(len).map_or(rest.len(), |(b, _)| b)
    };
    // The scanner sees the text before the range too, so that the possessive rule can look at
    // the letter before an apostrophe exactly as it does when tokenizing the whole document.
    Scanner {
        s: &text[..end],
        start: byte_start,
        char_base: span.start,
        key: String::with_capacity(64),
        f,
    }
    .run();
}

/// A single pass over one range of a document. `s` is the document text up to the range's end,
/// `start` the range's first byte and `char_base` its first code point. Byte offsets inside the
/// scanner are document offsets; char offsets count from the range's start.
struct Scanner<'s, F> {
    s: &'s str,
    start: usize,
    char_base: usize,
    /// The key of the current token, reused from token to token.
    key: String,
    f: F,
}

impl<F: FnMut(TokenRef<'_>)> Scanner<'_, F> {
    fn run(&mut self) {
        let s = self.s;
        let bytes = s.as_bytes();
        let (mut b, mut c) = (self.start, 0usize);
        while b < bytes.len() {
            let x = bytes[b];
            if x < 0x80 {
                match ASCII_CLASS[x as usize] {
                    A_SKIP => {
                        b += 1;
                        c += 1;
                    }
                    A_LETTER => (b, c) = self.word(b, c),
                    A_DIGIT => (b, c) = self.number(b, c),
                    A_PUNCT => {
                        if (x == b'\'') && self.possessive(b) {
                            (b, c) = self.emit_possessive(b, c);
                        } else {
                            self.single(b, c, 1, TokenKind::Punct);
                            b += 1;
                            c += 1;
                        }
                    }
                    _ => {
                        self.single(b, c, 1, TokenKind::Symbol);
                        b += 1;
                        c += 1;
                    }
                }
                continue;
            }
            let ch = char_at(s, b);
            let w = ch.len_utf8();
            if is_letter(ch) {
                (b, c) = self.word(b, c);
            } else if digit_value(ch).is_some() {
                (b, c) = self.number(b, c);
            } else if ch.is_whitespace() || is_format(ch as u32) || ch.is_control() {
                b += w;
                c += 1;
            } else if is_mark(ch) {
                (b, c) = self.orphan_marks(b, c);
            } else if ch == '\u{2019}' && self.possessive(b) {
                (b, c) = self.emit_possessive(b, c);
            } else {
                let kind = if is_punct(ch) {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                self.single(b, c, w, kind);
                b += w;
                c += 1;
            }
        }
    }

    /// Scans a word starting at a letter; returns the byte and char offsets after it.
    fn word(&mut self, b0: usize, c0: usize) -> (usize, usize) {
        let s = self.s;
        let bytes = s.as_bytes();
        let (mut b, mut c) = (b0, c0);
        let mut prev = '\0';
        // Letters in the current dot-separated segment, whether they are all ASCII, and whether
        // the word has taken an abbreviation dot, for the `U.S.` rule.
        let mut seg_letters = 0usize;
        let mut seg_latin = true;
        let mut abbrev = false;
        // The key is folded during the scan (one pass); abbreviation dots never enter it.
        self.key.clear();
        while b < bytes.len() {
            let x = bytes[b];
            if x.is_ascii_alphanumeric() {
                self.key.push(x.to_ascii_lowercase() as char);
                if x.is_ascii_alphabetic() {
                    seg_letters += 1;
                }
                prev = x as char;
                b += 1;
                c += 1;
                continue;
            }
            // Fast path for the letters and harakat of the Arabic block (two-byte UTF-8 with lead
            // byte D8–DB): decode, fold by table, no Unicode property lookup.
            if (0xD8..=0xDB).contains(&x) && b + 1 < bytes.len() {
                let u = (u32::from(x & 0x1F) << 6) | u32::from(bytes[b + 1] & 0x3F);
                if matches!(u, 0x0620..=0x065F | 0x066E..=0x06D3) {
                    let f = fold_arabic_block_lossy(u);
                    if f != '\0' {
                        self.key.push(f);
                    }
                    seg_letters += 1;
                    seg_latin = false;
                    prev = char::from_u32(u).unwrap_or('\u{FFFD}');
                    b += 2;
                    c += 1;
                    continue;
                }
            }
            let ch = if x < 0x80 { x as char } else { char_at(s, b) };
            let w = ch.len_utf8();
            if x >= 0x80 && (is_letter(ch) || is_mark(ch) || digit_value(ch).is_some()) {
                if is_letter(ch) {
                    seg_letters += 1;
                    seg_latin = false;
                }
                if let Some(f) = fold(ch, Level::Lossy) {
                    self.key.push(f);
                }
            } else {
                let next = s.get(b + w..).and_then(|r| r.chars().next());
                let take = match ch {
                    '\u{200C}' | '\u{200D}' => next.is_some_and(is_letter),
                    '-' | '\u{2010}' => {
                        prev.is_alphanumeric() && next.is_some_and(|n| n.is_alphanumeric())
                    }
                    '\'' | '\u{2019}' => {
                        is_latin_letter(prev)
                            && next.is_some_and(is_latin_letter)
                            && !self.possessive(b)
                    }
                    '.' => {
                        seg_letters == 1
                            && seg_latin
                            && prev.is_ascii_alphabetic()
                            && (abbrev || self.abbrev_follows(b + 1))
                    }
                    _ => false,
                };
                if !take {
                    break;
                }
                if ch == '.' {
                    abbrev = true;
                    seg_letters = 0;
                    seg_latin = true;
                } else if let Some(f) = fold(ch, Level::Lossy) {
                    self.key.push(f);
                }
            }
            prev = ch;
            b += w;
            c += 1;
        }
        let kind = if self.key.is_empty() {
            self.key.push_str(&s[b0..b]);
            TokenKind::Symbol
        } else {
            TokenKind::Word
        };
        self.emit(b0, b, c0, c, kind);
        (b, c)
    }

    /// After an abbreviation's first `X.`: true when a single Latin letter follows, itself followed
    /// by a dot or by a non-letter (`U.S.`, `U.S`), so that `A. Smith` keeps its dot apart.
    fn abbrev_follows(&self, b: usize) -> bool {
        let mut it = self.s[b..].chars();
        match it.next() {
            Some(l) if l.is_ascii_alphabetic() => match it.next() {
                None => true,
                Some(n) => n == '.' || !(is_letter(n) || is_mark(n) || n.is_numeric()),
            },
            _ => false,
        }
    }

    /// True when the apostrophe at `b` starts an English possessive `'s` after a Latin letter.
    fn possessive(&self, b: usize) -> bool {
        let s = self.s;
        let before = s[..b].chars().next_back();
        if !before.is_some_and(is_latin_letter) {
            return false;
        }
        let mut it = s[b..].chars();
        it.next();
        matches!(it.next(), Some('s' | 'S'))
            && !it
                .next()
                .is_some_and(|n| is_letter(n) || is_mark(n) || n.is_numeric())
    }

    fn emit_possessive(&mut self, b: usize, c: usize) -> (usize, usize) {
        let w = char_at(self.s, b).len_utf8() + 1;
        self.key.clear();
        self.key.push_str("'s");
        self.emit(b, b + w, c, c + 2, TokenKind::Word);
        (b + w, c + 2)
    }

    /// Scans a number; turns into a word when Latin letters follow the digits.
    fn number(&mut self, b0: usize, c0: usize) -> (usize, usize) {
        let s = self.s;
        let (mut b, mut c) = (b0, c0);
        while b < s.len() {
            let ch = char_at(s, b);
            let w = ch.len_utf8();
            if digit_value(ch).is_some() {
            } else if matches!(ch, ',' | '.' | '\u{066B}' | '\u{066C}') {
                let next = s.get(b + w..).and_then(|r| r.chars().next());
                if next.is_none_or(|n| digit_value(n).is_none()) {
                    break;
                }
            } else if ch.is_ascii_alphabetic() {
                return self.number_with_suffix(b0, c0, b, c);
            } else {
                break;
            }
            b += w;
            c += 1;
        }
        self.key.clear();
        push_key(&s[b0..b], Level::Lossy, &mut self.key);
        self.emit(b0, b, c0, c, TokenKind::Number);
        (b, c)
    }

    /// A number followed by Latin letters (`5th`, `1990s`, `3.30pm`): one word up to the end of
    /// the letters and digits.
    fn number_with_suffix(&mut self, b0: usize, c0: usize, b1: usize, c1: usize) -> (usize, usize) {
        let s = self.s;
        let (mut b, mut c) = (b1, c1);
        while b < s.len() {
            let ch = char_at(s, b);
            if !(is_letter(ch) || is_mark(ch) || digit_value(ch).is_some()) {
                break;
            }
            b += ch.len_utf8();
            c += 1;
        }
        self.key.clear();
        push_key(&s[b0..b], Level::Lossy, &mut self.key);
        self.emit(b0, b, c0, c, TokenKind::Word);
        (b, c)
    }

    /// A run of combining marks with no letter before them: one symbol token.
    fn orphan_marks(&mut self, b0: usize, c0: usize) -> (usize, usize) {
        let s = self.s;
        let (mut b, mut c) = (b0, c0);
        while b < s.len() {
            let ch = char_at(s, b);
            if !is_mark(ch) {
                break;
            }
            b += ch.len_utf8();
            c += 1;
        }
        self.key.clear();
        self.key.push_str(&s[b0..b]);
        self.emit(b0, b, c0, c, TokenKind::Symbol);
        (b, c)
    }

    fn single(&mut self, b: usize, c: usize, w: usize, kind: TokenKind) {
        let surface = &self.s[b..b + w];
        self.key.clear();
        push_key(surface, Level::Lossy, &mut self.key);
        if self.key.is_empty() {
            self.key.push_str(surface);
        }
        self.emit(b, b + w, c, c + 1, kind);
    }

    fn emit(&mut self, b0: usize, b1: usize, c0: usize, c1: usize, kind: TokenKind) {
        (self.f)(TokenRef {
            span: Span::new(self.char_base + c0, self.char_base + c1),
            byte_start: b0,
            byte_end: b1,
            kind,
            key: &self.key,
        });
    }
}

const A_SKIP: u8 = 0;
const A_LETTER: u8 = 1;
const A_DIGIT: u8 = 2;
const A_PUNCT: u8 = 3;
const A_SYMBOL: u8 = 4;

/// Class of every ASCII byte: whitespace and controls are skipped.
static ASCII_CLASS: [u8; 128] = {
    let mut t = [A_SKIP; 128];
    let mut i = 0x21;
    while i < 0x7F {
        t[i] = match i as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => A_LETTER,
            b'0'..=b'9' => A_DIGIT,
            b'!' | b'"' | b'#' | b'%' | b'&' | b'\'' | b'(' | b')' | b'*' | b',' | b'-' | b'.'
            | b'/' | b':' | b';' | b'?' | b'@' | b'[' | b'\\' | b']' | b'_' | b'{' | b'}' => {
                A_PUNCT
            }
            _ => A_SYMBOL,
        };
        i += 1;
    }
    t
};

#[inline]
fn char_at(s: &str, b: usize) -> char {
    // `b` is always a boundary inside `s`; the fallback keeps a logic slip from panicking.
    s[b..].chars().next().unwrap_or('\u{FFFD}')
}

/// A letter: Unicode Alphabetic (which includes Arabic harakat and tatweel), fast paths first.
#[inline]
fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0x0620..=0x065F | 0x066E..=0x06D3 | 0x06D5 => true,
        // ASCII, Arabic punctuation and digits, Latin-1 punctuation, general punctuation: the
        // non-letters met most often between words, kept off the slow Unicode table.
        0..=0x7F
        | 0xA0..=0xA9
        | 0xAB..=0xB4
        | 0xB6..=0xB9
        | 0xBB..=0xBF
        | 0x0600..=0x061F
        | 0x0660..=0x066D
        | 0x2000..=0x206F => false,
        _ => c.is_alphabetic(),
    }
}

#[inline]
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (matches!(c as u32, 0xC0..=0x24F) && c.is_alphabetic())
}

/// Value of an ASCII, Arabic-Indic or Persian digit.
#[inline]
pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c as u32 {
        u @ 0x30..=0x39 => Some(u - 0x30),
        u @ 0x0660..=0x0669 => Some(u - 0x0660),
        u @ 0x06F0..=0x06F9 => Some(u - 0x06F0),
        _ => None,
    }
}

/// Combining marks that are not Alphabetic (Latin accents, Quranic marks, variation selectors).
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
        | 0x08D3..=0x08E1
        | 0x08E3..=0x08FF
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F)
}

/// Unicode punctuation (categories P*) as far as it occurs in news text; everything else that is
/// not a letter, digit, mark or space is a symbol.
#[inline]
fn is_punct(c: char) -> bool {
    matches!(c as u32,
        0x21..=0x23 | 0x25..=0x2A | 0x2C..=0x2F | 0x3A | 0x3B | 0x3F | 0x40 | 0x5B..=0x5D | 0x5F
        | 0x7B | 0x7D
        | 0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF
        | 0x055A..=0x055F | 0x0589 | 0x058A | 0x05BE | 0x05C0 | 0x05C3 | 0x05C6 | 0x05F3 | 0x05F4
        | 0x0609 | 0x060A | 0x060C | 0x060D | 0x061B | 0x061D..=0x061F | 0x066A..=0x066D | 0x06D4
        | 0x0964 | 0x0965 | 0x0970
        | 0x2010..=0x2027 | 0x2030..=0x2043 | 0x2045..=0x2051 | 0x2053..=0x205E
        | 0x207D | 0x207E | 0x208D | 0x208E
        | 0x2E00..=0x2E4F
        | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F
        | 0xFD3E | 0xFD3F | 0xFE10..=0xFE19 | 0xFE30..=0xFE4F | 0xFE50..=0xFE52 | 0xFE54..=0xFE61
        | 0xFE63 | 0xFE68 | 0xFE6A | 0xFE6B
        | 0xFF01..=0xFF03 | 0xFF05..=0xFF0A | 0xFF0C..=0xFF0F | 0xFF1A | 0xFF1B | 0xFF1F | 0xFF20
        | 0xFF3B..=0xFF3D | 0xFF3F | 0xFF5B | 0xFF5D | 0xFF5F..=0xFF65)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokenizes `text` and compares `surface/kind/key` triples written as `surface|k|key`, where
    /// `k` is w, n, p or s.
    fn check(text: &str, expected: &[&str]) {
        let doc = Document::new(text);
        let got: Vec<String> = tokenize(text)
            .iter()
            .map(|t| {
                assert_eq!(
                    doc.slice(t.span),
                    t.surface(text),
                    "span and bytes disagree"
                );
                let k = match t.kind {
                    TokenKind::Word => 'w',
                    TokenKind::Number => 'n',
                    TokenKind::Punct => 'p',
                    TokenKind::Symbol => 's',
                };
                format!("{}|{k}|{}", doc.slice(t.span), t.key)
            })
            .collect();
        assert_eq!(got, expected, "tokens of {text:?}");
    }

    #[test]
    fn arabic_sentence() {
        check(
            "وأصرّت إيران، يوم الأحد، على «حقها» في التخصيب.",
            &[
                "وأصرّت|w|واصرت",
                "إيران|w|ايران",
                "،|p|,",
                "يوم|w|يوم",
                "الأحد|w|الاحد",
                "،|p|,",
                "على|w|علي",
                "«|p|«",
                "حقها|w|حقها",
                "»|p|»",
                "في|w|في",
                "التخصيب|w|التخصيب",
                ".|p|.",
            ],
        );
    }

    #[test]
    fn arabic_numbers_and_tatweel() {
        check(
            "ارتفع بنسبة ٦٠٫٥٪ في ٢٠٢٦م، والمـــفاوضات 1,000 مرة",
            &[
                "ارتفع|w|ارتفع",
                "بنسبة|w|بنسبه",
                "٦٠٫٥|n|60.5",
                "٪|p|%",
                "في|w|في",
                "٢٠٢٦|n|2026",
                "م|w|م",
                "،|p|,",
                "والمـــفاوضات|w|والمفاوضات",
                "1,000|n|1,000",
                "مرة|w|مره",
            ],
        );
    }

    #[test]
    fn persian_zwnj_stays_inside_the_word() {
        check(
            "ایران می\u{200C}خواهد \u{200C}مذاکره کند؟",
            &[
                "ایران|w|ايران",
                "می\u{200C}خواهد|w|ميخواهد",
                "مذاکره|w|مذاكره",
                "کند|w|كند",
                "؟|p|?",
            ],
        );
    }

    #[test]
    fn english_abbreviations_possessives_hyphens() {
        check(
            "The U.S. and Iran's F-35 talks, O'Brien said (e.g. in Muscat) at 3.30 p.m. or 3.30pm",
            &[
                "The|w|the",
                "U.S.|w|us",
                "and|w|and",
                "Iran|w|iran",
                "'s|w|'s",
                "F-35|w|f-35",
                "talks|w|talks",
                ",|p|,",
                "O'Brien|w|o'brien",
                "said|w|said",
                "(|p|(",
                "e.g.|w|eg",
                "in|w|in",
                "Muscat|w|muscat",
                ")|p|)",
                "at|w|at",
                "3.30|n|3.30",
                "p.m.|w|pm",
                "or|w|or",
                "3.30pm|w|3.30pm",
            ],
        );
        check(
            "Dr. A. Smith met the U.N’s envoy in the 1990s, Iran’s “red lines” — $5 bn.",
            &[
                "Dr|w|dr",
                ".|p|.",
                "A|w|a",
                ".|p|.",
                "Smith|w|smith",
                "met|w|met",
                "the|w|the",
                "U.N|w|un",
                "’s|w|'s",
                "envoy|w|envoy",
                "in|w|in",
                "the|w|the",
                "1990s|w|1990s",
                ",|p|,",
                "Iran|w|iran",
                "’s|w|'s",
                "“|p|“",
                "red|w|red",
                "lines|w|lines",
                "”|p|”",
                "—|p|—",
                "$|s|$",
                "5|n|5",
                "bn|w|bn",
                ".|p|.",
            ],
        );
    }

    #[test]
    fn marks_and_invisible_characters() {
        check(
            "\u{200F}\u{064E}\u{064B} ـ x\u{0301}",
            &[
                "\u{064E}\u{064B}|s|\u{064E}\u{064B}",
                "ـ|s|ـ",
                "x\u{0301}|w|x\u{0301}",
            ],
        );
        check(
            "\u{0301}\u{0302}a",
            &["\u{0301}\u{0302}|s|\u{0301}\u{0302}", "a|w|a"],
        );
        check("\u{FEFF}\u{202B}\u{202C}", &[]);
    }

    #[test]
    fn range_keeps_document_offsets() {
        let text = "قال عراقجي. Iran's envoy met Omani officials.";
        let doc = Document::new(text);
        let span = Span::new(12, 45);
        let toks = tokenize_span(&doc, span);
        assert_eq!(toks[0].span, Span::new(12, 16));
        assert_eq!(toks[0].key, "iran");
        assert_eq!(toks[toks.len() - 2].key, "officials");
        let whole: Vec<_> = tokenize(text)
            .into_iter()
            .filter(|t| span.contains(t.span))
            .collect();
        assert_eq!(toks, whole);
        assert!(
            tokenize_range(text, span, 1).is_empty(),
            "not a char boundary"
        );
        assert!(tokenize_range(text, Span::new(40, 400), doc.byte_offset(40)).len() == 2);
    }
}
