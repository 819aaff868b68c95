//! Alerts that reach people (issue 14, item 3): each alert of a watch's assessment gets a stable
//! id and is stored once; then it is posted to the watch's webhooks (`[[notify]]`), signed, with
//! retries and back-off, until a receiver acknowledges it; and every watch has an Atom feed of its
//! alerts ([`atom`]), which the dashboard serves at `/watches/{id}/alerts.atom`.
//!
//! The one call is [`record_and_deliver`]: `marsad report`, `marsad run --watch` and the monitor's
//! loop make it after each assessment. It does two things, also public on their own:
//!
//! 1. [`record`] turns each [`marsad_watch::Alert`] into a [`StoredAlert`] under [`alert_id`] and
//!    stores the ones the database has not seen ([`Store::record_alerts`]); re-running a report
//!    raises nothing new.
//! 2. [`deliver`] posts every alert a receiver has not acknowledged yet ([`webhook`]): JSON, signed
//!    with HMAC-SHA256 in `X-Marsad-Signature` when the webhook has a secret, each attempt stored
//!    ([`Store::record_delivery`]) and returned in the [`DeliveryReport`] for printing. An alert a
//!    receiver answered with a 2xx is never sent to it again, on any run.
//!
//! **Why the id leaves the window out.** An alert's id is derived from the watch, the rule (kind,
//! indicator and the rule's own threshold) and the ids of the events behind it, not from the dates
//! of its window: the default period ends on the latest publication date, so the verdict windows
//! slide by a day whenever news of a new day arrives, and an id that named the window would
//! re-raise the same alert (same rule, same events) every day. The window enters the id only when
//! the events do not pin the alert: a silence (its evidence is the events *before* it, so its first
//! quiet day is part of what it says) and an alert with no events at all. An alert whose events
//! change (a third sanction joins the window) is a new alert: the receiver learns the new count.
//!
//! It depends on the store (the alert tables) and the watch (definitions and assessments); it
//! knows nothing of the command line or of the server, which call it.
//!
//! ```
//! use marsad_alerts::{alert_id, atom};
//! use marsad_watch::Alert;
//!
//! // "The US Treasury imposed new sanctions on Iran's shadow fleet" (examples/, 6 February).
//! let alert: Alert = serde_json::from_value(serde_json::json!({
//!     "kind": "threshold", "indicator": "sanctions-new",
//!     "start": "2026-02-03", "end": "2026-02-16", "value": 1.0, "threshold": 1.0,
//!     "message": "sanctions-new reached 1 in 2026-02-03..2026-02-16, threshold 1",
//!     "evidence": ["ev-0123456789abcdef"]
//! })).unwrap();
//! let id = alert_id("iran-us-talks", &alert);
//! assert!(id.starts_with("al-") && id.len() == 19);
//! // The same rule over the same events a day later is the same alert.
//! let later = Alert { start: "2026-02-04".parse().unwrap(), end: "2026-02-17".parse().unwrap(), ..alert.clone() };
//! assert_eq!(alert_id("iran-us-talks", &later), id);
//! assert!(atom::feed("iran-us-talks", "Iran–US talks", &[], "2026-12-07T00:00:00Z").contains("<feed"));
//! ```

pub mod atom;
pub mod webhook;

use std::time::Duration;

use marsad_store::{DeliveryAttempt, Store, StoredAlert};
use marsad_watch::{Alert, AlertKind, Assessment, Watch};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Why recording or delivering stopped: only the database can stop it (a receiver that fails is
/// logged in the [`DeliveryReport`], not an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot record alerts")]
    Store(#[from] marsad_store::Error),
}

/// What [`record_and_deliver`] did, for the caller to print or log.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DeliveryReport {
    pub watch: String,
    /// Alerts in the assessment.
    pub raised: usize,
    /// Ids of the alerts stored by this call (the others were stored before).
    pub new: Vec<String>,
    /// Every delivery attempt of this call, in order.
    pub attempts: Vec<DeliveryAttempt>,
    /// (alert, webhook) pairs acknowledged by this call.
    pub delivered: usize,
    /// (alert, webhook) pairs still unacknowledged after this call; a later call tries again.
    pub pending: usize,
    /// Webhooks this call could not use at all, with the reason (`secret_env X is not set`).
    pub unusable: Vec<(String, String)>,
}

