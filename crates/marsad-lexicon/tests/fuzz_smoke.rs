//! The CI smoke run of the fuzz target `lexicon` (issue 13, item 8): every seed of `fuzz/seeds/`
//! and random edits of them are loaded as one lexicon file beside small companions, compiled, and
//! matched against a sentence in each language; nothing may panic. The fuzzer itself runs for
//! minutes (`fuzz/README.md`).

use std::fs;
use std::path::PathBuf;

use marsad_lexicon::{Lexicon, FILES};
use proptest::prelude::*;

/// Small companions for the required files, so that rows of the fuzzed file can refer to codes
/// (the same as the fuzz target's).
const COMPANIONS: &[(&str, &str)] = &[
    (
        "countries.tsv",
        "code\tnames_en\tnames_ar\tadj_ar\nIRN\tIran\tإيران\tإيراني\nUSA\tUnited States\tالولايات المتحدة\tأمريكي\n",
    ),
    ("sectors.tsv", "code\tname\nGOV\tgovernment\nMIL\tmilitary\n"),
    ("cameo.tsv", "cameo\tquad\tgoldstein\n042\t1\t1.9\n"),
    ("plover.tsv", "event\tquad\tscore\nCONSULT\t1\t1\n"),
];

/// The fuzz target's check: the first byte chooses the file, the rest is its text.
fn check(data: &[u8]) {
    let Some((choice, rest)) = data.split_first() else {
        return;
    };
    let (name, _) = FILES[usize::from(*choice) % FILES.len()];
    let text = String::from_utf8_lossy(rest);
    let mut sources: Vec<(&str, Option<&str>)> = COMPANIONS
        .iter()
        .filter(|(n, _)| *n != name)
        .map(|(n, t)| (*n, Some(*t)))
        .collect();
    sources.push((name, Some(text.as_ref())));
    let lexicon = Lexicon::from_sources(&sources);
    for d in lexicon.diagnostics() {
        assert!(!d.to_string().is_empty());
    }
    for sentence in [
        "زار وزير الخارجية الإيراني واشنطن",
        "Iran met the United States in Muscat",
    ] {
        let tokens = marsad_text::token::tokenize(sentence);
        let _ = lexicon.matcher().find(&tokens);
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/lexicon");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a seed").path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{}: no seeds", dir.display());
    paths.iter().map(|p| fs::read(p).expect("a seed")).collect()
}

/// `seed` with byte edits (replace, insert, delete), positions taken modulo the length; the
/// first byte, which chooses the file, is kept.
fn mutate(seed: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for &(pos, op, byte) in edits {
        let at = 1 + pos % b.len().max(1);
        let at = at.min(b.len());
        match op % 3 {
            0 if at < b.len() => b[at] = byte,
            1 => b.insert(at, byte),
            _ if at < b.len() => {
                b.remove(at);
            }
            _ => b.push(byte),
        }
    }
    b
}

#[test]
fn every_seed_loads_without_panic() {
    for s in seeds() {
        check(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edited_files_never_panic(i in any::<usize>(), e in prop::collection::vec(any::<(usize, u8, u8)>(), 1..8)) {
        let s = seeds();
        check(&mutate(&s[i % s.len()], &e));
    }

    #[test]
    fn tab_and_line_soup_never_panics(i in any::<u8>(), text in "[a-zA-Z0-9\t\n|#:.\u{0600}-\u{06FF} -]{0,300}") {
        let mut data = vec![i];
        data.extend_from_slice(text.as_bytes());
        check(&data);
    }
}
