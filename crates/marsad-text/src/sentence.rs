//! Sentence splitting for Arabic and English news text, in one pass over the characters.
//!
//! [`split`] returns code-point [`Span`]s of sentences, trimmed of surrounding whitespace, in order,
//! never overlapping, and together covering every non-whitespace character of the text.
//! [`clauses`] cuts one sentence further at semicolons (`؛` and `;`).
//!
//! Decisions, with their reasons:
//! - Every line break ends a sentence, blank line or not.
//!   Headlines, datelines and bullet items carry no final punctuation, and the text Marsad reads
//!   (JSONL fields, extracted HTML paragraphs) puts one paragraph on a line, so joining lines would
//!   glue a headline onto the first sentence. Hard-wrapped plain text should be unwrapped by ingest.
//! - `.` `!` `?` `؟` `…` (and `۔`) end a sentence when followed by whitespace or the end of text,
//!   after any closing quotes and brackets (`» ” " ’ ) ]`), which stay with the sentence.
//!   They also end it when directly followed by an Arabic letter (`الأمر.وقال`), a common typo.
//! - `،` and `؛` never end a sentence; `,` `،` `;` `؛` are preferred cut points for over-long ones.
//! - A following word in lower case means the stop was not the end (`the U.S. envoy`, `3 p.m. on`).
//! - A `.` after a title (`Dr.`, `Gen.`, `St.`) never ends a sentence; after `No.` or a month
//!   abbreviation (`Jan.`) it does not when a number follows; after an initial, a dotted acronym or
//!   a closing abbreviation (`J.`, `U.S.`, `Inc.`) it ends the sentence only when the next word is a
//!   common sentence opener (`The`, `He`, `But` …). A `.` between digits (`3.67`) or letters
//!   (`e.g`, `example.com`) is never a stop.
//! - Full stops inside quotations end sentences like any other: tracking quote depth across a
//!   paragraph lets one unmatched `«` swallow the whole paragraph.
//! - No sentence is longer than [`MAX_SENTENCE_CHARS`] code points: an over-long run is cut at the
//!   last `،` `,` `؛` `;` in its second half, else at the last space, else between two characters.

use crate::Span;

/// The hard maximum length of a sentence, in code points.
pub const MAX_SENTENCE_CHARS: usize = 2000;

