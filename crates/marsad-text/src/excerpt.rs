//! Bounded excerpts of long sentences for display: the clause around a focus (an event's trigger),
//! cut at clause boundaries, with an ellipsis where the sentence was cut.
//!
//! Arabic news chains clauses with commas, and an evidence "sentence" can run past 1,000
//! characters (issue 13, item 12). Lists of events show [`excerpt`] of it; the event's own page
//! still shows the whole sentence. The excerpt is built from the focus outwards: the clause that
//! holds it (between `،` `,` `؛` `;` `:` followed by a space), then neighbouring clauses while they
//! fit, and, when the clause alone is too long, a window around the focus cut at spaces.
//! [`Excerpt::map`] moves highlight offsets from the sentence into the excerpt.

use crate::Span;

/// How many code points of evidence the lists show.
pub const EXCERPT_CHARS: usize = 300;

/// An excerpt of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// What to show: the excerpt, with `…` before and after it where the sentence goes on.
    pub text: String,
    /// The code points of the sentence the excerpt shows.
    pub shown: Span,
    /// Code points `text` has before the shown part (1 for a leading `…`, else 0).
    lead: usize,
}

impl Excerpt {
    /// Where `span` (code points into the sentence) lies in [`Excerpt::text`]: clipped to the
    /// shown part, `None` when it lies outside.
    pub fn map(&self, span: Span) -> Option<Span> {
        let start = span.start.max(self.shown.start);
        let end = span.end.min(self.shown.end);
        (start < end).then(|| {
            Span::new(
                start - self.shown.start + self.lead,
                end - self.shown.start + self.lead,
            )
        })
    }
}

/// The part of `sentence` around `focus` (code points into it), at most `max_chars` code points
/// plus ellipses; the whole sentence when it fits.
///
/// ```
/// use marsad_text::{excerpt::excerpt, Span};
/// let s = "وقال الوزير إن المحادثات بناءة، وأضاف أن الجولة المقبلة ستعقد في مسقط، كما التقى الوفد بالسفير.";
/// let at = s[..s.find("ستعقد").unwrap()].chars().count();
/// let e = excerpt(s, Span::new(at, at + 5), 60);
/// assert_eq!(e.text, "…وأضاف أن الجولة المقبلة ستعقد في مسقط،…");
/// ```
pub fn excerpt(sentence: &str, focus: Span, max_chars: usize) -> Excerpt {
    let chars: Vec<char> = sentence.chars().collect();
    let n = chars.len();
    let max_chars = max_chars.max(1);
    if n <= max_chars {
        return Excerpt {
            text: sentence.to_string(),
            shown: Span::new(0, n),
            lead: 0,
        };
    }
    let f_start = focus.start.min(n);
    let f_end = focus.end.clamp(f_start, n);
    // Clause boundaries: just after a clause mark followed by a space, plus both ends.
    let mut bounds = vec![0];
    bounds.extend((1..n).filter(|&k| is_clause_mark(chars[k - 1]) && chars[k].is_whitespace()));
    bounds.push(n);
    let mut li = bounds.iter().rposition(|&b| b <= f_start).unwrap_or(0);
    let mut ri = bounds
        .iter()
        .position(|&b| b >= f_end)
        .unwrap_or(bounds.len() - 1);
    let (mut start, mut end) = (bounds[li], bounds[ri]);
    if end - start > max_chars {
        // The clause alone is too long: a window around the focus, cut at spaces.
        let room = max_chars.saturating_sub(f_end - f_start) / 2;
        start = f_start.saturating_sub(room).max(start);
        end = (start + max_chars).min(end);
        start = end.saturating_sub(max_chars).max(bounds[li]);
        if start > bounds[li] {
            if let Some(k) = (start..f_start).find(|&k| chars[k].is_whitespace()) {
                start = k;
            }
        }
        if end < bounds[ri] {
            if let Some(k) = (f_end..end).rev().find(|&k| chars[k].is_whitespace()) {
                end = k;
            }
        }
    } else {
        // Whole clauses around it while they fit, the following one first.
        loop {
            let grew_right = ri + 1 < bounds.len() && bounds[ri + 1] - start <= max_chars;
            if grew_right {
                ri += 1;
                end = bounds[ri];
            }
            let grew_left = li > 0 && end - bounds[li - 1] <= max_chars;
            if grew_left {
                li -= 1;
                start = bounds[li];
            }
            if !grew_right && !grew_left {
                break;
            }
        }
    }
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    let lead = usize::from(start > 0);
    let mut text = String::with_capacity((end - start) * 2 + 8);
    if lead == 1 {
        text.push('…');
    }
    text.extend(&chars[start..end]);
    if end < n {
        text.push('…');
    }
    Excerpt {
        text,
        shown: Span::new(start, end),
        lead,
    }
}

