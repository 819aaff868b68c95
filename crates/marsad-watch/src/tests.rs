//! The watch crate's tests over a constructed corpus: the flagship watch's three windows
//! (progress, escalation, a progress score capped to a managed stalemate), every indicator, alert
//! kind and override, the definition errors, the charts by their content, and the renderers.

use chrono::NaiveDate;
use marsad_coder::ActorRef;
use marsad_store::model::StoredEvent;

use crate::chart::{charts, Chart};
use crate::def::{Verdict, Vocabulary, Watch};
use crate::{evaluate, render, AlertKind, Assessment, Period};

// ---------------------------------------------------------------------------------------------
// The corpus builder.

/// A stored event with scores looked up by type (quad, PLOVER score, a Goldstein value).
pub(crate) fn ev(id: &str, date: &str, event: &str, actor: &str, recipient: &str) -> StoredEvent {
    let (quad, scale, goldstein) = match event {
        "CONSULT" => (1, 2.5, 1.0),
        "AGREE" => (1, 5.0, 4.0),
        "SUPPORT" => (1, 3.5, 3.4),
        "REQUEST" => (3, -1.5, -2.0),
        "REJECT" => (3, -4.0, -4.0),
        "THREATEN" => (3, -6.0, -4.4),
        "RETREAT" => (2, 8.0, 7.0),
        "MOBILIZE" => (4, -7.0, -7.2),
        "SANCTION" => (4, -6.5, -8.0),
        "ASSAULT" => (4, -10.0, -10.0),
        "COERCE" => (4, -7.5, -9.5),
        other => panic!("no scores for {other} in the test table"),
    };
    let refs = |spec: &str| -> Vec<ActorRef> {
        spec.split('+')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let mut parts = s.split(' ');
                let code = parts.next().filter(|c| *c != "-").map(str::to_owned);
                ActorRef {
                    text: s.to_owned(),
                    start: 0,
                    end: 0,
                    code,
                    sector: parts.next().map(str::to_owned),
                    name: None,
                    wikidata: None,
                    inferred: None,
                }
            })
            .collect()
    };
    let codes = |v: &[ActorRef]| {
        let mut c: Vec<String> = v.iter().filter_map(|a| a.code.clone()).collect();
        c.sort();
        c.dedup();
        c
    };
    let actor = refs(actor);
    let recipient = refs(recipient);
    StoredEvent {
        id: id.to_owned(),
        event: event.to_owned(),
        mode: None,
        context: vec!["diplomatic".to_owned()],
        cameo: None,
        quad_code: Some(quad),
        event_scale: Some(scale),
        goldstein: Some(goldstein),
        date: (!date.is_empty()).then(|| d(date)),
        date_end: None,
        negated: false,
        aux: Vec::new(),
        actor_codes: codes(&actor),
        recipient_codes: codes(&recipient),
        actor,
        recipient,
        location: None,
        trigger: event.to_lowercase(),
        text: format!("{id}: {event} {}", date),
        language: "en".to_owned(),
        mentions: 1,
        articles: 1,
        sources: 1,
        tables: Some("cameo-goldstein v1; plover-scale v1".to_owned()),
        confidence: None,
        reported_at: None,
    }
}

trait With {
    fn ctx(self, c: &[&str]) -> Self;
    fn mode(self, m: &str) -> Self;
    fn cameo(self, code: &str, quad: u8) -> Self;
    fn mentions(self, n: u32) -> Self;
    fn arabic(self, text: &str) -> Self;
    fn negated(self) -> Self;
    fn aux(self, a: &str) -> Self;
}

