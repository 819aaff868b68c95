//! One watch over a list of stored events: buckets, dyad series, indicator series and windows, the
//! alerts and the verdicts, gathered into an [`Assessment`] that every renderer reads.
//!
//! Every number keeps the ids of the events behind it; [`Assessment::events`] holds those events'
//! sentences, so a reader can go from a verdict to the words that moved it.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use marsad_store::model::StoredEvent;
use serde::{Deserialize, Serialize};

use crate::def::{Bucket, Direction, Measure, Verdict, Watch};
use crate::error::{Error, ErrorKind};
use crate::filter::{self, DyadRole, Exclusion};
use crate::history::HistoryCell;
use crate::sequence::{self, SequenceSeries};
use crate::{alert, history, verdict};

/// The period to assess; `None` bounds default to the last event's date (`to`) and two verdict
/// windows back (`from`), so that the current window has a previous one to compare with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Everything a report shows, with the evidence behind each number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub watch: WatchInfo,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub buckets: Vec<BucketInfo>,
    /// First party → second, second → first, and joint (both among the actors).
    pub dyads: Vec<DyadSeries>,
    pub indicators: Vec<IndicatorSeries>,
    /// Verdict windows, oldest first; the last is the current one.
    pub windows: Vec<WindowAssessment>,
    /// The verdict over time: one cell per bucket, each the verdict of the watch's window ending
    /// there, with the change points and their evidence (issue 14, item 2; see [`crate::history`]).
    #[serde(default)]
    pub history: Vec<HistoryCell>,
    pub alerts: Vec<Alert>,
    /// The watch's sequence rules with their matches (issue 14, item 1); both events of every
    /// match are in [`Assessment::events`].
    #[serde(default)]
    pub sequences: Vec<SequenceSeries>,
    /// Every event a series, window or alert refers to, sorted by id (see [`Assessment::event`]).
    pub events: Vec<EvidenceEvent>,
    pub skipped: Skipped,
    /// Versions of the scoring tables behind the Goldstein and PLOVER-score sums.
    pub tables: Vec<String>,
}

/// What the reader needs of the watch definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    pub origin: String,
    /// Party labels with codes: `Iran (IRN)`.
    pub parties: [String; 2],
    pub party_codes: [String; 2],
    pub mediators: Vec<String>,
    pub window_days: u32,
    pub bucket: Bucket,
    pub tests: Vec<TestInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestInfo {
    pub id: String,
    pub title: String,
    pub question: String,
}

/// One bucket of the series: a day, or an ISO week clipped to the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketInfo {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// `2026-02-06` or `2026-W06`.
    pub label: String,
}

/// A directed dyad's series, one point per bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DyadSeries {
    /// `IRN→USA`, `USA→IRN` or `IRN+USA` (joint).
    pub label: String,
    pub source: String,
    pub target: Option<String>,
    pub points: Vec<DyadPoint>,
    /// The whole period.
    pub total: DyadPoint,
}

/// Counts and score sums of one dyad in one bucket (or window).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DyadPoint {
    pub events: u32,
    /// Events per quad class 1..=4 (verbal/material cooperation, verbal/material conflict).
    pub quad: [u32; 4],
    pub scale_sum: f64,
    /// Mean over the events that have a PLOVER score; `None` when none has.
    pub scale_mean: Option<f64>,
    pub goldstein_sum: f64,
    pub goldstein_mean: Option<f64>,
    pub event_ids: Vec<String>,
}

/// One indicator: its definition, its value per bucket and per window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSeries {
    pub id: String,
    pub test: String,
    pub title: String,
    pub direction: Direction,
    pub weight: f64,
    pub measure: Measure,
    /// Value per bucket, aligned with [`Assessment::buckets`].
    pub values: Vec<f64>,
    pub bucket_events: Vec<Vec<String>>,
    /// Value per verdict window, aligned with [`Assessment::windows`].
    pub windows: Vec<IndicatorWindow>,
    /// Events in the period the filter matched but whose type and mode point against the
    /// indicator's direction ([`crate::filter::agrees`]): left out of its values, listed here.
    #[serde(default)]
    pub contradicting: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorWindow {
    pub value: f64,
    /// Against the previous window; `None` for the first.
    pub change: Option<f64>,
    pub event_ids: Vec<String>,
}

