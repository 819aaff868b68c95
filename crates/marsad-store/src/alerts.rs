//! Alerts raised by watches and the attempts to deliver them (migration 5, issue 14).
//!
//! An alert is stored once under its stable id: [`Store::record_alerts`] inserts the ones the
//! database has not seen and says which were new, so re-running a report never raises an alert
//! twice. Every attempt to deliver an alert to a receiver (a webhook URL) is a row of its own
//! ([`Store::record_delivery`]); a receiver has acknowledged an alert once one of its attempts is
//! `delivered`, and [`Store::undelivered_alerts`] leaves those out, which is what keeps an alert
//! from being sent twice. The store does not know what an alert means: `marsad-watch` computes
//! them and `marsad-alerts` derives their ids and delivers them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::db::{vals, Row};
use crate::{ErrorKind, Result, Store, R};

/// One alert as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredAlert {
    /// Stable id (`al-` + 16 hex digits, see `marsad_alerts::alert_id`).
    pub id: String,
    /// The watch's id.
    pub watch: String,
    /// `threshold`, `spike` or `silence`.
    pub kind: String,
    pub indicator: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub value: f64,
    pub threshold: f64,
    pub message: String,
    /// The alert as its producer serialised it, with its evidence sentences.
    pub detail: serde_json::Value,
    /// When it was first recorded (UTC, RFC 3339).
    pub raised_at: String,
}

/// One attempt to deliver an alert to a receiver.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAttempt {
    pub alert_id: String,
    /// The receiver (a webhook URL).
    pub target: String,
    /// 1 for the first attempt at this (alert, target), counted across runs.
    pub attempt: u32,
    /// When the attempt ended (UTC, RFC 3339).
    pub at: String,
    /// The HTTP status, when the receiver answered.
    pub status: Option<u16>,
    /// True when the receiver acknowledged it (a 2xx answer).
    pub delivered: bool,
    /// What happened, in words (`200 OK`, `503 Service Unavailable`, `connection refused`).
    pub detail: String,
}

const ALERT_COLUMNS: &str = "id, watch, kind, indicator, start_date, end_date, value, threshold, \
    message, detail, raised_at";

impl Store {
    /// Stores the alerts whose ids the database does not hold yet, in one transaction, and returns
    /// the ids that were new (in the order given). An alert already stored is left as it was.
    pub fn record_alerts(&mut self, alerts: &[StoredAlert]) -> Result<Vec<String>> {
        self.wrap(|s| {
            s.conn.batch("BEGIN")?;
            let mut new = Vec::new();
            let result = (|| {
                for a in alerts {
                    let n = s.conn.execute(
                        "INSERT INTO alerts(id, watch, kind, indicator, start_date, end_date, \
                         value, threshold, message, detail, raised_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
                         ON CONFLICT DO NOTHING",
                        vals![
                            &a.id,
                            &a.watch,
                            &a.kind,
                            &a.indicator,
                            a.start.to_string(),
                            a.end.to_string(),
                            a.value,
                            a.threshold,
                            &a.message,
                            a.detail.to_string(),
                            &a.raised_at,
                        ],
                    )?;
                    if n > 0 {
                        new.push(a.id.clone());
                    }
                }
                Ok(())
            })();
            match result {
                Ok(()) => s.conn.batch("COMMIT")?,
                Err(e) => {
                    let _ = s.conn.batch("ROLLBACK");
                    return Err(e);
                }
            }
            Ok(new)
        })
    }

    /// The watch's stored alerts, newest first (by the order they were recorded), at most `limit`.
    pub fn alerts(&self, watch: &str, limit: Option<usize>) -> Result<Vec<StoredAlert>> {
        self.wrap_ref(|s| {
            let limit = limit.map_or(i64::MAX, |n| n.min(i64::MAX as usize) as i64);
            let rows = s.conn.query(
                &format!(
                    "SELECT {ALERT_COLUMNS} FROM alerts WHERE watch = ?1 ORDER BY seq DESC LIMIT ?2"
                ),
                vals![watch, limit],
            )?;
            rows.iter().map(alert_from_row).collect()
        })
    }

    /// The watch's alerts that `target` has not acknowledged, oldest first.
    pub fn undelivered_alerts(&self, watch: &str, target: &str) -> Result<Vec<StoredAlert>> {
        self.wrap_ref(|s| {
            let rows = s.conn.query(
                &format!(
                    "SELECT {ALERT_COLUMNS} FROM alerts a WHERE watch = ?1 AND NOT EXISTS \
                     (SELECT 1 FROM alert_deliveries d \
                      WHERE d.alert_id = a.id AND d.target = ?2 AND d.delivered = 1) \
                     ORDER BY seq"
                ),
                vals![watch, target],
            )?;
            rows.iter().map(alert_from_row).collect()
        })
    }

    /// True when `target` has acknowledged the alert.
    pub fn is_delivered(&self, alert_id: &str, target: &str) -> Result<bool> {
        self.wrap_ref(|s| {
            Ok(s.conn
                .query_opt(
                    "SELECT 1 FROM alert_deliveries \
                     WHERE alert_id = ?1 AND target = ?2 AND delivered = 1 LIMIT 1",
                    vals![alert_id, target],
                )?
                .is_some())
        })
    }

    /// How many attempts were made to deliver the alert to `target`, on every run.
    pub fn delivery_count(&self, alert_id: &str, target: &str) -> Result<u32> {
        self.wrap_ref(|s| {
            s.conn
                .query_one(
                    "SELECT count(*) FROM alert_deliveries WHERE alert_id = ?1 AND target = ?2",
                    vals![alert_id, target],
                )?
                .get(0)
        })
    }

