//! The verdict rule: a signed score per window, thresholds, overrides, and the evidence that moved it.
//!
//! - An indicator contributes `sign · weight · value`, where `sign` is +1 for `progress` and −1 for
//!   `escalation` and `value` is its count in the window (events, or mentions; see
//!   [`crate::def::Measure`]).
//! - A test's score is the sum over its indicators; its verdict is `progress` above
//!   `test_progress_above`, `escalation` below `test_escalation_below`, else `managed stalemate`.
//! - The window's score is the sum over all indicators, judged by `progress_above` and
//!   `escalation_below` the same way.
//! - Then each override, in file order: when its indicator's window value reaches `at_least`, `cap`
//!   makes the verdict no better than its value (a shot-down drone in a week of talks caps the
//!   verdict at `managed stalemate`), and `set` replaces it.
//! - A window that holds none of the watch's usable events reads `no data`, for the window and
//!   each test, with no score judged and no override applied: an empty window is not a stalemate.
//! - Evidence: the events of the window ranked by their signed contribution in the verdict's
//!   direction (positive first for `progress`, negative first for `escalation`, largest magnitude
//!   for `managed stalemate`), ties broken by mentions, |Goldstein|, later date, then id. The events
//!   of an override that applied come first in the window's evidence.

use chrono::NaiveDate;
use marsad_store::model::StoredEvent;

use crate::assess::{round, DyadPoint, IndicatorSeries, TestWindow, WindowAssessment};
use crate::def::{OverrideEffect, Verdict, Watch};

/// Judges one score against a pair of thresholds.
pub fn judge(score: f64, progress_above: f64, escalation_below: f64) -> Verdict {
    if score > progress_above {
        Verdict::Progress
    } else if score < escalation_below {
        Verdict::Escalation
    } else {
        Verdict::ManagedStalemate
    }
}