impl With for StoredEvent {
    fn ctx(mut self, c: &[&str]) -> Self {
        self.context = c.iter().map(|s| s.to_string()).collect();
        self
    }
    fn mode(mut self, m: &str) -> Self {
        self.mode = Some(m.to_owned());
        self
    }
    fn cameo(mut self, code: &str, quad: u8) -> Self {
        self.cameo = Some(code.to_owned());
        self.quad_code = Some(quad);
        self
    }
    fn mentions(mut self, n: u32) -> Self {
        self.mentions = n;
        self
    }
    fn arabic(mut self, text: &str) -> Self {
        self.text = text.to_owned();
        self.language = "ar".to_owned();
        self
    }
    fn negated(mut self) -> Self {
        self.negated = true;
        self
    }
    fn aux(mut self, a: &str) -> Self {
        self.aux.push(a.to_owned());
        self
    }
}

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) fn watch(name: &str) -> Watch {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../watches")
        .join(name);
    Watch::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Three windows of 14 days: W1 6–19 Jan (progress), W2 20 Jan–2 Feb (escalation), W3 3–16 Feb
/// (a progress score capped by one incident), plus events the watch must count as skipped.
pub(crate) fn corpus() -> Vec<StoredEvent> {
    vec![
        // W1.
        ev("e01", "2026-01-10", "CONSULT", "IRN GOV", "USA GOV"),
        ev("e02", "2026-01-12", "AGREE", "IRN+USA", "").ctx(&["cbrn", "diplomatic"]),
        ev("e03", "2026-01-13", "RETREAT", "USA MIL", "IRN")
            .mode("withdraw")
            .ctx(&["military"]),
        ev("e04", "2026-01-14", "CONSULT", "OMN GOV", "IRN"),
        ev("e05", "2026-01-15", "RETREAT", "USA GOV", "IRN")
            .mode("ease")
            .ctx(&["economic"]),
        // An appeal (CAMEO 020, verbal cooperation), not a demand: a mediator urging the sides.
        ev("e06", "2026-01-16", "REQUEST", "QAT", "USA").cameo("020", 1),
        ev("e07", "2026-01-17", "CONSULT", "IRN GOV", "UNO IGO").ctx(&["cbrn"]),
        ev("e08", "2026-01-08", "SUPPORT", "EGY GOV", "IRN"),
        // W2.
        ev("e10", "2026-01-21", "MOBILIZE", "USA MIL", "").ctx(&["military"]),
        ev("e11", "2026-01-22", "MOBILIZE", "IRN MIL", "").ctx(&["military"]),
        ev("e12", "2026-01-22", "MOBILIZE", "USA MIL", "").ctx(&["military"]),
        ev("e13", "2026-01-25", "THREATEN", "USA GOV", "IRN GOV"),
        ev("e14", "2026-01-26", "REJECT", "IRN GOV", "").ctx(&["cbrn", "diplomatic"]),
        ev("e15", "2026-01-27", "REQUEST", "USA GOV", ""),
        ev("e16", "2026-01-28", "SANCTION", "USA GOV", "IRN").ctx(&["economic"]),
        ev("e17", "2026-01-29", "THREATEN", "USA GOV", "IRN").mode("restrict"),
        ev("e18", "2026-01-30", "ASSAULT", "USA MIL", "IRN MIL").ctx(&["military"]),
        // W3.
        ev("e20", "2026-02-03", "ASSAULT", "USA MIL", "IRN").ctx(&["military"]),
        ev("e21", "2026-02-06", "CONSULT", "IRN GOV", "USA GOV")
            .ctx(&["cbrn", "diplomatic"])
            .mentions(5)
            .arabic("اجتمع وزير الخارجية الإيراني مع المبعوث الأمريكي في مسقط"),
        ev("e22", "2026-02-06", "CONSULT", "OMN GOV", "IRN+USA").ctx(&["cbrn", "diplomatic"]),
        ev("e23", "2026-02-06", "AGREE", "IRN+USA", ""),
        ev("e24", "2026-02-08", "AGREE", "EGY GOV+QAT", "IRN").ctx(&["cbrn", "diplomatic"]),
        ev("e25", "2026-02-09", "CONSULT", "IRN+USA", "").ctx(&["cbrn"]),
        ev("e26", "2026-02-10", "REJECT", "IRN GOV", "")
            .arabic("ورفض الوفد الإيراني أي حديث عن الصواريخ الباليستية"),
        // Skipped: negated, hypothetical, undated, outside the period.
        ev("e27", "2026-02-11", "ASSAULT", "USA MIL", "IRN").negated(),
        ev("e28", "2026-02-12", "CONSULT", "IRN GOV", "USA GOV").aux("hypothetical"),
        ev("e29", "", "SANCTION", "USA GOV", "IRN"),
        ev("e30", "2025-12-01", "ASSAULT", "USA MIL", "IRN"),
    ]
}

pub(crate) fn period() -> Period {
    Period {
        from: Some(d("2026-01-06")),
        to: Some(d("2026-02-16")),
    }
}

pub(crate) fn assess(events: &[StoredEvent]) -> Assessment {
    evaluate(&watch("iran-us-talks.toml"), events, period()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Series, indicators, verdicts.

/// Checks an indicator's value in each window and the ids behind the last non-empty one.
fn check_indicator(a: &Assessment, id: &str, values: [f64; 3], ids: &[&str]) {
    let ind = a
        .indicator(id)
        .unwrap_or_else(|| panic!("no indicator {id}"));
    let got: Vec<f64> = ind.windows.iter().map(|w| w.value).collect();
    assert_eq!(
        got, values,
        "indicator {id}: values per window (watches/iran-us-talks.toml)"
    );
    let all: Vec<&str> = ind
        .windows
        .iter()
        .flat_map(|w| w.event_ids.iter().map(String::as_str))
        .collect();
    assert_eq!(all, ids, "indicator {id}: evidence ids");
    // Every bucket value adds up to the window values.
    let sum: f64 = ind.values.iter().sum();
    assert_eq!(
        sum,
        values.iter().sum::<f64>(),
        "indicator {id}: buckets vs windows"
    );
}

#[test]
fn every_indicator_of_the_flagship_watch_counts_its_events() {
    let a = assess(&corpus());
    check_indicator(
        &a,
        "scope-disputes",
        [0.0, 2.0, 1.0],
        &["e14", "e15", "e26"],
    );
    check_indicator(
        &a,
        "scope-agreement",
        [2.0, 0.0, 3.0],
        &["e01", "e02", "e21", "e23", "e25"],
    );
    check_indicator(&a, "enrichment-steps", [1.0, 0.0, 1.0], &["e02", "e24"]);
    check_indicator(
        &a,
        "enrichment-talks",
        [1.0, 0.0, 3.0],
        &["e07", "e21", "e22", "e25"],
    );
    check_indicator(&a, "enrichment-defiance", [0.0, 1.0, 0.0], &["e14"]);
    check_indicator(&a, "military-incidents", [0.0, 1.0, 1.0], &["e18", "e20"]);
    check_indicator(
        &a,
        "military-buildup",
        [0.0, 3.0, 0.0],
        &["e10", "e11", "e12"],
    );
    check_indicator(&a, "military-threats", [0.0, 2.0, 0.0], &["e13", "e17"]);
    check_indicator(&a, "military-drawdown", [2.0, 0.0, 0.0], &["e03", "e05"]);
    check_indicator(&a, "sanctions-new", [0.0, 1.0, 0.0], &["e16"]);
    check_indicator(&a, "sanctions-threats", [0.0, 1.0, 0.0], &["e17"]);
    check_indicator(&a, "sanctions-easing", [1.0, 0.0, 0.0], &["e05"]);
    check_indicator(
        &a,
        "mediators-active",
        [3.0, 0.0, 2.0],
        &["e08", "e04", "e06", "e22", "e24"],
    );
    // Changes against the previous window.
    let ind = a.indicator("military-buildup").unwrap();
    let changes: Vec<Option<f64>> = ind.windows.iter().map(|w| w.change).collect();
    assert_eq!(changes, [None, Some(3.0), Some(-3.0)]);
}

/// Issue 11: a watch can require the scorer's confidence; events below it are counted, and events
/// coded without a scorer (no confidence) are read.
#[test]
fn issue_11_min_confidence_leaves_out_and_counts_unlikely_events() {
    let mut w = watch("iran-us-talks.toml");
    w.min_confidence = Some(0.5);
    let sure = StoredEvent {
        confidence: Some(0.9),
        ..ev("s1", "2026-02-06", "CONSULT", "IRN", "USA")
    };
    let doubtful = StoredEvent {
        confidence: Some(0.2),
        ..ev("s2", "2026-02-06", "SANCTION", "USA", "IRN")
    };
    let unscored = ev("s3", "2026-02-06", "CONSULT", "USA", "IRN");
    let a = evaluate(&w, &[sure, doubtful, unscored], period()).unwrap();
    assert_eq!(a.skipped.low_confidence, 1);
    assert!(a.event("s1").is_some() && a.event("s3").is_some());
    assert!(a.event("s2").is_none());
}

#[test]
fn skipped_events_are_counted_not_dropped() {
    let a = assess(&corpus());
    assert_eq!(a.skipped.negated, 1);
    assert_eq!(a.skipped.aux, 1);
    assert_eq!(a.skipped.undated, 1);
    assert_eq!(a.skipped.outside_period, 1);
    for id in ["e27", "e28", "e29", "e30"] {
        assert!(a.event(id).is_none(), "{id} must not be evidence");
    }
}

#[test]
fn the_three_windows_give_the_three_verdicts() {
    let a = assess(&corpus());
    let got: Vec<(String, f64, Verdict)> = a
        .windows
        .iter()
        .map(|w| (w.start.to_string(), w.score, w.verdict))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-01-06".to_owned(), 8.5, Verdict::Progress),
            ("2026-01-20".to_owned(), -11.0, Verdict::Escalation),
            // Issue 14: 3.5 before the sequence rules; the incidents of 30 January and 3 February
            // fall in the week before the meeting of 6 February ("incident-before-round",
            // weight 0.5 each, dated by the meeting).
            ("2026-02-03".to_owned(), 2.5, Verdict::ManagedStalemate),
        ]
    );
    let cur = a.current().unwrap();
    assert_eq!(cur.change, Some(13.5));
    // The score said progress; the incident capped it, and says so.
    assert!(cur.reasons[0].contains("progress"), "{:?}", cur.reasons);
    assert!(
        cur.reasons[1].starts_with("military-incidents = 1 ≥ 1: capped at managed stalemate"),
        "{:?}",
        cur.reasons
    );
    // The capping incident leads the evidence.
    assert_eq!(cur.evidence[0], "e20");
    let tests: Vec<(&str, f64, Verdict)> = cur
        .tests
        .iter()
        .map(|t| (t.id.as_str(), t.score, t.verdict))
        .collect();
    assert_eq!(
        tests,
        [
            ("scope", 2.0, Verdict::Progress),
            ("enrichment", 2.5, Verdict::Progress),
            ("military", -3.0, Verdict::Escalation),
            ("sanctions", 0.0, Verdict::ManagedStalemate),
            ("back-channel", 1.0, Verdict::Progress),
        ]
    );
    // Evidence per test: the strongest contributions in the verdict's direction first; the
    // meeting reported five times outranks the equal-weight ones.
    let scope = &cur.tests[0];
    assert_eq!(scope.evidence, ["e21", "e23", "e25"]);
    let military = &cur.tests[2];
    // The meeting e21 is the other half of "incident before a round" (issue 14).
    assert_eq!(military.evidence, ["e20", "e21"]);
    // W2 was already escalation by its score: the cap changes nothing and says so.
    assert!(
        a.windows[1].reasons[1].ends_with("(no change)"),
        "{:?}",
        a.windows[1].reasons
    );
}

#[test]
fn three_incidents_in_a_window_set_the_verdict_to_escalation() {
    let mut events = corpus();
    events.push(ev("e40", "2026-02-12", "ASSAULT", "IRN MIL", "USA MIL"));
    events.push(ev("e41", "2026-02-13", "COERCE", "IRN MIL", "").mode("seize"));
    let a = assess(&events);
    let cur = a.current().unwrap();
    assert_eq!(
        a.indicator("military-incidents").unwrap().windows[2].value,
        3.0
    );
    assert_eq!(cur.verdict, Verdict::Escalation);
    assert!(
        cur.reasons[2].contains(
            "set to escalation (repeated incidents in one window), was managed stalemate"
        ),
        "{:?}",
        cur.reasons
    );
}

#[test]
fn dyad_series_count_each_direction_with_quads_and_scores() {
    let a = assess(&corpus());
    let labels: Vec<&str> = a.dyads.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(labels, ["IRN→USA", "USA→IRN", "IRN+USA"]);
    let fwd = &a.dyads[0].total;
    assert_eq!((fwd.events, fwd.quad), (2, [2, 0, 0, 0]));
    assert_eq!(fwd.event_ids, ["e01", "e21"]);
    let back = &a.dyads[1].total;
    assert_eq!((back.events, back.quad), (7, [0, 2, 2, 3]));
    assert_eq!(back.goldstein_sum, -22.8);
    assert_eq!(back.goldstein_mean, Some(-3.257143));
    assert_eq!(back.scale_sum, -22.5);
    let joint = &a.dyads[2].total;
    assert_eq!(joint.event_ids, ["e02", "e23", "e25"]);
    // Per bucket: 42 days, and the shoot-down of 3 February is on its day.
    assert_eq!(a.buckets.len(), 42);
    let i = a
        .buckets
        .iter()
        .position(|b| b.label == "2026-02-03")
        .unwrap();
    assert_eq!(a.dyads[1].points[i].event_ids, ["e20"]);
    assert_eq!(a.dyads[1].points[i].goldstein_mean, Some(-10.0));
    // The window's dyad point gathers all directions.
    assert_eq!(a.windows[2].dyad.events, 4);
}

#[test]
fn weeks_bucket_the_same_events() {
    let mut w = watch("iran-us-talks.toml");
    w.bucket = crate::Bucket::Week;
    let a = evaluate(&w, &corpus(), period()).unwrap();
    assert_eq!(a.buckets.first().unwrap().label, "2026-W02");
    assert_eq!(a.buckets.len(), 7);
    let ind = a.indicator("military-buildup").unwrap();
    assert_eq!(ind.values, [0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0]);
}

#[test]
fn the_default_period_is_two_windows_ending_on_the_last_event() {
    let a = evaluate(&watch("iran-us-talks.toml"), &corpus(), Period::default()).unwrap();
    assert_eq!((a.from, a.to), (d("2026-01-14"), d("2026-02-10")));
    assert_eq!(a.windows.len(), 2);
    let err = evaluate(
        &watch("iran-us-talks.toml"),
        &corpus(),
        Period {
            from: Some(d("2026-03-01")),
            to: Some(d("2026-02-01")),
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "period: --from 2026-03-01 is after --to 2026-02-01"
    );
}

// ---------------------------------------------------------------------------------------------
// Alerts.

#[test]
fn alerts_fire_on_thresholds_spikes_and_silence_with_their_evidence() {
    let a = assess(&corpus());
    let got: Vec<(AlertKind, &str, String, String, Vec<&str>)> = a
        .alerts
        .iter()
        .map(|al| {
            (
                al.kind,
                al.indicator.as_str(),
                al.start.to_string(),
                al.end.to_string(),
                al.evidence.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                AlertKind::Silence,
                "mediators-active",
                "2026-01-17".into(),
                "2026-02-05".into(),
                vec!["e06", "e04", "e08"]
            ),
            (
                AlertKind::Threshold,
                "military-incidents",
                "2026-01-20".into(),
                "2026-02-02".into(),
                vec!["e18"]
            ),
            (
                AlertKind::Threshold,
                "sanctions-new",
                "2026-01-20".into(),
                "2026-02-02".into(),
                vec!["e16"]
            ),
            (
                AlertKind::Spike,
                "military-buildup",
                "2026-01-22".into(),
                "2026-01-22".into(),
                vec!["e11", "e12"]
            ),
            (
                AlertKind::Threshold,
                "military-incidents",
                "2026-02-03".into(),
                "2026-02-16".into(),
                vec!["e20"]
            ),
        ]
    );
    let spike = &a.alerts[3];
    assert_eq!(spike.value, 2.0);
    assert_eq!(spike.threshold, 0.842711);
    assert!(
        a.alerts[0]
            .message
            .contains("silent for 20 buckets from 2026-01-17"),
        "{}",
        a.alerts[0].message
    );
}

#[test]
fn a_spike_needs_its_minimum_count_and_a_full_baseline() {
    // One buildup event on a quiet baseline is below min_count 2; two on the first day of the
    // period have no baseline to be judged against.
    let events = vec![
        ev("a", "2026-01-06", "MOBILIZE", "USA MIL", ""),
        ev("b", "2026-01-06", "MOBILIZE", "USA MIL", ""),
        ev("c", "2026-01-20", "MOBILIZE", "USA MIL", ""),
    ];
    let a = assess(&events);
    assert!(
        a.alerts.iter().all(|al| al.kind != AlertKind::Spike),
        "{:?}",
        a.alerts
    );
}

// ---------------------------------------------------------------------------------------------
// Scopes and parties.

#[test]
fn a_party_narrowed_to_a_sector_keeps_the_rest_of_its_country_out() {
    let w = watch("israel-hezbollah.toml");
    let hit = ev("h1", "2026-01-10", "ASSAULT", "ISR MIL", "LBN REB");
    let state = ev("h2", "2026-01-10", "ASSAULT", "ISR MIL", "LBN GOV");
    let open = ev("h3", "2026-01-11", "ASSAULT", "LBN REB", "");
    let mediation = ev("h4", "2026-01-12", "CONSULT", "LBN GOV", "ISR");
    let f = &w.indicator("strikes").unwrap().filter;
    assert!(crate::filter::matches(f, &w, &hit));
    assert!(!crate::filter::matches(f, &w, &state));
    assert!(crate::filter::matches(f, &w, &open));
    let m = &w.indicator("mediation").unwrap().filter;
    assert!(crate::filter::matches(m, &w, &mediation));
    assert!(!crate::filter::matches(m, &w, &hit));
    // `mediator` is strict: a US statement with no addressee is not mediation here; on the
    // Iran–US watch, `mediator-or-open` counts Oman speaking with no addressee.
    let us_alone = ev("h5", "2026-01-12", "CONSULT", "USA GOV", "");
    assert!(!crate::filter::matches(m, &w, &us_alone));
    let iran = watch("iran-us-talks.toml");
    let oman_alone = ev("h6", "2026-01-12", "CONSULT", "OMN GOV", "");
    let b = &iran.indicator("mediators-active").unwrap().filter;
    assert!(crate::filter::matches(b, &iran, &oman_alone));
    let a = evaluate(&w, &[hit, state, open, mediation], Period::default()).unwrap();
    assert_eq!(a.buckets[0].label, "2025-W47");
    assert_eq!(
        a.indicator("strikes")
            .unwrap()
            .windows
            .last()
            .unwrap()
            .value,
        2.0
    );
}

// ---------------------------------------------------------------------------------------------
// Definitions and their errors.

const MINIMAL: &str = r#"name = "t"
parties = [{ code = "IRN" }, { code = "USA" }]
[[test]]
id = "t"
[[indicator]]
id = "i"
test = "t"
direction = "progress"
events = ["CONSULT"]
"#;

/// Checks that `text` fails with exactly `expected` (file:line:column: message).
fn check_error(text: &str, expected: &str) {
    match Watch::from_toml(text, "w.toml", Vocabulary::embedded()) {
        Ok(_) => panic!("expected an error: {expected}"),
        Err(e) => assert_eq!(e.to_string(), expected),
    }
}

#[test]
fn the_shipped_watches_load() {
    let w = watch("iran-us-talks.toml");
    assert_eq!(w.id, "iran-us-talks");
    let tests: Vec<&str> = w.tests.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        tests,
        [
            "scope",
            "enrichment",
            "military",
            "sanctions",
            "back-channel"
        ]
    );
    let w = watch("israel-hezbollah.toml");
    assert_eq!(w.parties[1].sectors, ["REB"]);
    assert!(Watch::from_toml(MINIMAL, "w.toml", Vocabulary::embedded()).is_ok());
}

#[test]
fn definition_errors_name_file_line_and_column() {
    check_error(
        &MINIMAL.replace("CONSULT", "CONSULTS"),
        "w.toml:9:11: unknown PLOVER event type \"CONSULTS\" (not in lexicon/plover.tsv)",
    );
    check_error(
        &MINIMAL.replace("{ code = \"USA\" }", "{ code = \"XXA\" }"),
        "w.toml:2:39: unknown actor code \"XXA\" (not in lexicon/countries.tsv nor a non-state code)",
    );
    check_error(
        &format!("{MINIMAL}contexts = [\"nuclear\"]\n"),
        "w.toml:10:13: unknown context \"nuclear\" (not in lexicon/contexts.tsv nor cameo.tsv)",
    );
    check_error(
        &format!("{MINIMAL}modes = [\"aerial\"]\n"),
        "w.toml:10:10: unknown mode \"aerial\" for CONSULT (see lexicon/cameo.tsv)",
    );
    check_error(
        &format!("{MINIMAL}actor_sectors = [\"ARMY\"]\n"),
        "w.toml:10:18: unknown sector \"ARMY\" (not in lexicon/sectors.tsv)",
    );
    check_error(
        &MINIMAL.replace("test = \"t\"", "test = \"u\""),
        "w.toml:7:8: indicator \"i\" names test \"u\", which no [[test]] defines",
    );
    check_error(
        &MINIMAL.replace("{ code = \"USA\" }", "{ code = \"IRN\" }"),
        "w.toml:2:11: the two parties are the same (IRN)",
    );
    check_error(
        &MINIMAL.replace("parties = [{ code = \"IRN\" }, ", "parties = ["),
        "w.toml:2:11: a watch has exactly two parties, found 1",
    );
    check_error(
        &format!("{MINIMAL}[[alert]]\nkind = \"spike\"\nindicator = \"j\"\n"),
        "w.toml:12:13: alert names unknown indicator \"j\"",
    );
    check_error(
        &format!("{MINIMAL}[[alert]]\nkind = \"threshold\"\nindicator = \"i\"\nk = 2\n"),
        "w.toml:12:13: alert on \"i\": field k does not apply to this kind (and 1 more: w.toml:12:13: threshold alert on \"i\" needs at_least)",
    );
    check_error(
        &format!("{MINIMAL}[verdict]\n[[verdict.override]]\nindicator = \"i\"\ncap = \"progress\"\nset = \"escalation\"\n"),
        "w.toml:12:13: a verdict override needs exactly one of cap or set",
    );
}

#[test]
fn toml_and_shape_errors_come_from_the_parser_with_their_position() {
    let e = Watch::from_toml(
        "name = \"t\"\nparties = [\n",
        "w.toml",
        Vocabulary::embedded(),
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with("w.toml:2:12: unclosed array"),
        "{e}"
    );
    let e = Watch::from_toml(
        &MINIMAL.replace("progress", "forward"),
        "w.toml",
        Vocabulary::embedded(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("w.toml:8:13: unknown variant `forward`"),
        "{e}"
    );
    let e = Watch::from_toml(
        &format!("{MINIMAL}colour = 1\n"),
        "w.toml",
        Vocabulary::embedded(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("w.toml:10:1: unknown field `colour`"),
        "{e}"
    );
    let e = Watch::load(std::path::Path::new("no/such/watch.toml")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("no/such/watch.toml: cannot read: "),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Charts.

fn chart(a: &Assessment, name: &str) -> Chart {
    charts(a)
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no chart {name}"))
}

#[test]
fn the_brief_has_a_dyad_chart_and_one_per_test() {
    let a = assess(&corpus());
    let names: Vec<String> = charts(&a).into_iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "dyad-goldstein",
            "dyad-quad",
            "test-scope",
            "test-enrichment",
            "test-military",
            "test-sanctions",
            "test-back-channel"
        ]
    );
}

#[test]
fn svg_charts_draw_one_point_per_bucket_with_labelled_axes() {
    let a = assess(&corpus());
    let c = chart(&a, "test-military");
    let svg = c.svg();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title>Iran–US talks: Military</title>"));
    let lines: Vec<&str> = svg.lines().filter(|l| l.contains("<polyline")).collect();
    assert_eq!(lines.len(), 5, "one line per military indicator");
    for l in &lines {
        let points = l
            .split("points=\"")
            .nth(1)
            .unwrap()
            .trim_end_matches("\"/>");
        assert_eq!(points.split(' ').count(), 42, "one point per bucket: {l}");
    }
    // The buildup line peaks on 22 January: its highest point (smallest y) is bucket 16.
    let buildup = lines[1];
    let ys: Vec<f32> = buildup
        .split("points=\"")
        .nth(1)
        .unwrap()
        .trim_end_matches("\"/>")
        .split(' ')
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let top = ys
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    assert_eq!(top, 16);
    for label in [
        ">2026-01-06<",
        ">2026-02-16<",
        ">events per bucket<",
        ">date<",
        ">− military-buildup<",
        ">0<",
        ">2<",
    ] {
        assert!(svg.contains(label), "missing {label} in the SVG");
    }
}

#[test]
fn png_charts_decode_to_the_chart_size_and_are_not_blank() {
    let a = assess(&corpus());
    let c = chart(&a, "dyad-goldstein");
    let png = c.png().unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let pm = tiny_skia::Pixmap::decode_png(&png).unwrap();
    assert_eq!(
        (pm.width(), pm.height()),
        (crate::chart::WIDTH, crate::chart::HEIGHT)
    );
    let ink = pm
        .pixels()
        .iter()
        .filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200)
        .count();
    assert!(ink > 2000, "only {ink} inked pixels");
    // The USA→IRN line is drawn in the palette's red (#d62728).
    let red = pm
        .pixels()
        .iter()
        .filter(|p| p.red() > 180 && p.green() < 80 && p.blue() < 80)
        .count();
    assert!(red > 50, "only {red} red pixels");
}

// ---------------------------------------------------------------------------------------------
// Renderers.

#[test]
fn the_text_report_shows_verdict_tables_sparklines_and_arabic_in_an_isolate() {
    let a = assess(&corpus());
    let t = render::text(&a);
    assert!(
        t.contains(
            "VERDICT 2026-02-03 .. 2026-02-16: MANAGED STALEMATE   (score 2.5, change 13.5)"
        ),
        "{t}"
    );
    assert!(t.contains("military-incidents = 1 ≥ 1: capped at managed stalemate"));
    let buildup = t
        .lines()
        .find(|l| l.trim_start().starts_with("military-buildup"))
        .unwrap();
    assert!(
        buildup.ends_with(&format!("{}▅█{}", "▁".repeat(15), "▁".repeat(25))),
        "{buildup}"
    );
    let arabic = t.lines().find(|l| l.contains("ورفض")).unwrap();
    assert!(arabic.ends_with("\u{2068}ورفض الوفد الإيراني أي حديث عن الصواريخ الباليستية\u{2069}"));
    assert!(t.contains("[silence] mediators-active silent for 20 buckets"));
    assert!(t.contains(
        "Left out: 1 negated, 1 with an excluded aux mode, 1 undated, 0 below the minimum confidence, 1 outside the period."
    ));
}

#[test]
fn briefs_link_their_charts_and_mark_arabic_right_to_left() {
    let a = assess(&corpus());
    let files = render::render_charts(&a, "brief-charts").unwrap();
    let html = render::html(&a, &files);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<img src=\"brief-charts/test-military.svg\""));
    assert!(html.contains("<a href=\"brief-charts/dyad-goldstein.png\">PNG</a>"));
    assert!(html.contains("<div dir=\"rtl\" lang=\"ar\">اجتمع وزير"));
    assert!(html.contains("class=\"verdict managed-stalemate\">managed stalemate</span>"));
    let md = render::markdown(&a, &files);
    assert!(md.contains("## Verdict 2026-02-03 to 2026-02-16: **managed stalemate**"));
    assert!(md.contains(
        "![Iran–US talks: Scope](brief-charts/test-scope.svg) ([PNG](brief-charts/test-scope.png))"
    ));
    assert!(
        md.contains("| IRN→USA | 2 | 2 | 0 | 0 | 0 | 2 | 1 | 5 | 2.5 |"),
        "{md}"
    );
}