/// One verdict window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowAssessment {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// True when the window is shorter than the watch's window (cut by the period's start).
    pub partial: bool,
    /// Σ direction · weight · value over all indicators.
    pub score: f64,
    pub change: Option<f64>,
    /// The dyad in the window, all directions together.
    pub dyad: DyadPoint,
    pub verdict: Verdict,
    /// Why: the score against the thresholds, then each override that applied.
    pub reasons: Vec<String>,
    pub tests: Vec<TestWindow>,
    /// The events that moved the verdict most, across tests.
    pub evidence: Vec<String>,
}

/// One test in one window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestWindow {
    pub id: String,
    pub score: f64,
    pub change: Option<f64>,
    pub verdict: Verdict,
    /// The test's strongest events in the window (see [`crate::verdict`] for the ranking).
    pub evidence: Vec<String>,
}

/// An alert with the events behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub kind: AlertKind,
    pub indicator: String,
    /// The bucket or window where it fires.
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub value: f64,
    /// The threshold crossed (threshold: `at_least`; spike: mean + k·sd; silence: `usually`).
    pub threshold: f64,
    pub message: String,
    pub evidence: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertKind {
    Threshold,
    Spike,
    Silence,
}

/// What a reader sees of an event in the evidence: who, what, when, and the sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceEvent {
    pub id: String,
    pub date: NaiveDate,
    pub event: String,
    pub mode: Option<String>,
    pub quad_code: Option<u8>,
    pub goldstein: Option<f32>,
    pub event_scale: Option<f32>,
    /// `IRN GOV`, joined with `+`.
    pub actor: String,
    pub recipient: String,
    pub text: String,
    /// The trigger's surface in `text`: the reports show the clause around it (issue 13, item 12).
    #[serde(default)]
    pub trigger: String,
    pub language: String,
    pub mentions: u32,
    pub sources: u32,
}

/// Events the watch read but could not use, by reason, plus those outside the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub negated: usize,
    pub aux: usize,
    pub undated: usize,
    /// Below the watch's `min_confidence`.
    #[serde(default)]
    pub low_confidence: usize,
    pub outside_period: usize,
}

/// How many days beyond the period a sequence rule may reach for its other event: the longest
/// Δt of the watch's sequences, in whole days, plus one for the hours of a day (0 without
/// sequences). A reader gives [`evaluate`] the events of that much more on each side.
pub fn sequence_reach(w: &Watch) -> u64 {
    w.sequences
        .iter()
        .map(|q| u64::from(q.within_hours.div_ceil(24)) + 1)
        .max()
        .unwrap_or(0)
}

