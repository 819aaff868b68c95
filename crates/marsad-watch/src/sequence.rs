//! Sequence rules: "an event matching B within Δt after (or before) an event matching A" (issue 14,
//! item 1). An analyst reads timing, not only counts: US sanctions announced hours after a round
//! of talks say "negotiating and pressuring at once", which two separate counts cannot say.
//!
//! How a pair is timed and ordered. Events are dated by day; a day says nothing of the hour.
//!
//! - Two events of different days are as far apart as their dates: `days × 24` hours. `b` on
//!   9 February is within `72h` after `a` on 6 February, not on the 10th.
//! - Two events of the same day are ordered by their publication times when both are known
//!   ([`StoredEvent::reported_at`]: the earliest time an article reporting the event on its own day
//!   was published, the latest it can have happened). A pair ordered the wrong way does not match.
//! - Otherwise the same-day pair is *unordered*: it matches either way, is marked
//!   `ordered: false`, and counts once even when each event could be the other's `a` (an incident
//!   and a meeting on one day match "incident before meeting" once, not once per reading).
//!
//! Each `b` event matches at most once, with the nearest `a` (then an ordered pair before an
//! unordered one, then the `a` with more mentions, the story's main report, then the smaller id): the count of a sequence is the number of `b` events that
//! followed (or preceded) an `a`. A match is dated by the later of its two events, the day the
//! pattern is complete, and that date puts it in a bucket and a verdict window. An event never
//! pairs with itself. A match counts when its date is in the
//! period; its other event may lie up to Δt (plus a day) outside it (`assess::sequence_reach`).

use std::collections::HashSet;

use chrono::NaiveDate;
use marsad_store::model::StoredEvent;
use serde::{Deserialize, Serialize};

use crate::def::{Sequence, SequenceOrder, SequenceStep, Watch};
use crate::filter;

/// One sequence rule over the period: its definition and every match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SequenceSeries {
    pub id: String,
    pub title: String,
    pub order: SequenceOrder,
    pub within_hours: u32,
    /// Matches, oldest first (by their date, then `b`'s id).
    pub matches: Vec<SequenceMatch>,
}

/// One match: both events, their dates, and how they were ordered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SequenceMatch {
    /// The event matching step `a` and the one matching step `b`.
    pub a: String,
    pub b: String,
    pub a_date: NaiveDate,
    pub b_date: NaiveDate,
    /// The later of the two dates: when the pattern is complete.
    pub date: NaiveDate,
    /// The gap in hours from the earlier event to the later: exact when both publication times
    /// are known, else whole days × 24.
    pub hours: f64,
    /// False for a same-day pair whose order is unknown (see the module docs).
    pub ordered: bool,
}

/// True when the event passes a sequence step (its filter and minimum confidence).
pub fn step_matches(s: &SequenceStep, w: &Watch, e: &StoredEvent) -> bool {
    filter::matches(&s.filter, w, e)
        && !s
            .min_confidence
            .is_some_and(|min| e.confidence.is_some_and(|c| c < min))
}

