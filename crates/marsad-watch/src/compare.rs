//! Two periods side by side for a watch's tests (issue 14, item 4): "this round of talks against
//! the last". Each period is judged as one verdict window spanning it, by the watch's own rule
//! (indicators, thresholds, overrides, `no data`), and each test's score, verdict, indicator
//! values and strongest evidence are set beside the other period's, with the change from the
//! first period (`a`) to the second (`b`).
//!
//! The thresholds are the watch's, written for its `window_days`: two periods of different
//! lengths are compared as counts, not rates, and [`PeriodSide::days`] says how long each was.
//! [`compare`] is a pure function over stored events; [`crate::store::compare`] reads them and
//! picks the default periods (the current verdict window against the one before it).

use chrono::NaiveDate;
use marsad_store::model::StoredEvent;
use serde::{Deserialize, Serialize};

use crate::assess::{evaluate, Assessment, EvidenceEvent, Period, TestInfo};
use crate::def::{Bucket, Direction, Verdict, Watch};
use crate::error::{Error, ErrorKind};

/// The longest period one side may span, in days (the watch format's window bound).
pub const MAX_PERIOD_DAYS: i64 = 366;

/// The comparison: both periods, then one row per test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub watch: String,
    pub name: String,
    pub a: PeriodSide,
    pub b: PeriodSide,
    pub tests: Vec<TestComparison>,
    /// Every event either side cites, sorted by id, with its sentence.
    pub events: Vec<EvidenceEvent>,
}

/// One period judged as a single window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodSide {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    pub score: f64,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    /// Events of the watch the indicators counted in the period.
    pub events: usize,
}

/// One test in both periods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestComparison {
    pub id: String,
    pub title: String,
    pub question: String,
    pub a: TestSide,
    pub b: TestSide,
    /// `b.score − a.score`.
    pub change: f64,
}

/// A test in one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestSide {
    pub score: f64,
    pub verdict: Verdict,
    pub indicators: Vec<IndicatorValue>,
    /// The test's strongest events in the period.
    pub evidence: Vec<String>,
}

/// An indicator's value in one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub id: String,
    pub title: String,
    pub direction: Direction,
    pub weight: f64,
    pub value: f64,
}

/// Compares `w` over period `a` (read from `a_events`) with period `b` (from `b_events`). Both
/// periods need both ends; events outside a period are ignored for it.
pub fn compare(
    w: &Watch,
    a_events: &[StoredEvent],
    a: (NaiveDate, NaiveDate),
    b_events: &[StoredEvent],
    b: (NaiveDate, NaiveDate),
) -> Result<Comparison, Error> {
    let ja = judge(w, a_events, a, "a")?;
    let jb = judge(w, b_events, b, "b")?;
    let tests = ja
        .watch
        .tests
        .iter()
        .map(|t: &TestInfo| {
            let (sa, sb) = (test_side(&ja, &t.id), test_side(&jb, &t.id));
            TestComparison {
                id: t.id.clone(),
                title: t.title.clone(),
                question: t.question.clone(),
                change: crate::assess::round(sb.score - sa.score),
                a: sa,
                b: sb,
            }
        })
        .collect();
    let mut events: Vec<EvidenceEvent> = ja.events.iter().chain(&jb.events).cloned().collect();
    events.sort_by(|x, y| x.id.cmp(&y.id));
    events.dedup_by(|x, y| x.id == y.id);
    Ok(Comparison {
        watch: w.id.clone(),
        name: w.name.clone(),
        a: period_side(&ja),
        b: period_side(&jb),
        tests,
        events,
    })
}

/// The watch's assessment of one period as one window. Alerts and daily series are not needed,
/// so the copy has no alerts and weekly buckets (the verdict does not depend on the bucket).
fn judge(
    w: &Watch,
    events: &[StoredEvent],
    (from, to): (NaiveDate, NaiveDate),
    side: &str,
) -> Result<Assessment, Error> {
    let days = (to - from).num_days() + 1;
    if days < 1 {
        return Err(Error::new(
            format!("period {side}"),
            ErrorKind::Invalid(format!("from {from} is after to {to}")),
        ));
    }
    if days > MAX_PERIOD_DAYS {
        return Err(Error::new(
            format!("period {side}"),
            ErrorKind::Invalid(format!(
                "{from} to {to} is {days} days; a compared period is at most {MAX_PERIOD_DAYS}"
            )),
        ));
    }
    let mut one = w.clone();
    one.window_days = days as u32;
    one.bucket = Bucket::Week;
    one.alerts.clear();
    evaluate(
        &one,
        events,
        Period {
            from: Some(from),
            to: Some(to),
        },
    )
}

fn period_side(a: &Assessment) -> PeriodSide {
    let win = a
        .current()
        .expect("a period of at least one day has one window");
    let counted: std::collections::BTreeSet<&str> = a
        .indicators
        .iter()
        .flat_map(|i| i.windows[0].event_ids.iter().map(String::as_str))
        .collect();
    PeriodSide {
        from: a.from,
        to: a.to,
        days: (a.to - a.from).num_days() + 1,
        score: win.score,
        verdict: win.verdict,
        reasons: win.reasons.clone(),
        events: counted.len(),
    }
}