/// Assesses the watch over `events` in `period`. Events are read as they come (any order);
/// negated, excluded-aux and undated ones are counted in [`Assessment::skipped`].
pub fn evaluate(w: &Watch, events: &[StoredEvent], period: Period) -> Result<Assessment, Error> {
    let mut skipped = Skipped::default();
    let mut usable: Vec<(&StoredEvent, NaiveDate)> = Vec::new();
    for e in events {
        match filter::exclusion(w, e) {
            Some(Exclusion::Negated) => skipped.negated += 1,
            Some(Exclusion::Aux) => skipped.aux += 1,
            Some(Exclusion::Undated) => skipped.undated += 1,
            Some(Exclusion::LowConfidence) => skipped.low_confidence += 1,
            None => usable.push((e, e.date.expect("dated: checked by exclusion"))),
        }
    }
    let to = period
        .to
        .or_else(|| usable.iter().map(|(_, d)| *d).max())
        .unwrap_or_else(today);
    let span = u64::from(w.window_days) * 2 - 1;
    let from = period
        .from
        .unwrap_or_else(|| to.checked_sub_days(Days::new(span)).unwrap_or(to));
    if from > to {
        return Err(Error::new(
            "period",
            ErrorKind::Invalid(format!("--from {from} is after --to {to}")),
        ));
    }
    let buckets = make_buckets(w.bucket, from, to);
    let windows = make_windows(w.window_days, from, to);
    // A sequence may pair an event of the period with one up to its Δt outside it (the talks of
    // the day before the period, for sanctions on its first day): events given within that reach
    // are the sequences' context, not skipped (`sequence_reach`).
    let reach = Days::new(sequence_reach(w));
    let (context_from, context_to) = (
        from.checked_sub_days(reach).unwrap_or(from),
        to.checked_add_days(reach).unwrap_or(to),
    );
    let mut context: Vec<(&StoredEvent, NaiveDate)> = Vec::new();
    usable.retain(|&(e, d)| {
        let inside = (from..=to).contains(&d);
        if inside {
            return true;
        }
        if (context_from..=context_to).contains(&d) {
            context.push((e, d));
        } else {
            skipped.outside_period += 1;
        }
        false
    });
    usable.sort_by(|(a, da), (b, db)| da.cmp(db).then_with(|| a.id.cmp(&b.id)));

    let bucket_of = |d: NaiveDate| buckets.partition_point(|b| b.end < d);
    let window_of = |d: NaiveDate| windows.partition_point(|(_, end)| *end < d);

    // Dyad series.
    let [a, b] = &w.parties;
    let mut dyads: Vec<DyadSeries> = [
        (a, Some(b), format!("{}→{}", a.code, b.code)),
        (b, Some(a), format!("{}→{}", b.code, a.code)),
        (a, None, format!("{}+{}", a.code, b.code)),
    ]
    .into_iter()
    .map(|(s, t, label)| DyadSeries {
        label,
        source: s.code.clone(),
        target: t.map(|t| t.code.clone()),
        points: vec![DyadPoint::default(); buckets.len()],
        total: DyadPoint::default(),
    })
    .collect();
    let mut window_dyads = vec![DyadPoint::default(); windows.len()];
    // Bookkeeping by position in `usable` (sorted by date, so each window is a contiguous
    // range): ids are strings only in the output.
    let mut cited = vec![false; usable.len()];
    for (k, (e, d)) in usable.iter().enumerate() {
        let Some(role) = filter::dyad_role(w, e) else {
            continue;
        };
        let series = match role {
            DyadRole::Forward => 0,
            DyadRole::Backward => 1,
            DyadRole::Joint => 2,
        };
        add_to_point(&mut dyads[series].points[bucket_of(*d)], e);
        add_to_point(&mut dyads[series].total, e);
        add_to_point(&mut window_dyads[window_of(*d)], e);
        cited[k] = true;
    }
    for p in dyads
        .iter_mut()
        .flat_map(|s| s.points.iter_mut().chain(std::iter::once(&mut s.total)))
        .chain(window_dyads.iter_mut())
    {
        finish_point(p);
    }

    // Sequence rules, over the period's events.
    let position: std::collections::HashMap<&str, usize> = usable
        .iter()
        .enumerate()
        .map(|(k, (e, _))| (e.id.as_str(), k))
        .collect();
    let paired: Vec<(&StoredEvent, NaiveDate)> = usable.iter().chain(&context).copied().collect();
    let sequences: Vec<SequenceSeries> = w
        .sequences
        .iter()
        .map(|q| SequenceSeries {
            id: q.id.clone(),
            title: q.title.clone(),
            order: q.order,
            within_hours: q.within_hours,
            matches: sequence::find(q, w, &paired)
                .into_iter()
                .filter(|m| (from..=to).contains(&m.date))
                .collect(),
        })
        .collect();
    for m in sequences.iter().flat_map(|q| &q.matches) {
        for id in [&m.a, &m.b] {
            if let Some(&k) = position.get(id.as_str()) {
                cited[k] = true;
            }
        }
    }

    // Indicator series.
    let mut indicators = Vec::new();
    let mut matched: Vec<Vec<u32>> = Vec::new();
    for ind in &w.indicators {
        let mut hits = Vec::new();
        let mut values = vec![0.0; buckets.len()];
        let mut bucket_events = vec![Vec::new(); buckets.len()];
        let mut wins: Vec<IndicatorWindow> = (0..windows.len())
            .map(|_| IndicatorWindow {
                value: 0.0,
                change: None,
                event_ids: Vec::new(),
            })
            .collect();
        let mut contradicting = Vec::new();
        if let Some(q) = sequences
            .iter()
            .find(|q| Some(&q.id) == ind.sequence.as_ref())
        {
            // A sequence's indicator counts its matches, each dated by its later event; both
            // events are its evidence. Direction is the file's word: the pair as a whole (talks
            // then sanctions) is what points one way, not each event's quad class.
            let mut ks: Vec<u32> = Vec::new();
            for m in &q.matches {
                let (bi, wi) = (bucket_of(m.date), window_of(m.date));
                values[bi] += 1.0;
                wins[wi].value += 1.0;
                for id in [&m.a, &m.b] {
                    bucket_events[bi].push(id.clone());
                    wins[wi].event_ids.push(id.clone());
                    ks.extend(position.get(id.as_str()).map(|k| *k as u32));
                }
            }
            ks.sort_unstable();
            ks.dedup();
            hits = ks;
        }
        for (k, (e, d)) in usable.iter().enumerate() {
            if ind.sequence.is_some() {
                break;
            }
            if !filter::matches(&ind.filter, w, e) {
                continue;
            }
            if !filter::agrees(ind.direction, e) {
                contradicting.push(e.id.clone());
                continue;
            }
            hits.push(k as u32);
            let v = measure(ind.measure, e);
            let bi = bucket_of(*d);
            values[bi] += v;
            bucket_events[bi].push(e.id.clone());
            let wi = window_of(*d);
            wins[wi].value += v;
            wins[wi].event_ids.push(e.id.clone());
            cited[k] = true;
        }
        matched.push(hits);
        for i in 1..wins.len() {
            wins[i].change = Some(wins[i].value - wins[i - 1].value);
        }
        indicators.push(IndicatorSeries {
            id: ind.id.clone(),
            test: ind.test.clone(),
            title: ind.title.clone(),
            direction: ind.direction,
            weight: ind.weight,
            measure: ind.measure,
            values,
            bucket_events,
            windows: wins,
            contradicting,
        });
    }

    let events_only: Vec<&StoredEvent> = usable.iter().map(|(e, _)| *e).collect();
    let mut window_assessments = windows
        .iter()
        .enumerate()
        .map(|(i, (start, end))| {
            verdict::window(
                w,
                &indicators,
                &matched,
                &events_only,
                i,
                (*start, *end),
                window_dyads[i].clone(),
            )
        })
        .collect::<Vec<_>>();
    for i in 1..window_assessments.len() {
        let prev = window_assessments[i - 1].clone();
        let cur = &mut window_assessments[i];
        cur.change = Some(cur.score - prev.score);
        for (t, p) in cur.tests.iter_mut().zip(&prev.tests) {
            t.change = Some(t.score - p.score);
        }
    }
    // A sequence's indicator counts matches dated by their later event, not its events' dates.
    let match_dates: Vec<Option<Vec<NaiveDate>>> = w
        .indicators
        .iter()
        .map(|ind| {
            let q = sequences
                .iter()
                .find(|q| Some(&q.id) == ind.sequence.as_ref())?;
            let mut dates: Vec<NaiveDate> = q.matches.iter().map(|m| m.date).collect();
            dates.sort_unstable();
            Some(dates)
        })
        .collect();
    let history = history::compute(
        w,
        &buckets,
        (&indicators, &matched, &match_dates),
        &events_only,
        from,
    );
    let alerts = alert::detect(w, &buckets, &windows, &indicators);

    let mut tables = BTreeSet::new();
    let mut events_out: Vec<EvidenceEvent> = usable
        .iter()
        .zip(&cited)
        .filter(|(_, c)| **c)
        .map(|(ed, _)| ed)
        .map(|(e, d)| {
            if let Some(t) = &e.tables {
                tables.insert(t.clone());
            }
            evidence_event(e, *d)
        })
        .collect();
    // A match's event from outside the period is evidence too.
    let in_matches: BTreeSet<&str> = sequences
        .iter()
        .flat_map(|q| &q.matches)
        .flat_map(|m| [m.a.as_str(), m.b.as_str()])
        .collect();
    events_out.extend(
        context
            .iter()
            .filter(|(e, _)| in_matches.contains(e.id.as_str()))
            .map(|(e, d)| evidence_event(e, *d)),
    );
    events_out.sort_by(|a, b| a.id.cmp(&b.id));

    Ok(Assessment {
        watch: watch_info(w),
        from,
        to,
        buckets,
        dyads,
        indicators,
        windows: window_assessments,
        history,
        alerts,
        sequences,
        events: events_out,
        skipped,
        tables: tables.into_iter().collect(),
    })
}