#[test]
fn json_is_the_whole_assessment() {
    let a = assess(&corpus());
    let j = render::json(&a);
    let back: Assessment = serde_json::from_str(&j).unwrap();
    assert_eq!(back, a);
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(v["windows"][2]["verdict"], "managed stalemate");
    assert_eq!(v["alerts"][0]["kind"], "silence");
}

#[test]
fn sparklines_scale_to_the_largest_value() {
    assert_eq!(render::sparkline(&[0.0, 1.0, 2.0, 4.0]), "▁▃▅█");
    assert_eq!(render::sparkline(&[0.0, 0.0]), "▁▁");
}

// ---------------------------------------------------------------------------------------------
// Issue 13, item 14: an indicator's direction must agree with what its events are.

/// A typed example for `ind`: an event of `event` with `mode`, CAMEO quad `quad`, built to pass
/// every other field of the indicator's filter (parties, mediators, codes, sectors, contexts).
fn typed_example(
    w: &Watch,
    ind: &crate::Indicator,
    event: &str,
    mode: &str,
    quad: u8,
) -> StoredEvent {
    use crate::def::Scope;
    let f = &ind.filter;
    let [a, b] = &w.parties;
    let mediator = w
        .mediators
        .first()
        .map_or(a.code.as_str(), |m| m.code.as_str());
    let actor = match (f.actors.first(), f.scope) {
        (Some(c), _) => c.as_str(),
        (None, Scope::Mediator | Scope::MediatorOrOpen) => mediator,
        (None, _) => a.code.as_str(),
    };
    let recipient = match f.recipients.first() {
        Some(c) => c.as_str(),
        None if actor == a.code => b.code.as_str(),
        None => a.code.as_str(),
    };
    // A party narrowed to sectors (Hezbollah: LBN REB) is that code with its first sector.
    let with_sector = |code: &str, sectors: &[String]| {
        let party = w.parties.iter().find(|p| p.code == code);
        match sectors
            .first()
            .or_else(|| party.and_then(|p| p.sectors.first()))
        {
            Some(s) => format!("{code} {s}"),
            None => code.to_owned(),
        }
    };
    let mut e = ev(
        "x",
        "2026-02-06",
        "CONSULT",
        &with_sector(actor, &f.actor_sectors),
        &with_sector(recipient, &f.recipient_sectors),
    );
    e.event = event.to_owned();
    e.mode = (!mode.is_empty()).then(|| mode.to_owned());
    e.quad_code = Some(quad);
    e.context = vec![f
        .contexts
        .first()
        .cloned()
        .unwrap_or_else(|| "diplomatic".to_owned())];
    e
}