    /// Logs one delivery attempt.
    pub fn record_delivery(&self, d: &DeliveryAttempt) -> Result<()> {
        self.wrap_ref(|s| {
            s.conn.execute(
                "INSERT INTO alert_deliveries(alert_id, target, attempt, at, status, delivered, \
                 detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                vals![
                    &d.alert_id,
                    &d.target,
                    d.attempt,
                    &d.at,
                    d.status,
                    d.delivered,
                    &d.detail
                ],
            )?;
            Ok(())
        })
    }

    /// Every delivery attempt of the watch's alerts, in the order they were made.
    pub fn delivery_attempts(&self, watch: &str) -> Result<Vec<DeliveryAttempt>> {
        self.wrap_ref(|s| {
            let rows = s.conn.query(
                "SELECT d.alert_id, d.target, d.attempt, d.at, d.status, d.delivered, d.detail \
                 FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id \
                 WHERE a.watch = ?1 ORDER BY d.seq",
                vals![watch],
            )?;
            rows.iter()
                .map(|r| {
                    Ok(DeliveryAttempt {
                        alert_id: r.get(0)?,
                        target: r.get(1)?,
                        attempt: r.get(2)?,
                        at: r.get(3)?,
                        status: r.get(4)?,
                        delivered: r.get(5)?,
                        detail: r.get(6)?,
                    })
                })
                .collect()
        })
    }
}

/// Reads a row of [`ALERT_COLUMNS`]; a date or JSON column that does not parse is `Corrupt`.
fn alert_from_row(r: &Row) -> R<StoredAlert> {
    let id: String = r.get(0)?;
    let start: String = r.get(4)?;
    let end: String = r.get(5)?;
    let detail: String = r.get(9)?;
    let corrupt = |what: &str, detail: String| ErrorKind::Corrupt {
        what: format!("{what} of alert {id}"),
        detail,
    };
    let date = |s: &str, what: &str| {
        s.parse::<NaiveDate>()
            .map_err(|e| corrupt(what, format!("{s:?}: {e}")))
    };
    let start = date(&start, "start date")?;
    let end = date(&end, "end date")?;
    let detail = serde_json::from_str(&detail).map_err(|e| corrupt("detail", e.to_string()))?;
    Ok(StoredAlert {
        id: id.clone(),
        watch: r.get(1)?,
        kind: r.get(2)?,
        indicator: r.get(3)?,
        start,
        end,
        value: r.get(6)?,
        threshold: r.get(7)?,
        message: r.get(8)?,
        detail,
        raised_at: r.get(10)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(id: &str) -> StoredAlert {
        StoredAlert {
            id: id.into(),
            watch: "iran-us-talks".into(),
            kind: "threshold".into(),
            indicator: "sanctions-new".into(),
            start: "2026-02-03".parse().unwrap(),
            end: "2026-02-16".parse().unwrap(),
            value: 1.0,
            threshold: 1.0,
            message: "sanctions-new reached 1".into(),
            detail: serde_json::json!({"evidence": ["ev-1"]}),
            raised_at: "2026-12-07T11:00:00Z".into(),
        }
    }

    fn attempt(id: &str, n: u32, delivered: bool) -> DeliveryAttempt {
        DeliveryAttempt {
            alert_id: id.into(),
            target: "http://127.0.0.1:9/hook".into(),
            attempt: n,
            at: "2026-12-07T11:00:01Z".into(),
            status: Some(if delivered { 200 } else { 503 }),
            delivered,
            detail: String::new(),
        }
    }

    #[test]
    fn an_alert_is_stored_once() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(
            s.record_alerts(&[alert("al-1"), alert("al-2")]).unwrap(),
            ["al-1", "al-2"]
        );
        let mut again = alert("al-1");
        again.raised_at = "2026-12-08T00:00:00Z".into();
        assert_eq!(s.record_alerts(&[again, alert("al-3")]).unwrap(), ["al-3"]);
        let all = s.alerts("iran-us-talks", None).unwrap();
        let ids: Vec<_> = all.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["al-3", "al-2", "al-1"], "newest first");
        assert_eq!(all[2], alert("al-1"), "the first recording is kept");
        assert!(s.alerts("other", None).unwrap().is_empty());
    }

    #[test]
    fn an_acknowledged_alert_is_no_longer_pending() {
        let mut s = Store::open_in_memory().unwrap();
        s.record_alerts(&[alert("al-1"), alert("al-2")]).unwrap();
        let target = "http://127.0.0.1:9/hook";
        s.record_delivery(&attempt("al-1", 1, false)).unwrap();
        assert!(!s.is_delivered("al-1", target).unwrap());
        assert_eq!(
            s.undelivered_alerts("iran-us-talks", target).unwrap().len(),
            2
        );
        s.record_delivery(&attempt("al-1", 2, true)).unwrap();
        assert!(s.is_delivered("al-1", target).unwrap());
        assert_eq!(s.delivery_count("al-1", target).unwrap(), 2);
        let pending = s.undelivered_alerts("iran-us-talks", target).unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].id, "al-2");
        // Another receiver has acknowledged nothing.
        assert_eq!(
            s.undelivered_alerts("iran-us-talks", "http://x/")
                .unwrap()
                .len(),
            2
        );
        let log = s.delivery_attempts("iran-us-talks").unwrap();
        assert_eq!(log, [attempt("al-1", 1, false), attempt("al-1", 2, true)]);
    }
}