impl DeliveryReport {
    /// What a log shows: one line per attempt, one per webhook that could not be used, then the
    /// [`summary`](DeliveryReport::summary).
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .attempts
            .iter()
            .map(|t| {
                format!(
                    "alert {} -> {}: attempt {}: {}{}",
                    t.alert_id,
                    t.target,
                    t.attempt,
                    t.detail,
                    if t.delivered { " (acknowledged)" } else { "" }
                )
            })
            .collect();
        out.extend(
            self.unusable
                .iter()
                .map(|(url, why)| format!("webhook {url} not used: {why}")),
        );
        out.push(self.summary());
        out
    }

    /// One line for a terminal: what was recorded and what was delivered.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}: {} alert{} in this assessment, {} new (stored in the database)",
            self.watch,
            self.raised,
            if self.raised == 1 { "" } else { "s" },
            self.new.len()
        );
        if self.attempts.is_empty() && self.pending == 0 && self.unusable.is_empty() {
            s.push_str("; nothing to deliver");
        } else {
            s.push_str(&format!(
                "; webhooks: {} delivered, {} pending after {} attempt{}",
                self.delivered,
                self.pending,
                self.attempts.len(),
                if self.attempts.len() == 1 { "" } else { "s" }
            ));
        }
        s
    }
}

/// Records the assessment's alerts (each once, under its stable id) and delivers every alert of
/// the watch that one of its webhooks has not acknowledged. Blocking: it sleeps between retries
/// (at most `attempts` per alert and webhook, backing off from `backoff_seconds`), so call it from
/// a thread that may wait (`tokio::task::spawn_blocking` in an async loop).
pub fn record_and_deliver(
    store: &mut Store,
    watch: &Watch,
    assessment: &Assessment,
) -> Result<DeliveryReport, Error> {
    let new = record(store, watch, assessment)?;
    let mut report = deliver(store, watch)?;
    report.raised = assessment.alerts.len();
    report.new = new;
    Ok(report)
}

/// Stores the assessment's alerts the database does not hold yet; returns the new ids.
pub fn record(
    store: &mut Store,
    watch: &Watch,
    assessment: &Assessment,
) -> Result<Vec<String>, Error> {
    let now = now_rfc3339();
    let alerts: Vec<StoredAlert> = assessment
        .alerts
        .iter()
        .map(|a| stored_alert(watch, assessment, a, &now))
        .collect();
    Ok(store.record_alerts(&alerts)?)
}

/// Posts every stored alert of the watch that a webhook has not acknowledged, oldest first.
/// A webhook whose alert fails all its attempts is left for the next call with the rest of its
/// alerts (a receiver that is down is not asked again for each of them).
pub fn deliver(store: &Store, watch: &Watch) -> Result<DeliveryReport, Error> {
    deliver_with(store, watch, &webhook::Client::new())
}

/// [`deliver`] with a given HTTP client (tests shorten its timeouts).
pub fn deliver_with(
    store: &Store,
    watch: &Watch,
    client: &webhook::Client,
) -> Result<DeliveryReport, Error> {
    let mut report = DeliveryReport {
        watch: watch.id.clone(),
        ..DeliveryReport::default()
    };
    for hook in &watch.notify {
        let pending = store.undelivered_alerts(&watch.id, &hook.url)?;
        if pending.is_empty() {
            continue;
        }
        let key = match hook.secret.as_ref().map(|s| s.resolve()).transpose() {
            Ok(k) => k,
            Err(why) => {
                report.pending += pending.len();
                report.unusable.push((hook.url.clone(), why));
                continue;
            }
        };
        for (i, alert) in pending.iter().enumerate() {
            let body = webhook::body(watch, alert);
            let before = store.delivery_count(&alert.id, &hook.url)?;
            let mut acknowledged = false;
            for n in 0..hook.attempts {
                if n > 0 {
                    std::thread::sleep(backoff(hook.backoff_seconds, n));
                }
                // Another process (a report run beside the monitor) may have delivered it
                // meanwhile: look again right before sending.
                if store.is_delivered(&alert.id, &hook.url)? {
                    acknowledged = true;
                    break;
                }
                let outcome = client.post(&hook.url, &alert.id, &body, key.as_deref());
                let attempt = DeliveryAttempt {
                    alert_id: alert.id.clone(),
                    target: hook.url.clone(),
                    attempt: before + n + 1,
                    at: now_rfc3339(),
                    status: outcome.status,
                    delivered: outcome.acknowledged(),
                    detail: outcome.detail.clone(),
                };
                store.record_delivery(&attempt)?;
                report.attempts.push(attempt);
                if outcome.acknowledged() {
                    report.delivered += 1;
                    acknowledged = true;
                    break;
                }
                if !outcome.worth_retrying() {
                    break;
                }
            }
            if !acknowledged {
                report.pending += pending.len() - i;
                break;
            }
        }
    }
    Ok(report)
}

