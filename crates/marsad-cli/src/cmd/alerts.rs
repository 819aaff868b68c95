//! `marsad alerts`: the alerts a watch has raised, as stored in the database (each once, under
//! its stable id), with what each webhook of the watch made of them; `--deliver` retries the
//! pending ones now. Recording and delivery are `marsad-alerts`' work; this module lists.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use marsad_store::{DeliveryAttempt, Store, StoredAlert};
use marsad_watch::Watch;

pub const LONG_ABOUT: &str = "\
List the alerts a watch has raised, newest first, as stored in the database: each alert once, \
under a stable id derived from the watch, the rule and the events behind it, with its message, \
its evidence and, for each webhook of the watch ([[notify]] in the watch file), whether the \
receiver acknowledged it and how many attempts it took.

Alerts are recorded, and delivered to the webhooks, by `marsad report` and `marsad run --watch`; \
a webhook that did not acknowledge an alert is tried again on the next run, or now with --deliver. \
The dashboard (marsad serve) serves each watch's alerts as an Atom feed at \
/watches/<id>/alerts.atom.

Exit codes: 0 success, 1 the watch or the database cannot be read, 2 bad usage.

Examples:
  marsad alerts --watch watches/iran-us-talks.toml
  marsad alerts --watch watches/iran-us-talks.toml --db news.db --format json
  marsad alerts --watch watches/iran-us-talks.toml --deliver";

#[derive(Args, Debug)]
pub struct AlertsArgs {
    /// The watch definition (TOML; see watches/README.md)
    #[arg(long)]
    pub watch: PathBuf,
    /// The database file (created by `marsad ingest` or `marsad run`)
    #[arg(
        long,
        env = "MARSAD_DB",
        hide_env_values = true,
        default_value = "marsad.db"
    )]
    pub db: PathBuf,
    #[arg(long, value_enum, default_value_t = AlertsFormat::Text)]
    pub format: AlertsFormat,
    /// Show at most this many alerts (the newest)
    #[arg(long)]
    pub limit: Option<usize>,
    /// First try again to deliver the alerts a webhook has not acknowledged
    #[arg(long)]
    pub deliver: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlertsFormat {
    Text,
    Json,
}

pub fn run(a: AlertsArgs) -> anyhow::Result<()> {
    let w = Watch::load(&a.watch)?;
    if !Store::exists(&a.db) {
        bail!(
            "{}: no database here; create it with `marsad ingest` or `marsad run`",
            a.db.display()
        );
    }
    let store = Store::open(&a.db)?;
    if a.deliver {
        let report = marsad_alerts::deliver(&store, &w)?;
        print_delivery(&report);
    }
    let alerts = store.alerts(&w.id, a.limit)?;
    let attempts = store.delivery_attempts(&w.id)?;
    let body = match a.format {
        AlertsFormat::Json => json(&w, &alerts, &attempts),
        AlertsFormat::Text => text(&w, &alerts, &attempts),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(body.as_bytes())?;
    out.flush().context("cannot write to stdout")
}

/// Prints what a delivery did, one line per attempt, then the summary (stderr, `marsad:` lines),
/// for `marsad alerts --deliver`, `marsad report` and `marsad run --watch`.
pub fn print_delivery(r: &marsad_alerts::DeliveryReport) {
    for line in r.lines() {
        eprintln!("marsad: {line}");
    }
}

/// One entry per alert with its delivery attempts.
fn json(w: &Watch, alerts: &[StoredAlert], attempts: &[DeliveryAttempt]) -> String {
    let list: Vec<_> = alerts
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a).unwrap_or_default();
            v["deliveries"] = serde_json::to_value(
                attempts
                    .iter()
                    .filter(|t| t.alert_id == a.id)
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_default();
            v
        })
        .collect();
    let doc = serde_json::json!({
        "watch": { "id": w.id, "name": w.name },
        "webhooks": w.notify.iter().map(|n| &n.url).collect::<Vec<_>>(),
        "alerts": list,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn text(w: &Watch, alerts: &[StoredAlert], attempts: &[DeliveryAttempt]) -> String {
    let mut s = String::new();
    if alerts.is_empty() {
        s.push_str(&format!(
            "{}: no alerts stored; `marsad report --watch {}` records them\n",
            w.id, w.origin
        ));
        return s;
    }
    s.push_str(&format!(
        "{}: {} alert{} stored, newest first\n",
        w.id,
        alerts.len(),
        if alerts.len() == 1 { "" } else { "s" }
    ));
    for a in alerts {
        let when = if a.start == a.end {
            a.start.to_string()
        } else {
            format!("{}..{}", a.start, a.end)
        };
        s.push_str(&format!(
            "\n{}  {:<9}  {}  {}  raised {}\n  {}\n",
            a.id, a.kind, a.indicator, when, a.raised_at, a.message
        ));
        let evidence = a.detail.get("evidence").and_then(|v| v.as_array());
        for e in evidence.into_iter().flatten() {
            let f = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or("");
            // First-strong isolates keep an Arabic sentence from reordering the line around it.
            s.push_str(&format!(
                "  {} {} {} {} -> {}: \u{2068}{}\u{2069}\n",
                f("id"),
                f("date"),
                f("event"),
                f("actor"),
                f("recipient"),
                f("text")
            ));
        }
        for hook in &w.notify {
            let tries: Vec<_> = attempts
                .iter()
                .filter(|t| t.alert_id == a.id && t.target == hook.url)
                .collect();
            let state = match (tries.iter().find(|t| t.delivered), tries.last()) {
                (Some(ok), _) => format!("delivered at attempt {} ({})", ok.attempt, ok.at),
                (None, Some(last)) => format!(
                    "pending after {} attempt{} (last: {})",
                    tries.len(),
                    if tries.len() == 1 { "" } else { "s" },
                    last.detail
                ),
                (None, None) => "pending, not tried yet".to_owned(),
            };
            s.push_str(&format!("  webhook {}: {state}\n", hook.url));
        }
    }
    s
}
