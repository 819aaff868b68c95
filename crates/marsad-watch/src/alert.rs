//! Alerts over indicator series: a threshold reached in a window, a spike against the trailing
//! baseline of buckets, and the silence of an indicator that usually moves.
//!
//! - **threshold**: the indicator's value over a verdict window is at least `at_least`; evidence:
//!   the window's events.
//! - **spike**: a bucket's value is at least `min_count` and above `mean + k·sd` of the `baseline`
//!   buckets before it (population sd; a bucket without a full baseline is not judged); evidence:
//!   the bucket's events.
//! - **silence**: `quiet` buckets in a row are zero and the `baseline` buckets before them summed to
//!   at least `usually`; it fires once per quiet run, on the bucket that completes `quiet`, and
//!   reports the run up to its last zero bucket; evidence: the last events before the silence.

use chrono::NaiveDate;

use crate::assess::{round, Alert, AlertKind, BucketInfo, IndicatorSeries};
use crate::def::{AlertRule, Watch};

pub(crate) fn detect(
    w: &Watch,
    buckets: &[BucketInfo],
    windows: &[(NaiveDate, NaiveDate)],
    indicators: &[IndicatorSeries],
) -> Vec<Alert> {
    let mut out = Vec::new();
    for rule in &w.alerts {
        let Some(ind) = indicators.iter().find(|i| i.id == rule.indicator()) else {
            continue;
        };
        match *rule {
            AlertRule::Threshold { at_least, .. } => {
                for (wi, (start, end)) in windows.iter().enumerate() {
                    let iw = &ind.windows[wi];
                    if iw.value < at_least {
                        continue;
                    }
                    let prev = wi
                        .checked_sub(1)
                        .map(|p| format!(" (previous window: {})", ind.windows[p].value))
                        .unwrap_or_default();
                    out.push(Alert {
                        kind: AlertKind::Threshold,
                        indicator: ind.id.clone(),
                        start: *start,
                        end: *end,
                        value: iw.value,
                        threshold: at_least,
                        message: format!(
                            "{} reached {} in {start}..{end}, threshold {at_least}{prev}",
                            ind.id, iw.value
                        ),
                        evidence: iw.event_ids.clone(),
                    });
                }
            }
            AlertRule::Spike {
                baseline,
                k,
                min_count,
                ..
            } => {
                for (b, bucket) in buckets.iter().enumerate().skip(baseline) {
                    let v = ind.values[b];
                    let base = &ind.values[b - baseline..b];
                    let (mean, sd) = mean_sd(base);
                    let threshold = round(mean + k * sd);
                    if v >= min_count && v > threshold {
                        out.push(Alert {
                            kind: AlertKind::Spike,
                            indicator: ind.id.clone(),
                            start: bucket.start,
                            end: bucket.end,
                            value: v,
                            threshold,
                            message: format!(
                                "{} spiked to {v} in {} against a baseline of {} over the {baseline} buckets before (mean {}, sd {})",
                                ind.id,
                                bucket.label,
                                threshold,
                                round(mean),
                                round(sd)
                            ),
                            evidence: ind.bucket_events[b].clone(),
                        });
                    }
                }
            }
            AlertRule::Silence {
                quiet,
                baseline,
                usually,
                ..
            } => {
                let n = ind.values.len();
                for b in (quiet + baseline - 1)..n {
                    let first_quiet = b + 1 - quiet;
                    let run = &ind.values[first_quiet..=b];
                    if run.iter().any(|v| *v != 0.0) || !starts_run(&ind.values, first_quiet) {
                        continue;
                    }
                    let base_range = first_quiet - baseline..first_quiet;
                    let before: f64 = ind.values[base_range.clone()].iter().sum();
                    if before < usually {
                        continue;
                    }
                    let last = (b..n)
                        .take_while(|i| ind.values[*i] == 0.0)
                        .last()
                        .unwrap_or(b);
                    let evidence: Vec<String> = ind.bucket_events[base_range]
                        .iter()
                        .rev()
                        .flatten()
                        .take(5)
                        .cloned()
                        .collect();
                    out.push(Alert {
                        kind: AlertKind::Silence,
                        indicator: ind.id.clone(),
                        start: buckets[first_quiet].start,
                        end: buckets[last].end,
                        value: 0.0,
                        threshold: usually,
                        message: format!(
                            "{} silent for {} buckets from {} after {before} in the {baseline} buckets before",
                            ind.id,
                            last + 1 - first_quiet,
                            buckets[first_quiet].label
                        ),
                        evidence,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.indicator.cmp(&b.indicator))
    });
    out
}

/// True when the zero run starting at `i` is not the continuation of an earlier zero run.
fn starts_run(values: &[f64], i: usize) -> bool {
    i == 0 || values[i - 1] != 0.0
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}