/// [`excerpt`] of `sentence` around the first occurrence of `needle` (an event's trigger), as
/// text; the start of the sentence when `needle` is empty or absent.
///
/// ```
/// use marsad_text::excerpt::around;
/// assert_eq!(around("Iran met envoys, and then, later, struck.", "struck", 15), "…later, struck.");
/// ```
pub fn around(sentence: &str, needle: &str, max_chars: usize) -> String {
    let focus = match sentence.find(needle).filter(|_| !needle.is_empty()) {
        Some(b) => {
            let start = sentence[..b].chars().count();
            Span::new(start, start + needle.chars().count())
        }
        None => Span::new(0, 0),
    };
    excerpt(sentence, focus, max_chars).text
}

fn is_clause_mark(c: char) -> bool {
    matches!(c, '،' | ',' | '؛' | ';' | ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Excerpts `sentence` around the first occurrence of `focus`, at most `max` code points, and
    /// compares the text with `expected`; checks that the focus maps onto itself in the excerpt.
    #[track_caller]
    fn check(sentence: &str, focus: &str, max: usize, expected: &str) {
        let at = sentence.find(focus).expect("focus in the sentence");
        let start = sentence[..at].chars().count();
        let span = Span::new(start, start + focus.chars().count());
        let e = excerpt(sentence, span, max);
        assert_eq!(
            e.text, expected,
            "excerpt::excerpt of {sentence:?} around {focus:?}"
        );
        let shown: Vec<char> = e.text.chars().collect();
        let mapped = e.map(span).expect("the focus is shown");
        let got: String = shown[mapped.start..mapped.end].iter().collect();
        assert_eq!(got, focus, "Excerpt::map of the focus");
        assert!(
            e.text.chars().count() <= max + 2,
            "at most max plus two ellipses"
        );
    }

    /// Issue 13, item 12: a run-on Arabic sentence of over 1,000 characters shows the clause of
    /// its trigger, bounded, cut at clause boundaries, with ellipses.
    #[test]
    fn issue_13_run_on_sentence_shows_the_clause_of_the_trigger() {
        let filler = "وتحدث المسؤول عن التطورات الاقتصادية في المنطقة خلال الأعوام الماضية";
        let mut s = String::new();
        for _ in 0..8 {
            s.push_str(filler);
            s.push_str("، ");
        }
        s.push_str("كما استقبل ولي العهد وزير الخارجية الإيراني في الرياض");
        for _ in 0..8 {
            s.push_str("، ");
            s.push_str(filler);
        }
        s.push('.');
        assert!(s.chars().count() > 1000);
        check(
            &s,
            "استقبل",
            300,
            &format!("…{filler}، كما استقبل ولي العهد وزير الخارجية الإيراني في الرياض، {filler}، {filler}،…"),
        );
        check(
            &s,
            "استقبل",
            60,
            "…كما استقبل ولي العهد وزير الخارجية الإيراني في الرياض،…",
        );
    }

    #[test]
    fn short_sentences_and_long_clauses() {
        check("Iran met the envoys.", "met", 300, "Iran met the envoys.");
        // A clause longer than the bound: a window around the focus, cut at spaces.
        let long = format!("{}struck {}", "word ".repeat(100), "word ".repeat(100));
        check(
            long.trim(),
            "struck",
            40,
            "…word word word struck word word word…",
        );
        // The focus at the very start or end.
        check("a, b, c, d, e, f, g", "a", 4, "a,…");
        check("a, b, c, d, e, f, g", "g", 4, "…g");
        check("a, b, c, d, e, f, g", "g", 5, "…f, g");
    }

    #[test]
    fn spans_outside_the_excerpt_map_to_none() {
        let e = excerpt("one, two, three, four", Span::new(5, 8), 5);
        assert_eq!(e.text, "…two,…");
        assert_eq!(e.map(Span::new(0, 3)), None);
        assert_eq!(e.map(Span::new(5, 8)), Some(Span::new(1, 4)));
        assert_eq!(e.map(Span::new(3, 6)), Some(Span::new(1, 2)));
        let _ = excerpt("", Span::new(5, 9), 0);
        let _ = excerpt("abc", Span::new(9, 12), 1);
    }
}
