//! Fuzzes the lexicon loaders: any text in any lexicon file gives diagnostics, never a panic, and
//! the compiled matcher runs over a sentence in both languages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_lexicon::{Lexicon, FILES};

/// Small companions for the required files, so that rows of the fuzzed file can refer to codes.
const COMPANIONS: &[(&str, &str)] = &[
    ("countries.tsv", "code\tnames_en\tnames_ar\tadj_ar\nIRN\tIran\tإيران\tإيراني\nUSA\tUnited States\tالولايات المتحدة\tأمريكي\n"),
    ("sectors.tsv", "code\tname\nGOV\tgovernment\nMIL\tmilitary\n"),
    ("cameo.tsv", "cameo\tquad\tgoldstein\n042\t1\t1.9\n"),
    ("plover.tsv", "event\tquad\tscore\nCONSULT\t1\t1\n"),
];

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the file; the rest is its text.
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
        // Every diagnostic names a file.
        assert!(!d.to_string().is_empty());
    }
    for sentence in [
        "زار وزير الخارجية الإيراني واشنطن",
        "Iran met the United States in Muscat",
    ] {
        let tokens = marsad_text::token::tokenize(sentence);
        let _ = lexicon.matcher().find(&tokens);
    }
});