/// The stable id of an alert of watch `watch`: `al-` and the first 16 hex digits of the SHA-256 of
/// the watch id, the rule (kind, indicator, and the threshold of a threshold or silence rule, which
/// is the rule's own setting) and the sorted ids of its events; plus the first quiet day of a
/// silence, and the window of an alert without events (see the crate documentation for why the
/// window is otherwise left out).
pub fn alert_id(watch: &str, a: &Alert) -> String {
    let kind = kind_name(a.kind);
    let mut evidence: Vec<&str> = a.evidence.iter().map(String::as_str).collect();
    evidence.sort_unstable();
    evidence.dedup();
    // A spike's threshold is computed from the buckets before it (it moves with them); the other
    // kinds' is the rule's own setting. Kinds added later keep theirs, like a threshold.
    let rule = if a.kind == AlertKind::Spike {
        kind.clone()
    } else {
        format!("{kind}:{}", a.threshold)
    };
    let anchor = if a.kind == AlertKind::Silence {
        a.start.to_string()
    } else if evidence.is_empty() {
        format!("{}..{}", a.start, a.end)
    } else {
        String::new()
    };
    // Fields are separated by a byte no id or code contains.
    let key = [watch, &rule, &a.indicator, &anchor, &evidence.join(",")].join("\u{1f}");
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("al-{hex}")
}

/// `threshold`, `spike`, `silence` (or a kind added later): the name the watch files and the
/// assessment's JSON use, taken from its serde name so that a new kind needs no change here.
pub fn kind_name(k: AlertKind) -> String {
    match serde_json::to_value(k) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{k:?}").to_ascii_lowercase(),
    }
}

/// The current time, UTC, RFC 3339 to the second (`2026-12-07T11:32:03Z`).
pub fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    chrono::DateTime::from_timestamp(now.as_secs() as i64, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The wait before attempt `n` (1-based after the first): `base`, then doubled each time, but
/// never more than [`MAX_BACKOFF`] seconds at once.
fn backoff(base: f64, n: u32) -> Duration {
    Duration::from_secs_f64((base * f64::from(1u32 << (n - 1).min(16))).min(MAX_BACKOFF))
}

/// The longest wait between two attempts, in seconds: a receiver down for longer is tried again
/// on the next run rather than holding this one.
const MAX_BACKOFF: f64 = 300.0;

fn stored_alert(w: &Watch, assessment: &Assessment, a: &Alert, now: &str) -> StoredAlert {
    let evidence: Vec<_> = a
        .evidence
        .iter()
        .filter_map(|id| assessment.event(id))
        .collect();
    StoredAlert {
        id: alert_id(&w.id, a),
        watch: w.id.clone(),
        kind: kind_name(a.kind),
        indicator: a.indicator.clone(),
        start: a.start,
        end: a.end,
        value: a.value,
        threshold: a.threshold,
        message: a.message.clone(),
        detail: serde_json::json!({
            "watch_name": w.name,
            "evidence_ids": a.evidence,
            "evidence": evidence,
        }),
        raised_at: now.to_owned(),
    }
}

#[cfg(test)]
mod tests;