/// Every indicator of every shipped watch, against a typed example of each (event type, mode,
/// quad class) of `lexicon/cameo.tsv` its filter names: an example is counted exactly when its
/// quad class points the indicator's way, and otherwise listed as contradicting (never dropped);
/// every indicator counts some example. Issue 13 item 14: an accusation read as scope progress,
/// a refusal of zero enrichment read as enrichment progress.
#[test]
fn issue_13_every_shipped_indicator_counts_only_events_that_point_its_way() {
    let vocab = Vocabulary::embedded();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../watches");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "the shipped watches in {}", dir.display());
    let period = Period {
        from: Some(d("2026-02-01")),
        to: Some(d("2026-02-10")),
    };
    let mut checked = 0;
    for file in &files {
        let w = Watch::load(file).unwrap_or_else(|e| panic!("{e}"));
        // A sequence's indicator counts pairs, whose events point both ways by design (talks,
        // then sanctions); the sequence tests below check it.
        for ind in w.indicators.iter().filter(|i| i.sequence.is_none()) {
            let f = &ind.filter;
            let mut counted_any = false;
            for (event, mode, quad) in &vocab.quads {
                if !(f.events.is_empty() || f.events.contains(event))
                    || !(f.modes.is_empty() || f.modes.contains(mode))
                    || !(f.quads.is_empty() || f.quads.contains(quad))
                {
                    continue;
                }
                let e = typed_example(&w, ind, event, mode, *quad);
                let a = evaluate(&w, std::slice::from_ref(&e), period).unwrap();
                let series = a.indicator(&ind.id).unwrap();
                let counted = series.values.iter().sum::<f64>() > 0.0;
                let listed = series.contradicting.contains(&e.id);
                let agrees = ind.direction.agrees_with_quad(*quad);
                let at = format!(
                    "{}: indicator {} ({:?}) on {event}/{mode} quad {quad}",
                    file.display(),
                    ind.id,
                    ind.direction
                );
                assert!(
                    counted || listed,
                    "{at}: the example does not pass the filter"
                );
                assert_eq!(counted, agrees, "{at}: counted");
                assert_eq!(listed, !agrees, "{at}: listed as contradicting");
                counted_any |= counted;
                checked += 1;
            }
            assert!(
                counted_any,
                "{}: {} counts no typed example",
                file.display(),
                ind.id
            );
        }
    }
    assert!(checked > 100, "only {checked} typed examples");

    // The two cases of the issue, by name, on the flagship watch.
    let w = watch("iran-us-talks.toml");
    let accusation = ev("acc", "2026-02-06", "CONSULT", "USA GOV", "IRN GOV");
    let accusation = StoredEvent {
        event: "ACCUSE".into(),
        ..accusation.cameo("112", 3)
    };
    // "Iran rejects zero enrichment": a refusal, coded REJECT (CAMEO 124, decline to yield).
    let refusal = ev("ref", "2026-02-07", "REJECT", "IRN GOV", "USA GOV")
        .ctx(&["cbrn"])
        .cameo("124", 3);
    // A refused concession that kept its cooperative type (an older coder, or a store filled
    // by another tool) still points toward escalation by its CAMEO code.
    let refused_concession = StoredEvent {
        event: "CONCEDE".into(),
        ..ev("con", "2026-02-08", "AGREE", "IRN GOV", "USA GOV")
            .ctx(&["cbrn"])
            .cameo("124", 3)
    };
    let a = evaluate(&w, &[accusation, refusal, refused_concession], period).unwrap();
    for ind in a
        .indicators
        .iter()
        .filter(|i| i.direction == crate::Direction::Progress)
    {
        assert!(
            ind.values.iter().all(|v| *v == 0.0),
            "{} counts an accusation or a refusal as progress",
            ind.id
        );
    }
    assert_eq!(
        a.indicator("enrichment-defiance")
            .unwrap()
            .bucket_events
            .concat(),
        ["ref"]
    );
    assert_eq!(
        a.indicator("enrichment-steps").unwrap().contradicting,
        ["con"]
    );
    let text = render::text(&a);
    assert!(
        text.contains("enrichment-steps: 1 matching event(s) left out, their type and mode point against progress: con"),
        "{text}"
    );
}