fn test_side(a: &Assessment, test: &str) -> TestSide {
    let tw = a
        .current()
        .and_then(|w| w.tests.iter().find(|t| t.id == test));
    TestSide {
        score: tw.map_or(0.0, |t| t.score),
        verdict: tw.map_or(Verdict::NoData, |t| t.verdict),
        indicators: a
            .indicators
            .iter()
            .filter(|i| i.test == test)
            .map(|i| IndicatorValue {
                id: i.id.clone(),
                title: i.title.clone(),
                direction: i.direction,
                weight: i.weight,
                value: i.windows[0].value,
            })
            .collect(),
        evidence: tw.map(|t| t.evidence.clone()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{corpus, d};

    fn flagship() -> Watch {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../watches/iran-us-talks.toml");
        Watch::load(&path).unwrap()
    }

    /// Compares two periods of the flagship corpus and checks each test as
    /// `(id, a score, a verdict, b score, b verdict)`.
    fn check(
        a: (&str, &str),
        b: (&str, &str),
        expected: &[(&str, f64, Verdict, f64, Verdict)],
    ) -> Comparison {
        let events = corpus();
        let c = compare(
            &flagship(),
            &events,
            (d(a.0), d(a.1)),
            &events,
            (d(b.0), d(b.1)),
        )
        .unwrap();
        let got: Vec<(&str, f64, Verdict, f64, Verdict)> = c
            .tests
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.a.score,
                    t.a.verdict,
                    t.b.score,
                    t.b.verdict,
                )
            })
            .collect();
        assert_eq!(got, expected);
        for t in &c.tests {
            assert_eq!(t.change, crate::assess::round(t.b.score - t.a.score));
            for id in t.a.evidence.iter().chain(&t.b.evidence) {
                assert!(
                    c.events.binary_search_by(|e| e.id.as_str().cmp(id)).is_ok(),
                    "{id}"
                );
            }
        }
        c
    }

    #[test]
    fn a_round_of_escalation_against_the_round_of_talks_after_it() {
        // The corpus's second and third windows (see `crate::tests::corpus`): the same scores and
        // verdicts the tiled windows give, set side by side.
        let c = check(
            ("2026-01-20", "2026-02-02"),
            ("2026-02-03", "2026-02-16"),
            &[
                ("scope", -2.0, Verdict::Escalation, 2.0, Verdict::Progress),
                (
                    "enrichment",
                    -1.0,
                    Verdict::Escalation,
                    2.5,
                    Verdict::Progress,
                ),
                (
                    "military",
                    -6.0,
                    Verdict::Escalation,
                    // The incident-before-round sequence's matches (-0.5 each, paired with
                    // events up to 7 days outside the period too) join the drone shot down.
                    -3.0,
                    Verdict::Escalation,
                ),
                (
                    "sanctions",
                    -2.0,
                    Verdict::Escalation,
                    0.0,
                    Verdict::ManagedStalemate,
                ),
                // No mediator spoke, but the window has data: a zero score, not "no data".
                (
                    "back-channel",
                    0.0,
                    Verdict::ManagedStalemate,
                    1.0,
                    Verdict::Progress,
                ),
            ],
        );
        assert_eq!((c.a.score, c.a.verdict), (-11.0, Verdict::Escalation));
        assert_eq!((c.b.score, c.b.verdict), (2.5, Verdict::ManagedStalemate));
        assert_eq!((c.a.days, c.b.days), (14, 14));
        // The same numbers as the tiled windows of the full assessment.
        let full = crate::tests::assess(&corpus());
        for (side, win) in [(&c.a, &full.windows[1]), (&c.b, &full.windows[2])] {
            assert_eq!((side.score, side.verdict), (win.score, win.verdict));
            assert_eq!(side.reasons, win.reasons);
        }
        let military = &c.tests[2];
        // The drone shot down, and the round it came before (the sequence's evidence).
        assert_eq!(military.b.evidence, ["e20", "e21"]);
        let incidents = military
            .b
            .indicators
            .iter()
            .find(|i| i.id == "military-incidents")
            .unwrap();
        assert_eq!(incidents.value, 1.0);
    }

    #[test]
    fn an_empty_period_reads_no_data_and_a_reversed_one_is_refused() {
        let events = corpus();
        let c = compare(
            &flagship(),
            &events,
            (d("2025-06-01"), d("2025-06-30")),
            &events,
            (d("2026-02-03"), d("2026-02-16")),
        )
        .unwrap();
        assert_eq!(c.a.verdict, Verdict::NoData);
        assert!(c.tests.iter().all(|t| t.a.verdict == Verdict::NoData));
        let err = compare(
            &flagship(),
            &events,
            (d("2026-02-10"), d("2026-02-01")),
            &events,
            (d("2026-02-03"), d("2026-02-16")),
        )
        .unwrap_err();
        assert!(err.to_string().contains("period a"), "{err}");
        let err = compare(
            &flagship(),
            &events,
            (d("2024-01-01"), d("2026-02-01")),
            &events,
            (d("2026-02-03"), d("2026-02-16")),
        )
        .unwrap_err();
        assert!(err.to_string().contains("at most 366"), "{err}");
    }
}
