//! The frequency collision check: a generated trigger form spelled like a frequent word fails
//! the check at its trigger's row until a `collisions.tsv` row allows or blocks it (issue 11).

use std::path::PathBuf;

use marsad_lexicon::{Entry, Lexicon, Severity};

const BASE: &[(&str, &str)] = &[
    ("countries.tsv", "code\tnames_ar\nIRN\tإيران\n"),
    ("sectors.tsv", "code\tname\nGOV\tgovernment\n"),
    (
        "cameo.tsv",
        "cameo\tevent\tquad\tgoldstein\n075\tAID\t2\t7.0\n",
    ),
    ("plover.tsv", "event\tquad\tscore\nAID\t2\t3.0\n"),
    (
        "triggers.ar.tsv",
        "lemma\tform\tpresent\tnouns\tevent\tcameo\n\u{622}وى\tIV\tيؤوي\tإيواء\tAID\t075\n",
    ),
    (
        "triggers.en.tsv",
        "lemma\tpast\tevent\tcameo\nshelter\t-\tAID\t075\n",
    ),
    ("frequency/ar.txt", "# test list\nفي\nنووي\n"),
    ("frequency/en.txt", "the\nshelters\nsheltered\n"),
];

/// Writes the base lexicon plus `extra` files into a fresh folder named `name`, runs the check
/// there, and asserts that its error lines are exactly `expected`. Returns the lexicon.
fn check(name: &str, extra: &[(&str, &str)], expected: &[&str]) -> Lexicon {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("collisions-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in BASE.iter().chain(extra) {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let lx = Lexicon::check_dir(&dir).unwrap();
    let got: Vec<String> = lx
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(got, expected, "errors of the lexicon in {}", dir.display());
    lx
}

/// True when `text` matches trigger `lemma` in `lx`.
fn matches(lx: &Lexicon, text: &str, lemma: &str) -> bool {
    let tokens = marsad_text::token::tokenize(text);
    lx.matcher()
        .find_in(text, &tokens)
        .iter()
        .any(|m| matches!(m.entry, Entry::Trigger { id, .. } if lx.trigger(id).lemma == lemma))
}

#[test]
fn an_unsettled_collision_names_the_trigger_row_and_the_word() {
    check(
        "unsettled",
        &[],
        &["triggers.ar.tsv:2:1: error: generated form نؤوي of آوى is the frequent word نووي (ar rank 2, 1st person plural); write an allow or block row in collisions.tsv (نؤوي → نووي)"],
    );
}

#[test]
fn an_allow_row_keeps_the_form() {
    let lx = check(
        "allow",
        &[(
            "collisions.tsv",
            "lang\tform\ttrigger\tdecision\tnote\nar\tنؤوي\tآوى\tallow\ttest\n",
        )],
        &[],
    );
    assert!(matches(&lx, "نؤوي", "آوى"));
}

#[test]
fn a_block_row_drops_the_form_from_matching() {
    let lx = check(
        "block",
        &[(
            "collisions.tsv",
            "lang\tform\ttrigger\tdecision\tnote\nar\tنؤوي\tآوى\tblock\tnuclear\n",
        )],
        &[],
    );
    assert!(!matches(&lx, "البرنامج النووي", "آوى"));
    assert!(!matches(&lx, "نووي", "آوى"));
    assert!(matches(&lx, "يؤوي", "آوى"), "other forms still match");
}

#[test]
fn rows_must_name_a_generated_form_of_a_known_trigger() {
    check(
        "bad-rows",
        &[(
            "collisions.tsv",
            "lang\tform\ttrigger\tdecision\nar\tنؤوي\tآوى\tblock\nar\tنؤوي\tآوى\tallow\nar\tإيواء\tآوى\tblock\nar\tنؤوي\tرفض\tblock\nar\tنؤوي\tآوى\tmaybe\n",
        )],
        &[
            "collisions.tsv:3:4: error: a row for this form and trigger is given twice (نؤوي)",
            "collisions.tsv:4:4: error: not a generated form of آوى (إيواء)",
            "collisions.tsv:5:9: error: no trigger row has this lemma (رفض)",
            "collisions.tsv:6:13: error: decision must be allow or block (maybe)",
        ],
    );
}

#[test]
fn a_form_much_more_frequent_than_its_verb_is_flagged() {
    // `shelters` ranks 2 and the past `sheltered` 3: not 8 times apart, so nothing is flagged;
    // with the past absent from the list (rank taken as the list's length) it is.
    check("english-plausible", &[], &["triggers.ar.tsv:2:1: error: generated form نؤوي of آوى is the frequent word نووي (ar rank 2, 1st person plural); write an allow or block row in collisions.tsv (نؤوي → نووي)"]);
    check(
        "english-suspicious",
        &[
            ("frequency/en.txt", "the\nshelters\n"),
            (
                "collisions.tsv",
                "lang\tform\ttrigger\tdecision\nar\tنؤوي\tآوى\tblock\n",
            ),
        ],
        &["triggers.en.tsv:2:1: error: generated form shelters of shelter is the frequent word shelters (en rank 2, over 8 times as frequent as the verb's own forms (best rank 30000)); write an allow or block row in collisions.tsv (shelters → shelters)"],
    );
}

/// The shipped lexicon, checked against the shipped frequency lists: every collision is
/// settled by a row of `lexicon/collisions.tsv`.
#[test]
fn shipped_collisions_are_all_settled() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lexicon");
    let lx = Lexicon::check_dir(&dir).unwrap();
    let unsettled: Vec<String> = lx
        .diagnostics()
        .iter()
        .filter(|d| d.message.contains("collisions.tsv") || d.file == "collisions.tsv")
        .map(|d| d.to_string())
        .collect();
    assert!(
        unsettled.is_empty(),
        "run `marsad lexicon check` and settle these in lexicon/collisions.tsv:\n{}",
        unsettled.join("\n")
    );
}