impl Assessment {
    /// The current (last) window.
    pub fn current(&self) -> Option<&WindowAssessment> {
        self.windows.last()
    }

    /// The change points of the verdict over time, oldest first.
    pub fn changes(&self) -> impl Iterator<Item = (&HistoryCell, &history::VerdictChange)> {
        self.history
            .iter()
            .filter_map(|c| c.change.as_ref().map(|ch| (c, ch)))
    }

    /// The evidence event with this id (a binary search: [`Assessment::events`] is sorted by id).
    pub fn event(&self, id: &str) -> Option<&EvidenceEvent> {
        self.events
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.events[i])
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorSeries> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// A test's net score per bucket: Σ direction · weight · value over its indicators, the same
    /// signed sum the verdict windows add up. The report's sparklines and the dashboard's panels
    /// both draw this one series.
    pub fn test_series(&self, test: &str) -> Vec<f64> {
        let mut out = vec![0.0; self.buckets.len()];
        for ind in self.indicators.iter().filter(|i| i.test == test) {
            for (o, v) in out.iter_mut().zip(&ind.values) {
                *o += ind.direction.sign() * ind.weight * v;
            }
        }
        out.iter().map(|x| round(*x)).collect()
    }
}

/// An indicator's contribution of one event: 1, or its mentions.
pub(crate) fn measure(m: Measure, e: &StoredEvent) -> f64 {
    match m {
        Measure::Events => 1.0,
        Measure::Mentions => f64::from(e.mentions.max(1)),
    }
}