/// Every match of `q` among `events` (dated, read by the watch, in any order).
pub fn find<'a>(
    q: &Sequence,
    w: &Watch,
    events: &[(&'a StoredEvent, NaiveDate)],
) -> Vec<SequenceMatch> {
    let a_side: Vec<&(&StoredEvent, NaiveDate)> = events
        .iter()
        .filter(|(e, _)| step_matches(&q.a, w, e))
        .collect();
    // `a_side` sorted by date: each `b` reads only the days its window can reach, so a year of
    // events costs a binary search and a few neighbours per `b`, not every pair.
    let mut a_side = a_side;
    a_side.sort_by_key(|(_, d)| *d);
    let reach = chrono::Days::new(u64::from(q.within_hours / 24));
    let mut out: Vec<SequenceMatch> = Vec::new();
    let mut unordered: HashSet<(&str, &str)> = HashSet::new();
    let pair = |x: &'a str, y: &'a str| if x < y { (x, y) } else { (y, x) };
    for (b, b_date) in events.iter().filter(|(e, _)| step_matches(&q.b, w, e)) {
        let (lo, hi) = match q.order {
            SequenceOrder::After => (b_date.checked_sub_days(reach).unwrap_or(*b_date), *b_date),
            SequenceOrder::Before => (*b_date, b_date.checked_add_days(reach).unwrap_or(*b_date)),
        };
        let from = a_side.partition_point(|(_, d)| *d < lo);
        let to = a_side.partition_point(|(_, d)| *d <= hi);
        let best = a_side[from..to]
            .iter()
            .filter(|(a, _)| a.id != b.id)
            .filter_map(|(a, a_date)| {
                let (hours, ordered) = gap(q.order, (a, *a_date), (b, *b_date))?;
                (hours <= f64::from(q.within_hours)).then_some((hours, ordered, *a, *a_date))
            })
            .min_by(|x, y| {
                x.0.total_cmp(&y.0)
                    .then_with(|| y.1.cmp(&x.1))
                    .then_with(|| y.2.mentions.cmp(&x.2.mentions))
                    .then_with(|| x.2.id.cmp(&y.2.id))
            });
        let Some((hours, ordered, a, a_date)) = best else {
            continue;
        };
        // An unordered pair counts once, whichever event was read as `a`.
        if !ordered && !unordered.insert(pair(&a.id, &b.id)) {
            continue;
        }
        out.push(SequenceMatch {
            a: a.id.clone(),
            b: b.id.clone(),
            a_date,
            b_date: *b_date,
            date: a_date.max(*b_date),
            hours,
            ordered,
        });
    }
    out.sort_by(|x, y| x.date.cmp(&y.date).then_with(|| x.b.cmp(&y.b)));
    out
}

/// How far `b` lies from `a` in the rule's direction, in hours, and whether the order is known;
/// `None` when `b` lies the other way.
fn gap(
    order: SequenceOrder,
    a: (&StoredEvent, NaiveDate),
    b: (&StoredEvent, NaiveDate),
) -> Option<(f64, bool)> {
    // `first` must come no later than `second`.
    let (first, second) = match order {
        SequenceOrder::After => (a, b),
        SequenceOrder::Before => (b, a),
    };
    let days = (second.1 - first.1).num_days();
    if days < 0 {
        return None;
    }
    if days > 0 {
        return Some((days as f64 * 24.0, true));
    }
    match (first.0.reported_at, second.0.reported_at) {
        (Some(t1), Some(t2)) if t1 <= t2 => Some(((t2 - t1).num_seconds() as f64 / 3600.0, true)),
        (Some(_), Some(_)) => None,
        _ => Some((0.0, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate, Period, Vocabulary};

    /// A watch of the Iran–US dyad with one sequence rule (`rule`, TOML of one `[[sequence]]`
    /// without its header) fed into an indicator, an alert and the verdict.
    fn watch(rule: &str) -> Watch {
        let text = format!(
            r#"
            name = "seq"
            parties = [{{ code = "IRN" }}, {{ code = "USA" }}]
            mediators = [{{ code = "OMN" }}]
            window_days = 14
            [[test]]
            id = "t"
            [[sequence]]
            id = "s"
            {rule}
            [[indicator]]
            id = "s-count"
            test = "t"
            direction = "escalation"
            weight = 3.0
            sequence = "s"
            [[alert]]
            kind = "threshold"
            indicator = "s-count"
            at_least = 1
            "#
        );
        Watch::from_toml(&text, "seq.toml", Vocabulary::embedded())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    const PRESSURE: &str = r#"
        direction = "after"
        within = "72h"
        a = { events = ["CONSULT"], scope = "dyad" }
        b = { events = ["SANCTION"], actors = ["USA"], recipients = ["IRN"] }
    "#;

    /// `id date[Thh:mm] TYPE ACTOR>RECIPIENT`; the time, when given, is the event's report time.
    fn ev(spec: &str) -> StoredEvent {
        let f: Vec<&str> = spec.split_whitespace().collect();
        let (date, time) = match f[1].split_once('T') {
            Some((d, t)) => (d, Some(format!("{d}T{t}:00Z"))),
            None => (f[1], None),
        };
        let (actor, recipient) = f[3].split_once('>').unwrap();
        let side = |c: &str| {
            serde_json::json!([{ "text": c, "start": 0, "end": 3, "code": c, "sector": null,
                                 "name": null, "wikidata": null }])
        };
        let quad = if f[2] == "CONSULT" { 1 } else { 4 };
        serde_json::from_value(serde_json::json!({
            "id": f[0], "event": f[2], "mode": null, "context": [], "cameo": null,
            "quad_code": quad, "event_scale": null, "goldstein": null, "date": date,
            "date_end": null, "negated": false, "aux": [], "actor": side(actor),
            "recipient": side(recipient), "actor_codes": [actor], "recipient_codes": [recipient],
            "location": null, "trigger": "t", "text": format!("{} sentence", f[0]),
            "language": "en", "mentions": 1, "articles": 1, "sources": 1, "tables": null,
            "reported_at": time
        }))
        .unwrap()
    }

    /// Checks the matches of the watch's rule over `events` as `(a, b, ordered)`.
    fn check(rule: &str, events: &[&str], expected: &[(&str, &str, bool)]) {
        let w = watch(rule);
        let events: Vec<StoredEvent> = events.iter().map(|s| ev(s)).collect();
        let period = Period {
            from: Some("2026-02-01".parse().unwrap()),
            to: Some("2026-02-14".parse().unwrap()),
        };
        let a = evaluate(&w, &events, period).unwrap();
        let got: Vec<(&str, &str, bool)> = a.sequences[0]
            .matches
            .iter()
            .map(|m| (m.a.as_str(), m.b.as_str(), m.ordered))
            .collect();
        assert_eq!(got, expected, "sequence matches (src/sequence.rs)");
        // Every match is evidence, counted by the indicator and behind the alert.
        let ind = a.indicator("s-count").unwrap();
        assert_eq!(ind.windows[0].value, expected.len() as f64);
        for (x, y, _) in expected {
            assert!(a.event(x).is_some() && a.event(y).is_some());
            assert!(ind.windows[0].event_ids.iter().any(|i| i == x));
            assert!(a.alerts[0].evidence.iter().any(|i| i == y));
        }
        assert_eq!(a.alerts.is_empty(), expected.is_empty());
        assert_eq!(a.windows[0].score, -3.0 * expected.len() as f64);
    }

    #[test]
    fn sanctions_within_72_hours_after_a_meeting_match_with_both_events() {
        check(
            PRESSURE,
            &[
                "m 2026-02-06 CONSULT IRN>USA",
                "s 2026-02-09 SANCTION USA>IRN",
            ],
            &[("m", "s", true)],
        );
        // Four days later, or before the meeting: no match.
        check(
            PRESSURE,
            &[
                "m 2026-02-06 CONSULT IRN>USA",
                "s 2026-02-10 SANCTION USA>IRN",
                "t 2026-02-05 SANCTION USA>IRN",
            ],
            &[],
        );
        // A meeting of other parties is not an Iran–US meeting.
        check(
            PRESSURE,
            &[
                "m 2026-02-06 CONSULT OMN>QAT",
                "s 2026-02-07 SANCTION USA>IRN",
            ],
            &[],
        );
    }

    #[test]
    fn a_same_day_pair_is_ordered_by_publication_times_else_unordered() {
        // No times: unordered, and it matches.
        check(
            PRESSURE,
            &[
                "m 2026-02-06 CONSULT IRN>USA",
                "s 2026-02-06 SANCTION USA>IRN",
            ],
            &[("m", "s", false)],
        );
        // Reported hours after the talks: ordered.
        check(
            PRESSURE,
            &[
                "m 2026-02-06T10:00 CONSULT IRN>USA",
                "s 2026-02-06T18:30 SANCTION USA>IRN",
            ],
            &[("m", "s", true)],
        );
        // Reported before the talks: not "after".
        check(
            PRESSURE,
            &[
                "m 2026-02-06T18:00 CONSULT IRN>USA",
                "s 2026-02-06T09:00 SANCTION USA>IRN",
            ],
            &[],
        );
    }

    #[test]
    fn an_unordered_pair_counts_once_when_each_event_could_be_the_first() {
        check(
            r#"
            direction = "after"
            within = "24h"
            a = { events = ["ASSAULT", "SANCTION"], scope = "dyad" }
            b = { events = ["ASSAULT", "SANCTION"], scope = "dyad" }
            "#,
            &[
                "x 2026-02-06 ASSAULT USA>IRN",
                "y 2026-02-06 SANCTION USA>IRN",
            ],
            &[("y", "x", false)],
        );
    }

    #[test]
    fn before_looks_back_from_the_first_step_in_days() {
        let rule = r#"
            direction = "before"
            within = "7d"
            a = { events = ["CONSULT"], scope = "dyad" }
            b = { events = ["ASSAULT"], scope = "dyad" }
        "#;
        check(
            rule,
            &[
                "i 2026-02-03 ASSAULT USA>IRN",
                "r 2026-02-10 CONSULT IRN>USA",
            ],
            &[("r", "i", true)],
        );
        check(
            rule,
            &[
                "i 2026-02-02 ASSAULT USA>IRN",
                "r 2026-02-10 CONSULT IRN>USA",
                "j 2026-02-11 ASSAULT USA>IRN",
            ],
            &[],
        );
    }

    #[test]
    fn a_step_leaves_out_events_under_its_minimum_confidence() {
        let w = watch(
            r#"
            direction = "after"
            within = "72h"
            a = { events = ["CONSULT"], scope = "dyad" }
            b = { events = ["SANCTION"], scope = "dyad", min_confidence = 0.5 }
            "#,
        );
        let m = ev("m 2026-02-06 CONSULT IRN>USA");
        let mut s = ev("s 2026-02-07 SANCTION USA>IRN");
        s.confidence = Some(0.3);
        let evs = [(&m, m.date.unwrap()), (&s, s.date.unwrap())];
        assert!(find(&w.sequences[0], &w, &evs).is_empty());
        s.confidence = Some(0.8);
        let evs = [(&m, m.date.unwrap()), (&s, s.date.unwrap())];
        assert_eq!(find(&w.sequences[0], &w, &evs).len(), 1);
    }

    #[test]
    fn a_bad_rule_is_refused_with_its_position() {
        let check_err = |rule: &str, indicator_extra: &str, want: &str| {
            let text = format!(
                "name = \"x\"\nparties = [{{ code = \"IRN\" }}, {{ code = \"USA\" }}]\n\
                 [[test]]\nid = \"t\"\n[[sequence]]\nid = \"s\"\n{rule}\n\
                 [[indicator]]\nid = \"i\"\ntest = \"t\"\ndirection = \"escalation\"\n{indicator_extra}\n"
            );
            let e = Watch::from_toml(&text, "w.toml", Vocabulary::embedded())
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{e}");
        };
        let ok_rule = "direction = \"after\"\nwithin = \"72h\"\na = { events = [\"CONSULT\"] }\nb = { events = [\"SANCTION\"] }";
        check_err(
            &ok_rule.replace("72h", "3w"),
            "sequence = \"s\"",
            "w.toml:8:10: within must be hours or days",
        );
        check_err(ok_rule, "sequence = \"t\"", "which no [[sequence]] defines");
        check_err(
            ok_rule,
            "sequence = \"s\"\nevents = [\"ASSAULT\"]",
            "its filter lives in the [[sequence]]",
        );
        check_err(
            &ok_rule.replace("SANCTION", "SANCTIONS"),
            "sequence = \"s\"",
            "unknown PLOVER event type \"SANCTIONS\"",
        );
    }
}
