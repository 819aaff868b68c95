//! The CI smoke run of the fuzz targets `jsonl`, `html`, `feed` and `input` (issue 13, item 8): every seed
//! of `fuzz/seeds/` and a few hundred random edits of them go through the readers, which must
//! never panic and must keep the invariants the fuzz targets check. The fuzzers themselves run
//! for minutes (`fuzz/README.md`); this keeps a regression from reaching `main` in seconds.

use std::fs;
use std::path::PathBuf;

use marsad_ingest::feed::read_feed;
use marsad_ingest::html::{fragment_text, read_html};
use marsad_ingest::input::{parse_json_line, InputOptions, Inputs};
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

/// The extensions the `input` target's first byte chooses from; the last leaves it to sniffing.
const EXTENSIONS: &[&str] = &["jsonl", "html", "rss", "atom", "xml", "txt", "data"];

/// The `input` fuzz target's check: the bytes as a file read by [`Inputs`]; no panic, and every
/// document and every error names the file. `n` keeps the files of parallel cases apart.
fn check_input(data: &[u8], n: usize) {
    let Some((choice, rest)) = data.split_first() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("marsad-fuzz-smoke-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("a scratch folder");
    let ext = EXTENSIONS[usize::from(*choice) % EXTENSIONS.len()];
    let path = dir.join(format!("input-{n}.{ext}"));
    fs::write(&path, rest).expect("write the input");
    let name = path.display().to_string();
    for item in Inputs::new(vec![path.clone()], InputOptions::default()) {
        match item {
            Ok(doc) => assert!(doc.origin.starts_with(&name), "{}", doc.origin),
            Err(e) => assert!(e.to_string().starts_with(&name), "{e}"),
        }
    }
    let _ = fs::remove_file(&path);
}

#[test]
fn every_seed_reads_without_panic() {
    for (n, s) in seeds("input").iter().enumerate() {
        check_input(s, n);
    }
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
    fn edited_files_never_panic((i, e) in edits()) {
        let s = seeds("input");
        check_input(&mutate(&s[i % s.len()], &e), 1000 + i % 1000);
    }

    #[test]
    fn edited_pages_never_panic((i, e) in edits()) {
        let s = seeds("html");
        check_html(&mutate(&s[i % s.len()], &e));
    }
}