fn add_to_point(p: &mut DyadPoint, e: &StoredEvent) {
    p.events += 1;
    if let Some(q @ 1..=4) = e.quad_code {
        p.quad[usize::from(q - 1)] += 1;
    }
    if let Some(s) = e.event_scale {
        p.scale_sum += f64::from(s);
        p.scale_mean = Some(p.scale_mean.unwrap_or(0.0) + 1.0);
    }
    if let Some(g) = e.goldstein {
        p.goldstein_sum += f64::from(g);
        p.goldstein_mean = Some(p.goldstein_mean.unwrap_or(0.0) + 1.0);
    }
    p.event_ids.push(e.id.clone());
}

/// While adding, the means hold counts; this turns them into means.
fn finish_point(p: &mut DyadPoint) {
    p.scale_mean = p.scale_mean.map(|n| round(p.scale_sum / n));
    p.goldstein_mean = p.goldstein_mean.map(|n| round(p.goldstein_sum / n));
    p.scale_sum = round(p.scale_sum);
    p.goldstein_sum = round(p.goldstein_sum);
}

/// Rounds to 1e-6 so that sums of f32 scores print and compare cleanly.
pub(crate) fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn make_buckets(kind: Bucket, from: NaiveDate, to: NaiveDate) -> Vec<BucketInfo> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let end = match kind {
            Bucket::Day => start,
            Bucket::Week => {
                let to_sunday = 6 - u64::from(start.weekday().num_days_from_monday());
                start.checked_add_days(Days::new(to_sunday)).unwrap_or(to)
            }
        }
        .min(to);
        let label = match kind {
            Bucket::Day => start.to_string(),
            Bucket::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
        };
        out.push(BucketInfo { start, end, label });
        match end.succ_opt() {
            Some(n) => start = n,
            None => break,
        }
    }
    out
}