/// Splits `text` into sentences (code-point spans, trimmed, in order, covering all non-space text).
///
/// ```
/// use marsad_text::{sentence::split, Document};
/// let doc = Document::new("Talks resumed in Muscat. قال الوزير إن الجولة انتهت؟ نعم");
/// let s: Vec<&str> = split(doc.text()).into_iter().map(|s| doc.slice(s)).collect();
/// assert_eq!(s, ["Talks resumed in Muscat.", "قال الوزير إن الجولة انتهت؟", "نعم"]);
/// ```
pub fn split(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 128 + 1);
    // Code point of the first character of the open sentence, if one is open.
    let mut start: Option<usize> = None;
    // Code point just after the last non-space character of the open sentence.
    let mut end = 0usize;
    // Code point at which an already decided boundary closes the open sentence.
    let mut close_at = usize::MAX;
    // Cut points for over-long sentences: (end of the first part, start of the rest once seen).
    let mut soft_punct: Option<Cut> = None;
    let mut soft_space: Option<Cut> = None;

    for (cp, (b, c)) in text.char_indices().enumerate() {
        if cp == close_at {
            if let Some(s) = start.take() {
                out.push(Span::new(s, end));
            }
            close_at = usize::MAX;
            soft_punct = None;
            soft_space = None;
        }
        if c.is_whitespace() {
            if is_line_break(c) {
                if let Some(s) = start.take() {
                    out.push(Span::new(s, end));
                }
                close_at = usize::MAX;
                soft_punct = None;
                soft_space = None;
            } else if start.is_some() {
                soft_space = Some(Cut { end, resume: None });
            }
            continue;
        }

        let s = *start.get_or_insert(cp);
        end = cp + 1;
        for cut in [&mut soft_punct, &mut soft_space].into_iter().flatten() {
            cut.resume.get_or_insert(cp);
        }

        if end - s > MAX_SENTENCE_CHARS {
            let (first_end, rest) = match (soft_punct, soft_space) {
                (
                    Some(Cut {
                        end: e,
                        resume: Some(r),
                    }),
                    _,
                ) if e - s >= MAX_SENTENCE_CHARS / 2 => (e, r),
                (
                    _,
                    Some(Cut {
                        end: e,
                        resume: Some(r),
                    }),
                ) => (e, r),
                _ => (cp, cp),
            };
            out.push(Span::new(s, first_end));
            start = Some(rest);
            soft_punct = None;
            soft_space = soft_space.filter(|cut| cut.end > rest);
        }

        if is_terminator(c) {
            if close_at == usize::MAX {
                if let Some(trail) = boundary_after(text, b, c) {
                    close_at = cp + 1 + trail;
                }
            }
        } else if matches!(c, '،' | ',' | '؛' | ';') {
            soft_punct = Some(Cut {
                end: cp + 1,
                resume: None,
            });
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
    out
}

/// Cuts one sentence of `text` at semicolons (`؛`, `;`) into trimmed clause spans.
///
/// `text` is the whole document the span points into; the cost is linear in `sentence.end`.
/// A sentence without semicolons comes back whole.
pub fn clauses(text: &str, sentence: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0usize;
    for (cp, c) in text
        .chars()
        .enumerate()
        .skip(sentence.start)
        .take(sentence.len())
    {
        if c.is_whitespace() {
            continue;
        }
        start.get_or_insert(cp);
        end = cp + 1;
        if matches!(c, '؛' | ';') {
            if let Some(s) = start.take() {
                out.push(Span::new(s, end));
            }
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
    out
}

/// A place where an over-long sentence may be cut.
#[derive(Clone, Copy)]
struct Cut {
    end: usize,
    resume: Option<usize>,
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '؟' | '…' | '۔' | '‼' | '⁇' | '⁈' | '⁉' | '。'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '»' | '”' | '’' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Decides whether the terminator `c` at byte `b` ends a sentence; if so, returns how many
/// following characters (more terminators, closing quotes and brackets) still belong to it.
fn boundary_after(text: &str, b: usize, c: char) -> Option<usize> {
    let rest = &text[b + c.len_utf8()..];
    let mut chars = rest.char_indices();
    let mut trail = 0usize;
    let mut next = chars.next();
    if c == '.' {
        // `3.67`, `U.S`, `e.g`, `example.com`: a dot glued to what follows is not a stop,
        // except before an Arabic letter after an Arabic word (`الأمر.وقال`).
        match next {
            Some((_, n)) if n.is_alphanumeric() && !is_arabic_letter(n) => return None,
            Some((_, n)) if is_arabic_letter(n) => {
                let prev = text[..b].chars().next_back();
                return prev.filter(|p| is_arabic_letter(*p)).map(|_| 0);
            }
            _ => {}
        }
    }
    while let Some((_, n)) = next {
        if is_terminator(n) || is_closer(n) {
            trail += 1;
            next = chars.next();
        } else {
            break;
        }
    }
    let Some((_, n)) = next else {
        return Some(trail);
    };
    if is_arabic_letter(n) {
        return Some(trail);
    }
    if !n.is_whitespace() {
        return None;
    }
    // Look at the first character of the next word, unless a line break comes first.
    let mut following = None;
    for (i, n) in chars {
        if is_line_break(n) {
            return Some(trail);
        }
        if !n.is_whitespace() {
            following = Some((i, n));
            break;
        }
    }
    let Some((at, f)) = following else {
        return Some(trail);
    };
    if f.is_lowercase() {
        return None;
    }
    if c != '.' {
        return Some(trail);
    }
    let next_word = leading_word(&rest[at..]);
    match abbreviation_before(text, b) {
        Abbrev::None => Some(trail),
        Abbrev::Title => None,
        Abbrev::BeforeNumber if f.is_ascii_digit() => None,
        Abbrev::BeforeNumber => Some(trail),
        Abbrev::Weak if is_sentence_opener(next_word) => Some(trail),
        Abbrev::Weak => None,
    }
}

/// What the word before a `.` says about that dot.
enum Abbrev {
    /// Not an abbreviation: the dot is a full stop.
    None,
    /// `Dr.`, `Gen.`, `e.g.`: always followed by more of the sentence.
    Title,
    /// `No.`, `Jan.`: not a stop before a number.
    BeforeNumber,
    /// `J.`, `U.S.`, `Inc.`: a stop only before a sentence opener.
    Weak,
}

fn abbreviation_before(text: &str, dot: usize) -> Abbrev {
    let head = &text[..dot];
    let mut word_start = dot;
    for (i, ch) in head.char_indices().rev().take(16) {
        if ch.is_alphanumeric() || ch == '.' {
            word_start = i;
        } else {
            break;
        }
    }
    let word = &head[word_start..];
    if word.is_empty() || word.bytes().all(|x| x == b'.') {
        return Abbrev::None;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() {
        // A single letter: an initial (`J. Smith`); in Arabic an abbreviation such as `د.`.
        return match first {
            f if is_arabic_letter(f) => Abbrev::Title,
            f if f.is_alphabetic() => Abbrev::Weak,
            _ => Abbrev::None,
        };
    }
    const TITLES: &[&str] = &[
        "Adm", "Amb", "Brig", "Capt", "Cmdr", "Col", "Dr", "Ft", "Gen", "Gov", "Hon", "Lt", "Maj",
        "Mr", "Mrs", "Ms", "Mt", "Pres", "Prof", "Rep", "Rev", "Sen", "Sgt", "St", "cf", "e.g",
        "i.e", "viz",
    ];
    const BEFORE_NUMBER: &[&str] = &[
        "Apr", "Art", "Aug", "Dec", "Feb", "Fig", "Jan", "Jul", "Jun", "Mar", "No", "Nos", "Nov",
        "Oct", "Sep", "Sept", "Vol", "no", "p", "pp",
    ];
    const WEAK: &[&str] = &[
        "Co", "Corp", "Inc", "Jr", "Ltd", "Sr", "approx", "etc", "vs", "a.m", "p.m",
    ];
    if TITLES.contains(&word) {
        Abbrev::Title
    } else if BEFORE_NUMBER.contains(&word) {
        Abbrev::BeforeNumber
    } else if WEAK.contains(&word) || word.contains('.') {
        Abbrev::Weak
    } else {
        Abbrev::None
    }
}

fn leading_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn is_sentence_opener(word: &str) -> bool {
    const OPENERS: &[&str] = &[
        "A",
        "After",
        "Also",
        "An",
        "And",
        "As",
        "At",
        "But",
        "During",
        "Earlier",
        "For",
        "He",
        "Her",
        "His",
        "However",
        "I",
        "If",
        "In",
        "It",
        "Its",
        "Later",
        "Meanwhile",
        "No",
        "On",
        "Our",
        "She",
        "So",
        "That",
        "The",
        "Their",
        "There",
        "These",
        "They",
        "This",
        "Those",
        "We",
        "When",
        "While",
        "Yet",
    ];
    OPENERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    /// Splits `input` and compares the sentence surfaces with `expected`.
    #[track_caller]
    fn check(input: &str, expected: &[&str]) {
        let doc = Document::new(input);
        let got: Vec<&str> = split(input).into_iter().map(|s| doc.slice(s)).collect();
        assert_eq!(got, expected, "sentence::split on {input:?}");
    }

    #[test]
    fn arabic_punctuation() {
        check(
            "وصل الوفد الإيراني إلى مسقط، وبدأت المحادثات؛ ثم انتهت الجولة. هل تستمر؟ لا أحد يعرف!",
            &[
                "وصل الوفد الإيراني إلى مسقط، وبدأت المحادثات؛ ثم انتهت الجولة.",
                "هل تستمر؟",
                "لا أحد يعرف!",
            ],
        );
        check(
            "انتهى الاجتماع.وقال الوزير إنه راضٍ",
            &["انتهى الاجتماع.", "وقال الوزير إنه راضٍ"],
        );
        check(
            "قال د. أحمد إن الجولة نجحت.",
            &["قال د. أحمد إن الجولة نجحت."],
        );
    }

    #[test]
    fn english_abbreviations() {
        check(
            "The U.S. envoy met Dr. Smith on Jan. 6 in Muscat. The talks ended.",
            &[
                "The U.S. envoy met Dr. Smith on Jan. 6 in Muscat.",
                "The talks ended.",
            ],
        );
        check(
            "Talks with the U.S. The envoy left.",
            &["Talks with the U.S.", "The envoy left."],
        );
        check(
            "Gen. Bagheri and Adm. Cooper spoke. Lt. Col. Jones did not.",
            &[
                "Gen. Bagheri and Adm. Cooper spoke.",
                "Lt. Col. Jones did not.",
            ],
        );
        check(
            "Resolution No. 2231 expired. J. Smith wrote, e.g. about sanctions, i.e. Treasury rules.",
            &[
                "Resolution No. 2231 expired.",
                "J. Smith wrote, e.g. about sanctions, i.e. Treasury rules.",
            ],
        );
        check(
            "He arrived at 3 p.m. on Friday.",
            &["He arrived at 3 p.m. on Friday."],
        );
        check(
            "The rial fell 3.67 percent. Prices rose.",
            &["The rial fell 3.67 percent.", "Prices rose."],
        );
        check(
            "Visit example.com now. Yes.",
            &["Visit example.com now.", "Yes."],
        );
        check(
            "It ended... then began again.",
            &["It ended... then began again."],
        );
    }

    #[test]
    fn quotes_belong_to_their_sentence() {
        check(
            "قال عراقجي: «لن نتنازل.» وغادر القاعة.",
            &["قال عراقجي: «لن نتنازل.»", "وغادر القاعة."],
        );
        check(
            "He said “we are ready.” Then he left. \"Why?\" she asked.",
            &[
                "He said “we are ready.”",
                "Then he left.",
                "\"Why?\" she asked.",
            ],
        );
        check(
            "(It was late.) Nobody came.",
            &["(It was late.)", "Nobody came."],
        );
    }

    #[test]
    fn line_breaks_always_end_a_sentence() {
        check(
            "  Iran and US resume talks\n\nMUSCAT — Negotiators met on Friday.\r\nNo deal yet  ",
            &[
                "Iran and US resume talks",
                "MUSCAT — Negotiators met on Friday.",
                "No deal yet",
            ],
        );
        check("", &[]);
        check(" \n\t \n", &[]);
    }

    #[test]
    fn long_sentences_are_cut() {
        let clause = "وقال المتحدث إن الجولة المقبلة ستعقد قريبا، ";
        let long = clause.repeat(200);
        let doc = Document::new(long.as_str());
        let spans = split(&long);
        assert!(spans.len() > 1);
        for s in &spans {
            assert!(s.len() <= MAX_SENTENCE_CHARS);
            assert!(
                doc.slice(*s).ends_with('،'),
                "cut at a comma: {:?}",
                doc.slice(*s)
            );
        }
        let words = "word ".repeat(1000);
        for s in split(&words) {
            assert!(s.len() <= MAX_SENTENCE_CHARS);
            assert!(Document::new(words.as_str()).slice(s).ends_with("word"));
        }
        let blob = "x".repeat(5000);
        let lens: Vec<usize> = split(&blob).iter().map(Span::len).collect();
        assert_eq!(lens, [2000, 2000, 1000]);
    }

    #[test]
    fn clauses_cut_at_semicolons() {
        let text = "بدأت المحادثات؛ ثم توقفت; and resumed";
        let doc = Document::new(text);
        let sentence = split(text)[0];
        let got: Vec<&str> = clauses(text, sentence)
            .into_iter()
            .map(|s| doc.slice(s))
            .collect();
        assert_eq!(got, ["بدأت المحادثات؛", "ثم توقفت;", "and resumed"]);
    }
}