/// Assesses window `wi` (its dates `range`) from the indicator series; `matched[i]` lists the
/// positions in `events` (sorted by date) of the events indicator `i` counts.
pub(crate) fn window(
    w: &Watch,
    indicators: &[IndicatorSeries],
    matched: &[Vec<u32>],
    events: &[&StoredEvent],
    wi: usize,
    range: (NaiveDate, NaiveDate),
    dyad: DyadPoint,
) -> WindowAssessment {
    let rule = &w.verdict;
    // The window's events are the contiguous run of `events` dated inside it.
    let lo = events.partition_point(|e| e.date < Some(range.0));
    let hi = events.partition_point(|e| e.date <= Some(range.1));
    let mut tests = Vec::new();
    let mut overall = vec![0.0f64; hi - lo];
    let mut touched_overall = vec![false; hi - lo];
    let mut score = 0.0;
    for t in &w.tests {
        let mut t_score = 0.0;
        let mut contrib = vec![0.0f64; hi - lo];
        let mut touched = vec![false; hi - lo];
        for (ind, hits) in indicators
            .iter()
            .zip(matched)
            .filter(|(i, _)| i.test == t.id)
        {
            let sign = ind.direction.sign();
            t_score += sign * ind.weight * ind.windows[wi].value;
            // `hits` is ascending: the window's hits are a slice of it.
            let from = hits.partition_point(|k| (*k as usize) < lo);
            let to = hits.partition_point(|k| (*k as usize) < hi);
            for &k in &hits[from..to] {
                let j = k as usize - lo;
                contrib[j] +=
                    sign * ind.weight * crate::assess::measure(ind.measure, events[k as usize]);
                touched[j] = true;
            }
        }
        for j in 0..contrib.len() {
            if touched[j] {
                overall[j] += contrib[j];
                touched_overall[j] = true;
            }
        }
        score += t_score;
        let verdict = if hi == lo {
            Verdict::NoData
        } else {
            judge(
                t_score,
                rule.test_progress_above,
                rule.test_escalation_below,
            )
        };
        tests.push(TestWindow {
            id: t.id.clone(),
            score: round(t_score),
            change: None,
            verdict,
            evidence: rank(&events[lo..hi], &contrib, &touched, verdict, rule.evidence),
        });
    }
    let score = round(score);
    let days = (range.1 - range.0).num_days() + 1;
    if hi == lo {
        // Nothing to judge: saying "managed stalemate (score 0)" would read as a finding.
        return WindowAssessment {
            start: range.0,
            end: range.1,
            partial: days < i64::from(w.window_days),
            score,
            change: None,
            dyad,
            verdict: Verdict::NoData,
            reasons: vec![format!(
                "no data in this window: none of the watch's events is dated {} to {}",
                range.0, range.1
            )],
            tests,
            evidence: Vec::new(),
        };
    }
    let mut verdict = judge(score, rule.progress_above, rule.escalation_below);
    let mut reasons = vec![format!(
        "score {score:+} against thresholds progress > {} and escalation < {}: {verdict}",
        rule.progress_above, rule.escalation_below
    )];
    let mut evidence: Vec<String> = Vec::new();
    for o in &rule.overrides {
        let Some(ind) = indicators.iter().find(|i| i.id == o.indicator) else {
            continue;
        };
        let iw = &ind.windows[wi];
        if iw.value < o.at_least {
            continue;
        }
        let before = verdict;
        let (how, after) = match o.effect {
            OverrideEffect::Cap(c) => ("capped at", before.min(c)),
            OverrideEffect::Set(s) => ("set to", s),
        };
        verdict = after;
        let note = if o.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", o.note)
        };
        let target = match o.effect {
            OverrideEffect::Cap(v) | OverrideEffect::Set(v) => v,
        };
        reasons.push(format!(
            "{} = {} ≥ {}: {how} {target}{note}{}",
            o.indicator,
            iw.value,
            o.at_least,
            if before == after {
                " (no change)".to_owned()
            } else {
                format!(", was {before}")
            }
        ));
        for id in iw.event_ids.iter().take(rule.evidence) {
            if !evidence.contains(id) {
                evidence.push(id.clone());
            }
        }
    }
    for id in rank(
        &events[lo..hi],
        &overall,
        &touched_overall,
        verdict,
        rule.evidence,
    ) {
        if !evidence.contains(&id) {
            evidence.push(id);
        }
    }
    WindowAssessment {
        start: range.0,
        end: range.1,
        partial: days < i64::from(w.window_days),
        score,
        change: None,
        dyad,
        verdict,
        reasons,
        tests,
        evidence,
    }
}

/// The `n` events that best explain `verdict`, by the ranking in the module docs; `contrib[j]` is
/// the signed contribution of `events[j]`, counted only where `touched[j]`.
fn rank(
    events: &[&StoredEvent],
    contrib: &[f64],
    touched: &[bool],
    verdict: Verdict,
    n: usize,
) -> Vec<String> {
    let key = |c: f64| match verdict {
        Verdict::Progress => -c,
        Verdict::Escalation => c,
        Verdict::ManagedStalemate | Verdict::NoData => -c.abs(),
    };
    // Keys are computed once per event: the comparator then compares plain numbers.
    let mut v: Vec<(f64, u32, f32, Option<NaiveDate>, &str)> = events
        .iter()
        .zip(contrib)
        .zip(touched)
        .filter(|(_, t)| **t)
        .map(|((e, c), _)| {
            (
                key(*c),
                e.mentions,
                e.goldstein.map_or(0.0, f32::abs),
                e.date,
                e.id.as_str(),
            )
        })
        .collect();
    v.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| b.2.total_cmp(&a.2))
            .then_with(|| b.3.cmp(&a.3))
            .then_with(|| a.4.cmp(b.4))
    });
    v.into_iter().take(n).map(|k| k.4.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_judged_strictly_against_the_thresholds() {
        assert_eq!(judge(2.5, 2.0, -2.0), Verdict::Progress);
        assert_eq!(judge(2.0, 2.0, -2.0), Verdict::ManagedStalemate);
        assert_eq!(judge(-2.0, 2.0, -2.0), Verdict::ManagedStalemate);
        assert_eq!(judge(-2.5, 2.0, -2.0), Verdict::Escalation);
    }
}
