//! The CI smoke run of the fuzz targets `jsonl`, `html` and `feed` (issue 13, item 8): every seed
//! of `fuzz/seeds/` and a few hundred random edits of them go through the readers, which must
//! never panic and must keep the invariants the fuzz targets check. The fuzzers themselves run
//! for minutes (`fuzz/README.md`); this keeps a regression from reaching `main` in seconds.

use std::fs;
use std::path::PathBuf;

use marsad_ingest::feed::read_feed;
use marsad_ingest::html::{fragment_text, read_html};
use marsad_ingest::input::{parse_json_line, InputOptions};
use proptest::prelude::*;

/// The seeds of one fuzz target, sorted by name.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a seed").path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{}: no seeds", dir.display());
    paths.iter().map(|p| fs::read(p).expect("a seed")).collect()
}

/// `seed` with `edits` applied: each edit replaces, inserts or deletes one byte at a position
/// taken modulo the length, which keeps most of the structure and breaks a little of it.
fn mutate(seed: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for &(pos, op, byte) in edits {
        let at = if b.is_empty() { 0 } else { pos % b.len() };
        match op % 3 {
            0 if !b.is_empty() => b[at] = byte,
            1 => b.insert(at, byte),
            _ if !b.is_empty() => {
                b.remove(at);
            }
            _ => b.push(byte),
        }
    }
    b
}

/// The `jsonl` fuzz target's check: no panic, and an accepted line keeps its text exactly.
fn check_jsonl(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let options = InputOptions::default();
    for (i, line) in text.lines().enumerate() {
        let origin = format!("fuzz.jsonl:{}", i + 1);
        if let Ok(doc) = parse_json_line(line, &origin, &options) {
            let value: serde_json::Value =
                serde_json::from_str(line).expect("accepted line is JSON");
            assert_eq!(value["text"].as_str(), Some(doc.text.as_str()));
            assert_eq!(doc.origin, origin);
        }
    }
}

/// The `html` fuzz target's check: no panic, and an accepted page has text.
fn check_html(data: &[u8]) {
    let (url, rest) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Some("https://example.org/news/1.html"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    let html = String::from_utf8_lossy(rest);
    if let Ok(page) = read_html(&html, url) {
        assert!(!page.text.is_empty());
    }
    let _ = fragment_text(&html);
}

/// The `feed` fuzz target's check: no panic, and a refused feed says why.
fn check_feed(data: &[u8]) {
    let (url, rest) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Some("https://example.org/feed.rss"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    if let Err(e) = read_feed(rest, url) {
        assert!(e.to_string().contains("not a valid feed"), "{e}");
    }
}

#[test]
fn every_seed_reads_without_panic() {
    for s in seeds("jsonl") {
        check_jsonl(&s);
    }
    for s in seeds("html") {
        check_html(&s);
    }
    for s in seeds("feed") {
        check_feed(&s);
    }
}

/// Up to eight byte edits of a seed chosen by index.
fn edits() -> impl Strategy<Value = (usize, Vec<(usize, u8, u8)>)> {
    (
        any::<usize>(),
        prop::collection::vec(any::<(usize, u8, u8)>(), 1..8),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edited_jsonl_never_panics((i, e) in edits()) {
        let s = seeds("jsonl");
        check_jsonl(&mutate(&s[i % s.len()], &e));
    }

    #[test]
    fn edited_feeds_never_panic((i, e) in edits()) {
        let s = seeds("feed");
        check_feed(&mutate(&s[i % s.len()], &e));
    }

    #[test]
    fn edited_pages_never_panic((i, e) in edits()) {
        let s = seeds("html");
        check_html(&mutate(&s[i % s.len()], &e));
    }
}