/// Windows of `days` tiled backward from `to`; the oldest may be cut short by `from`.
fn make_windows(days: u32, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut end = to;
    loop {
        let start = end
            .checked_sub_days(Days::new(u64::from(days) - 1))
            .unwrap_or(from)
            .max(from);
        out.push((start, end));
        match start.pred_opt() {
            Some(p) if p >= from => end = p,
            _ => break,
        }
    }
    out.reverse();
    out
}

fn watch_info(w: &Watch) -> WatchInfo {
    let show = |p: &crate::def::Party| {
        if p.label == p.code {
            p.code.clone()
        } else {
            format!("{} ({})", p.label, p.code)
        }
    };
    WatchInfo {
        id: w.id.clone(),
        name: w.name.clone(),
        description: w.description.clone(),
        origin: w.origin.clone(),
        parties: [show(&w.parties[0]), show(&w.parties[1])],
        party_codes: [w.parties[0].code.clone(), w.parties[1].code.clone()],
        mediators: w.mediators.iter().map(show).collect(),
        window_days: w.window_days,
        bucket: w.bucket,
        tests: w
            .tests
            .iter()
            .map(|t| TestInfo {
                id: t.id.clone(),
                title: t.title.clone(),
                question: t.question.clone(),
            })
            .collect(),
    }
}

pub(crate) fn evidence_event(e: &StoredEvent, date: NaiveDate) -> EvidenceEvent {
    let side = |v: &[marsad_coder::ActorRef]| {
        v.iter()
            .map(|a| {
                let code = a.code.as_deref().unwrap_or("-");
                match &a.sector {
                    Some(s) => format!("{code} {s}"),
                    None => code.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join("+")
    };
    EvidenceEvent {
        id: e.id.clone(),
        date,
        event: e.event.clone(),
        mode: e.mode.clone(),
        quad_code: e.quad_code,
        goldstein: e.goldstein,
        event_scale: e.event_scale,
        actor: side(&e.actor),
        recipient: side(&e.recipient),
        text: e.text.clone(),
        trigger: e.trigger.clone(),
        language: e.language.clone(),
        mentions: e.mentions,
        sources: e.sources,
    }
}

/// Today's date (UTC) from the system clock, for a period with no bound and no events.
pub(crate) fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(days)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_are_iso_weeks_clipped_to_the_period() {
        let b = make_buckets(Bucket::Week, d("2026-02-04"), d("2026-02-16"));
        let got: Vec<_> = b
            .iter()
            .map(|b| (b.start.to_string(), b.end.to_string(), b.label.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-02-04".into(), "2026-02-08".into(), "2026-W06".into()),
                ("2026-02-09".into(), "2026-02-15".into(), "2026-W07".into()),
                ("2026-02-16".into(), "2026-02-16".into(), "2026-W08".into()),
            ]
        );
    }

    #[test]
    fn windows_tile_backward_from_the_end() {
        let w = make_windows(14, d("2026-01-20"), d("2026-02-16"));
        assert_eq!(
            w,
            [
                (d("2026-01-20"), d("2026-02-02")),
                (d("2026-02-03"), d("2026-02-16"))
            ]
        );
        let w = make_windows(14, d("2026-01-25"), d("2026-02-16"));
        assert_eq!(w[0], (d("2026-01-25"), d("2026-02-02")));
    }
}
