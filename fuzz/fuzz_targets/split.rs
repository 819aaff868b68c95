//! Fuzzes the sentence splitter: no input may panic, and sentences must be ordered, disjoint,
//! no longer than the maximum, and cover every non-whitespace character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_text::sentence::{split, MAX_SENTENCE_CHARS};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let spans = split(&text);
    let mut covered = 0;
    let mut prev_end = 0;
    for s in &spans {
        assert!(prev_end <= s.start && s.start < s.end && s.len() <= MAX_SENTENCE_CHARS);
        covered += text
            .chars()
            .skip(s.start)
            .take(s.len())
            .filter(|c| !c.is_whitespace())
            .count();
        prev_end = s.end;
    }
    assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
});
