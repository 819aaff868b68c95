//! Property tests for sentence splitting and date expressions: every span slices back to its
//! surface, sentences are ordered, disjoint, trimmed and cover all non-space text, and no input
//! (random bytes read lossily, huge lines, only combining marks, mixed scripts, RTL marks) panics.

use chrono::NaiveDate;
use marsad_text::dates::find_dates;
use marsad_text::sentence::{clauses, split, MAX_SENTENCE_CHARS};
use marsad_text::{Document, Span};
use proptest::prelude::*;

/// Pieces of news text that exercise the splitter's and the date finder's special cases.
const PIECES: &[&str] = &[
    "قال",
    "الوزير",
    "وأمس",
    "بالأمس",
    "يوم",
    "الأحد",
    "الاثنين",
    "قبل",
    "أيام",
    "يومين",
    "ثلاثة",
    "بعد",
    "ساعات",
    "الأسبوع",
    "الماضي",
    "المقبل",
    "العام",
    "عام",
    "شباط",
    "/",
    "فبراير",
    "كانون",
    "الثاني",
    "تشرين",
    "حزيران",
    "يونيو",
    "٦",
    "۲۰۲۵",
    "2026",
    "6",
    "31",
    "2026-02-06",
    "06/02/2026",
    "February",
    "Feb.",
    "May",
    "Sunday",
    "yesterday",
    "last",
    "week",
    "two",
    "days",
    "ago",
    "in",
    "U.S.",
    "Dr.",
    "J.",
    "No.",
    "e.g.",
    "3.67",
    "The",
    "talks",
    ".",
    "...",
    "…",
    "!",
    "?",
    "؟",
    "،",
    "؛",
    ";",
    ",",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "(",
    ")",
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{200F}",
    "\u{200E}",
    "\u{202B}",
    "\u{200C}",
    "\u{064E}",
    "\u{0651}",
    "\u{0301}",
    "ـ",
    "نشر",
    "ی",
    "ک",
    "😀",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

fn lossy_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..400)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn combining_only() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(&['\u{064B}', '\u{0651}', '\u{0670}', '\u{0301}', '\u{20D7}'][..]),
        0..200,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => news_like(),
        2 => lossy_bytes(),
        2 => any::<String>(),
        1 => combining_only(),
    ]
}

fn publication() -> impl Strategy<Value = Option<NaiveDate>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(NaiveDate::MIN)),
        1 => Just(Some(NaiveDate::MAX)),
        6 => (1900i32..2100, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
    ]
}

/// Checks every promise `split` makes about `text`.
fn check_sentences(text: &str) -> Result<(), TestCaseError> {
    let doc = Document::new(text);
    let spans = split(text);
    let chars: Vec<char> = text.chars().collect();
    let mut prev_end = 0;
    for s in &spans {
        prop_assert!(s.start < s.end, "empty sentence {s:?}");
        prop_assert!(
            s.start >= prev_end,
            "sentence {s:?} overlaps or precedes the one before"
        );
        prop_assert!(s.end <= chars.len());
        prop_assert!(
            s.len() <= MAX_SENTENCE_CHARS,
            "sentence of {} chars",
            s.len()
        );
        prop_assert!(!chars[s.start].is_whitespace() && !chars[s.end - 1].is_whitespace());
        prop_assert_eq!(doc.slice(*s).chars().count(), s.len());
        for c in clauses(text, *s) {
            prop_assert!(s.contains(c) && !c.is_empty());
        }
        prev_end = s.end;
    }
    // Every non-whitespace character lies in a sentence.
    let mut k = 0;
    for (i, c) in chars.iter().enumerate() {
        while k < spans.len() && spans[k].end <= i {
            k += 1;
        }
        let covered = k < spans.len() && spans[k].start <= i;
        prop_assert!(c.is_whitespace() || covered, "char {i} {c:?} lost");
    }
    Ok(())
}

/// Checks every promise `find_dates` makes about `text`.
fn check_dates(text: &str, publication: Option<NaiveDate>) -> Result<(), TestCaseError> {
    let doc = Document::new(text);
    let mut prev = Span::default();
    for d in find_dates(text, publication) {
        prop_assert_eq!(doc.slice(d.span), d.text.as_str());
        prop_assert!(!d.span.is_empty());
        prop_assert!(d.span.start >= prev.end, "{:?} overlaps {:?}", d.span, prev);
        prop_assert_eq!(d.start.is_some(), d.end.is_some());
        if let (Some(s), Some(e)) = (d.start, d.end) {
            prop_assert!(s <= e, "{d:?}");
        }
        if d.relative && publication.is_none() {
            prop_assert!(d.start.is_none());
        }
        prev = d.span;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sentences_cover_the_text(text in any_text()) {
        check_sentences(&text)?;
    }

    #[test]
    fn date_spans_slice_back(text in any_text(), publication in publication()) {
        check_dates(&text, publication)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn huge_lines(piece in news_like(), times in 50usize..400) {
        let text = piece.replace(['\n', '\r'], " ").repeat(times);
        check_sentences(&text)?;
        check_dates(&text, NaiveDate::from_ymd_opt(2026, 2, 8))?;
    }
}

#[test]
fn huge_line_without_spaces_or_stops() {
    let text = "بالعقوبات".repeat(20_000);
    let spans = split(&text);
    assert!(spans.iter().all(|s| s.len() == MAX_SENTENCE_CHARS));
    assert_eq!(spans.len(), 90);
    assert!(find_dates(&text, None).is_empty());
}
