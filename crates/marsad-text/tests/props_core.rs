//! Property tests for the core of the text layer: tokens, match keys, clitic candidates and
//! language id never panic and always point back into the original text.

use marsad_text::clitic::segmentations;
use marsad_text::lang::detect;
use marsad_text::normalize::{key, strict_key, Level, MatchKey};
use marsad_text::token::{tokenize, tokenize_span, TokenKind};
use marsad_text::{Document, Span};
use proptest::prelude::*;

/// Checks every invariant on one input; each property below only generates inputs.
fn check(text: &str) {
    let doc = Document::new(text);
    let n = doc.char_len();

    // Tokens: ordered, non-overlapping, in range, spans and bytes agree, keys non-empty.
    let toks = tokenize(text);
    let mut last_end = 0;
    for t in &toks {
        assert!(
            t.span.start >= last_end && t.span.end <= n && !t.span.is_empty(),
            "{t:?}"
        );
        assert_eq!(doc.slice(t.span), &text[t.byte_start..t.byte_end], "{t:?}");
        assert_eq!(doc.byte_offset(t.span.start), t.byte_start);
        assert!(!t.key.is_empty(), "empty key {t:?}");
        // The tokenizer folds words during its scan; it must agree with the reference key,
        // except for abbreviation dots (dropped) and symbols (their key is their surface).
        let surface = &text[t.byte_start..t.byte_end];
        if t.kind != TokenKind::Symbol && !surface.contains('.') {
            assert_eq!(t.key, key(surface), "token key of {surface:?}");
        }
        if t.kind == TokenKind::Number {
            assert!(t
                .key
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b','));
        }
        last_end = t.span.end;
    }

    // A range cut at a token boundary tokenizes like the tokens of the whole text inside it.
    if toks.len() >= 2 {
        let cut = Span::new(toks[1].span.start, n);
        let part = tokenize_span(&doc, cut);
        let whole: Vec<_> = toks
            .iter()
            .filter(|t| cut.contains(t.span))
            .cloned()
            .collect();
        assert_eq!(part, whole);
    }

    // Match keys: offsets increasing and in range, final entry = input length, spans in range,
    // and the fast key functions agree with MatchKey.
    for level in [Level::Strict, Level::Lossy] {
        let mk = MatchKey::new(text, level);
        let k = mk.key.chars().count();
        assert_eq!(mk.offsets.len(), k + 1);
        assert_eq!(mk.ends.len(), k);
        assert_eq!(*mk.offsets.last().unwrap(), n);
        assert!(
            mk.offsets.windows(2).all(|w| w[0] < w[1]),
            "offsets not increasing"
        );
        for i in 0..k {
            assert!(mk.offsets[i] < mk.ends[i] && mk.ends[i] <= mk.offsets[i + 1]);
        }
        let s = mk.span_of(0, k);
        assert!(s.start <= s.end && s.end <= n);
        let fast = if level == Level::Lossy {
            key(text)
        } else {
            strict_key(text)
        };
        assert_eq!(fast, mk.key, "fast key and MatchKey disagree ({level:?})");
    }

    // Clitics: stems start `stem_start` key chars in, and keep at least two letters.
    for t in toks.iter().take(50) {
        for s in segmentations(&t.key) {
            let rest: String = t.key.chars().skip(s.stem_start).collect();
            assert!(rest.starts_with(s.stem), "{s:?} of {:?}", t.key);
            if !s.is_whole() {
                assert!(s.stem.chars().count() >= 2);
            }
        }
    }

    let _ = detect(text);
}

/// Pieces that exercise the tricky rules, glued in random order.
fn arabic_and_marks() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("وأصرت".to_string()),
        Just("بالعقوبات".to_string()),
        Just("ـ".to_string()),
        Just("\u{064E}".to_string()),
        Just("\u{0651}\u{0650}".to_string()),
        Just("\u{0670}".to_string()),
        Just("\u{200C}".to_string()),
        Just("\u{200F}".to_string()),
        Just("\u{202B}".to_string()),
        Just("\u{2066}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{0301}".to_string()),
        Just("ا\u{0654}".to_string()),
        Just("U.S.".to_string()),
        Just("Iran's".to_string()),
        Just("Iran’s".to_string()),
        Just("٦٠٫٥".to_string()),
        Just("1,000.".to_string()),
        Just("می\u{200C}خواهد".to_string()),
        Just("، ؛ ؟ « » “ ” …".to_string()),
        Just(" ".to_string()),
        Just("\n\n".to_string()),
        Just("-".to_string()),
        Just("'".to_string()),
        Just(".".to_string()),
        "[a-zA-Z0-9]{1,6}",
        "[\u{0600}-\u{06FF}]{1,6}",
        "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_decoded_lossily(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn any_unicode(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn mixed_scripts_marks_and_rtl(text in arabic_and_marks()) {
        check(&text);
    }

    #[test]
    fn only_combining_marks(
        text in "[\u{0300}-\u{036F}\u{064B}-\u{065F}\u{0670}\u{06D6}-\u{06ED}]{0,100}"
    ) {
        check(&text);
    }
}

#[test]
fn huge_lines() {
    let line = "وقال عراقجي إن المحادثات في مسقط كانت جدية، وUS officials agreed. ".repeat(20_000);
    check(&line);
    let one_word = "ب".repeat(200_000) + &"\u{064E}".repeat(100_000);
    check(&one_word);
}
