//! The CI smoke run of the fuzz target `watch` (issue 13, item 8): every seed of `fuzz/seeds/` and
//! random edits of them are read as a watch file; the result is a watch or an error that names
//! the file, never a panic. The fuzzer itself runs for minutes (`fuzz/README.md`).

use std::fs;
use std::path::PathBuf;

use marsad_watch::{Vocabulary, Watch};
use proptest::prelude::*;

/// The fuzz target's check.
fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = Watch::from_toml(&text, "fuzz.toml", Vocabulary::embedded()) {
        assert!(e.to_string().starts_with("fuzz.toml"), "{e}");
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/watch");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a seed").path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{}: no seeds", dir.display());
    paths.iter().map(|p| fs::read(p).expect("a seed")).collect()
}

/// `seed` with byte edits (replace, insert, delete), positions taken modulo the length.
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

#[test]
fn every_seed_is_a_valid_watch() {
    for s in seeds() {
        let text = String::from_utf8(s).expect("UTF-8 seed");
        if let Err(e) = Watch::from_toml(&text, "seed.toml", Vocabulary::embedded()) {
            panic!("{e}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn edited_watches_never_panic(i in any::<usize>(), e in prop::collection::vec(any::<(usize, u8, u8)>(), 1..8)) {
        let s = seeds();
        check(&mutate(&s[i % s.len()], &e));
    }
}
