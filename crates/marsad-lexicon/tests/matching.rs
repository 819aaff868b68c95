//! Every kind of entry matching in Arabic and English, through clitics and spelling variants,
//! over the small lexicon in `tests/fixtures/good`.

use std::path::PathBuf;
use std::sync::OnceLock;

use marsad_lexicon::{CountryForm, Entry, Lexicon, Matcher, Pos, Tense};

fn fixtures() -> &'static (Lexicon, Matcher) {
    static L: OnceLock<(Lexicon, Matcher)> = OnceLock::new();
    L.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let lx = Lexicon::load_dir(&dir).unwrap_or_else(|e| panic!("fixture lexicon: {e}"));
        let m = lx.matcher();
        (lx, m)
    })
}

/// A readable name for what a match stands for: `country USA adjective`, `actor X`,
/// `agent GOV`, `trigger رفض past`, `context cbrn`, `place Muscat`, `modifier Negation`.
fn describe(lx: &Lexicon, e: Entry) -> String {
    match e {
        Entry::Country { id, kind, .. } => {
            let k = match kind {
                CountryForm::Name => "name",
                CountryForm::Adjective => "adjective",
                CountryForm::Capital => "capital",
            };
            format!("country {} {k}", lx.country(id).code)
        }
        Entry::Actor(id) => format!("actor {}", lx.actor(id).id),
        Entry::Agent { sector, .. } => format!("agent {}", lx.sector(sector).code),
        Entry::Trigger { id, pos } => {
            let p = match pos {
                Pos::Noun => "noun",
                Pos::Verb {
                    tense: Tense::Past, ..
                } => "past",
                Pos::Verb {
                    tense: Tense::Present,
                    ..
                } => "present",
            };
            format!("trigger {} {p}", lx.trigger(id).lemma)
        }
        Entry::Context(id) => format!("context {}", lx.context(id).context),
        Entry::Place(id) => format!("place {}", lx.place(id).name_en),
        Entry::Modifier(k) => format!("modifier {k:?}"),
    }
}

/// Every `(surface, description, clitics)` is among the matches of `text`; `clitics` lists the
/// stripped proclitics then the enclitic, joined by `+` (`"و+ب"`, `""`).
fn check(text: &str, expected: &[(&str, &str, &str)]) {
    let (lx, m) = fixtures();
    let tokens = marsad_text::token::tokenize(text);
    let found = m.find_in(text, &tokens);
    let doc = marsad_text::Document::new(text);
    let got: Vec<(String, String, String)> = found
        .iter()
        .map(|x| {
            let mut cl: Vec<&str> = x.proclitics.clone();
            cl.extend(x.enclitic);
            (
                doc.slice(x.span).to_owned(),
                describe(lx, x.entry),
                cl.join("+"),
            )
        })
        .collect();
    for (s, d, c) in expected {
        assert!(
            got.iter().any(|(gs, gd, gc)| gs == s && gd == d && gc == c),
            "in {text:?}: expected {s:?} as {d:?} with clitics {c:?}; got {got:#?}\n(lexicon: tests/fixtures/good)"
        );
    }
}

#[test]
fn countries_through_spelling_variants_and_clitics() {
    check(
        "المطالب الأمريكية والأميركية",
        &[
            ("الأمريكية", "country USA adjective", ""),
            ("الأميركية", "country USA adjective", "و"),
        ],
    );
    check(
        "هاجمت إسرائيل واسرائيل",
        &[
            ("إسرائيل", "country ISR name", ""),
            ("اسرائيل", "country ISR name", "و"),
        ],
    );
    check(
        "The U.S. and the US and America",
        &[
            ("U.S.", "country USA name", ""),
            ("US", "country USA name", ""),
        ],
    );
    check(
        "رسالة للولايات المتحدة",
        &[("ولايات المتحدة", "country USA name", "لل")],
    );
    check(
        "المفاوضون الإيرانيون في طهران",
        &[
            ("الإيرانيون", "country IRN adjective", ""),
            ("طهران", "country IRN capital", ""),
        ],
    );
    check(
        "قال البيت الأبيض",
        &[("البيت الأبيض", "country USA capital", "")],
    );
    check(
        "Iranian officials in Tehran",
        &[
            ("Iranian", "country IRN adjective", ""),
            ("Tehran", "country IRN capital", ""),
        ],
    );
}