/// A watch whose indicator can only contradict its direction is refused where it is written.
#[test]
fn issue_13_an_indicator_that_can_only_count_the_other_way_is_refused() {
    let text = "name = \"w\"\nparties = [{ code = \"IRN\" }, { code = \"USA\" }]\n[[test]]\nid = \"t\"\n\
         [[indicator]]\nid = \"i\"\ntest = \"t\"\ndirection = \"progress\"\nevents = [\"CONSULT\", \"THREATEN\"]\n";
    let e = Watch::from_toml(text, "w.toml", Vocabulary::embedded()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("w.toml:8:13: direction \"progress\" cannot count THREATEN events"),
        "{e}"
    );
}

/// Issue 13, item 10: a window with none of the watch's events reads "no data", not a
/// "managed stalemate (score 0)", in the assessment and in the text report.
#[test]
fn issue_13_a_window_without_data_says_so() {
    let w = watch("iran-us-talks.toml");
    let events = [ev("e1", "2015-03-02", "CONSULT", "IRN GOV", "USA GOV")];
    let a = evaluate(
        &w,
        &events,
        Period {
            from: Some(d("2015-02-21")),
            to: Some(d("2015-03-20")),
        },
    )
    .unwrap();
    let got: Vec<(String, Verdict)> = a
        .windows
        .iter()
        .map(|w| (w.start.to_string(), w.verdict))
        .collect();
    assert_eq!(
        got,
        [
            ("2015-02-21".to_string(), Verdict::ManagedStalemate),
            ("2015-03-07".to_string(), Verdict::NoData)
        ]
    );
    let cur = a.current().unwrap();
    assert!(cur.tests.iter().all(|t| t.verdict == Verdict::NoData));
    assert!(
        cur.reasons[0].starts_with("no data in this window"),
        "{:?}",
        cur.reasons
    );
    let text = render::text(&a);
    assert!(
        text.contains("VERDICT 2015-03-07 .. 2015-03-20: NO DATA\n"),
        "{text}"
    );
    assert!(!text.contains("MANAGED STALEMATE"), "{text}");
    assert_eq!(
        serde_json::to_value(cur.verdict).unwrap(),
        serde_json::json!("no data")
    );
}