#[test]
fn actors_in_both_languages() {
    check(
        "وقال عباس عراقجي",
        &[
            ("عباس عراقجي", "actor ABBAS_ARAGHCHI", ""),
            ("عراقجي", "actor ABBAS_ARAGHCHI", ""),
        ],
    );
    check("ولعراقجي", &[("عراقجي", "actor ABBAS_ARAGHCHI", "و+ل")]);
    check(
        "Iran's Abbas Araghchi said",
        &[
            ("Abbas Araghchi", "actor ABBAS_ARAGHCHI", ""),
            ("Iran", "country IRN name", ""),
        ],
    );
    check(
        "مع الوكالة الدولية للطاقة الذرية",
        &[("الوكالة الدولية للطاقة الذرية", "actor IAEA", "")],
    );
    check(
        "وبالوكالة الدولية للطاقة الذرية",
        &[("الوكالة الدولية للطاقة الذرية", "actor IAEA", "و+ب")],
    );
}

#[test]
fn agents_with_and_without_article() {
    check("والمتظاهرون في الشارع", &[("المتظاهرون", "agent CVL", "و")]);
    check(
        "وزير الخارجية الإيراني",
        &[
            ("وزير الخارجية", "agent GOV", ""),
            ("الإيراني", "country IRN adjective", ""),
        ],
    );
    check(
        "the foreign minister",
        &[("foreign minister", "agent GOV", "")],
    );
    check("القوات الأمريكية", &[("القوات", "agent MIL", "")]);
}

#[test]
fn triggers_through_conjugation_and_clitics() {
    // A lemma ending in a preposition also matches as the bare verb (VSO puts the subject
    // between them), and the preposition becomes one of the trigger's `preps`.
    check("وأصرت إيران على", &[("أصرت", "trigger أصر على past", "و")]);
    check("وأصرت على", &[("أصرت على", "trigger أصر على past", "و")]);
    check(
        "سيلتقي عراقجي",
        &[
            ("يلتقي", "trigger التقى present", "س"),
            ("عراقجي", "actor ABBAS_ARAGHCHI", ""),
        ],
    );
    check("رفضت إيران المطالب", &[("رفضت", "trigger رفض past", "")]);
    check(
        "لن يرفضوا",
        &[
            ("يرفضوا", "trigger رفض present", ""),
            ("لن", "modifier Negation", ""),
        ],
    );
    check("وبالعقوبات", &[("العقوبات", "trigger فرض noun", "و+ب")]);
    check("فرض العقوبات", &[("فرض العقوبات", "trigger فرض noun", "")]);
    check(
        "Iran rejected the offer",
        &[("rejected", "trigger reject past", "")],
    );
    check(
        "they imposed sanctions on Iran",
        &[
            (
                "imposed sanctions on",
                "trigger impose sanctions on past",
                "",
            ),
            ("sanctions", "trigger impose sanctions on noun", ""),
        ],
    );
    check(
        "Iran shot down a drone",
        &[("shot down", "trigger shoot down past", "")],
    );
    check(
        "talks were meeting",
        &[
            ("talks", "trigger meet noun", ""),
            ("meeting", "trigger meet present", ""),
        ],
    );
}

/// No `(surface, description)` of `unexpected` is among the matches of `text`.
fn check_not(text: &str, unexpected: &[(&str, &str)]) {
    let (lx, m) = fixtures();
    let tokens = marsad_text::token::tokenize(text);
    let doc = marsad_text::Document::new(text);
    for x in m.find_in(text, &tokens) {
        let got = (doc.slice(x.span), describe(lx, x.entry));
        assert!(
            !unexpected.iter().any(|(s, d)| *s == got.0 && *d == got.1),
            "in {text:?}: {got:?} should not match (clitics {:?} {:?})\n(lexicon: tests/fixtures/good)",
            x.proclitics,
            x.enclitic
        );
    }
}

/// A trigger matches a whole token after clitics only, and only clitics its part of speech
/// takes: the lossy key writes `وزارة` as `وزاره`, which must not read `و` + `زار` + `ه`
/// (issue 11: `زار` found inside `وزارة`).
#[test]
fn triggers_match_whole_words_with_real_clitics_only() {
    check_not("وزارة الخارجية", &[("زار", "trigger زار past")]);
    check_not("وزارةُ الخارجية", &[("زار", "trigger زار past")]);
    check("زيارته", &[("زيارت", "trigger زار noun", "ه")]);
    // With the conjunction, or a real pronoun `ه`, it is the verb: and he visited, visited him.
    check("وزار الوزير طهران", &[("زار", "trigger زار past", "و")]);
    check("زاره الوزير", &[("زار", "trigger زار past", "ه")]);
    // A verb takes no preposition proclitic and no possessive `ي`; the noun takes both.
    check_not("برفض", &[("رفض", "trigger رفض past")]);
    check("برفض", &[("رفض", "trigger رفض noun", "ب")]);
    check_not("رفضي", &[("رفض", "trigger رفض past")]);
    check("رفضي", &[("رفض", "trigger رفض noun", "ي")]);
}

#[test]
fn enclitic_on_the_last_token() {
    check("التقاهم", &[]);
    check("رفضه", &[("رفض", "trigger رفض past", "ه")]);
}

#[test]
fn contexts_places_modifiers() {
    check(
        "أجهزة الطرد المركزي والتخصيب",
        &[
            ("أجهزة الطرد المركزي", "context cbrn", ""),
            ("التخصيب", "context cbrn", "و"),
        ],
    );
    check(
        "uranium enrichment and centrifuges",
        &[
            ("enrichment", "context cbrn", ""),
            ("centrifuges", "context cbrn", ""),
        ],
    );
    check(
        "المحادثات في مسقط",
        &[
            ("مسقط", "place Muscat", ""),
            ("مسقط", "country OMN capital", ""),
        ],
    );
    check(
        "في مضيق هرمز",
        &[("مضيق هرمز", "place Strait of Hormuz", "")],
    );
    check(
        "talks in Masqat near the Strait of Hormuz",
        &[
            ("Masqat", "place Muscat", ""),
            ("Strait of Hormuz", "place Strait of Hormuz", ""),
        ],
    );
    check(
        "لم ترفض إيران",
        &[
            ("لم", "modifier Negation", ""),
            ("ترفض", "trigger رفض present", ""),
        ],
    );
    check(
        "Iran did not reject",
        &[
            ("not", "modifier Negation", ""),
            ("reject", "trigger reject present", ""),
        ],
    );
}

#[test]
fn spans_skip_diacritics_correctly() {
    check("وَبِالعُقُوبَاتِ", &[("العُقُوبَاتِ", "trigger فرض noun", "و+ب")]);
}

#[test]
fn matches_are_sorted_by_start_then_longer_first() {
    let (_, m) = fixtures();
    let tokens = marsad_text::token::tokenize("قال عباس عراقجي في مسقط");
    let found = m.find(&tokens);
    for w in found.windows(2) {
        assert!(
            (w[0].first, std::cmp::Reverse(w[0].last))
                <= (w[1].first, std::cmp::Reverse(w[1].last))
        );
    }
}

#[test]
fn dated_roles() {
    let (lx, _) = fixtures();
    let id = lx
        .actors
        .iter()
        .position(|a| a.id == "ABBAS_ARAGHCHI")
        .unwrap();
    let a = &lx.actors[id];
    let at = |d: &str| -> Vec<(String, Option<String>)> {
        let date = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        a.roles_at(date)
            .map(|(c, s)| (c.to_owned(), s.map(str::to_owned)))
            .collect()
    };
    assert_eq!(
        at("2026-02-06"),
        vec![("IRN".to_owned(), Some("GOV".to_owned()))]
    );
    assert_eq!(at("2022-06-01"), vec![]);
    assert_eq!(at("2015-07-14").len(), 1);
    let cooper = lx.actors.iter().find(|a| a.id == "BRAD_COOPER").unwrap();
    assert_eq!(
        cooper.roles_at(chrono::NaiveDate::MIN).count(),
        1,
        "undated roles are always valid"
    );
}

#[test]
fn tables_and_versions() {
    let (lx, _) = fixtures();
    assert_eq!(lx.cameo("190").map(|r| r.goldstein), Some(-10.0));
    assert_eq!(
        lx.cameo("190").and_then(|r| r.event.as_deref()),
        Some("ASSAULT")
    );
    assert_eq!(lx.plover("CONSULT").map(|r| r.score), Some(2.5));
    assert_eq!(lx.cameo_version(), Some("cameo-test v7"));
    assert_eq!(lx.plover_version(), Some("plover-test v2"));
    let t = lx.triggers.iter().find(|t| t.lemma == "التقى").unwrap();
    assert_eq!(t.preps, vec!["ب".to_owned(), "مع".to_owned()]);
    let t = lx.triggers.iter().find(|t| t.lemma == "أصر على").unwrap();
    assert_eq!(t.preps, vec!["علي".to_owned()], "preps are lossy keys");
    let muscat = lx.places.iter().find(|p| p.name_en == "Muscat").unwrap();
    assert_eq!(muscat.country.as_deref(), Some("OMN"));
}
