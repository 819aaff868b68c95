//! Recording and delivery against a local webhook receiver, and the Atom feed read back by a parser.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use marsad_store::model::StoredEvent;
use marsad_watch::{evaluate, Period, Vocabulary};

use super::*;

/// One request the receiver took: its headers (lower-case names) and body.
#[derive(Clone, Debug)]
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A webhook receiver on a local port that answers the statuses of `script` in turn (then 200)
/// and keeps what it received.
fn receiver(script: &[u16]) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let got = Arc::new(Mutex::new(Vec::new()));
    let (seen, script) = (got.clone(), script.to_vec());
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut r = BufReader::new(stream.try_clone().unwrap());
            let mut headers = Vec::new();
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap() == 0 || line.trim_end().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.trim_end().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                }
            }
            let len: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            seen.lock().unwrap().push(Received { headers, body });
            let status = script.get(n).copied().unwrap_or(200);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, got)
}

/// The watch of the tests: one indicator (sanctions on Iran) with a threshold alert, and a
/// webhook at `url` with `notify` extra settings.
fn watch(url: &str, notify: &str) -> Watch {
    Watch::from_toml(
        &format!(
            r#"
name = "Iran–US talks"
parties = [{{ code = "IRN" }}, {{ code = "USA" }}]
window_days = 7
[[test]]
id = "sanctions"
[[indicator]]
id = "sanctions-new"
test = "sanctions"
direction = "escalation"
events = ["SANCTION"]
actors = ["USA"]
recipients = ["IRN"]
[[alert]]
kind = "threshold"
indicator = "sanctions-new"
at_least = 1
[[notify]]
url = "{url}"
backoff_seconds = 0.01
{notify}
"#
        ),
        "iran-us-talks.toml",
        Vocabulary::embedded(),
    )
    .unwrap()
}

/// "The US Treasury imposed new sanctions on Iran's shadow fleet" on `date`, as a stored event.
fn sanction(id: &str, date: &str) -> StoredEvent {
    serde_json::from_value(serde_json::json!({
        "id": id, "event": "SANCTION", "mode": null, "context": ["economic"],
        "cameo": "163", "quad_code": 4, "event_scale": -6.5, "goldstein": -8.0,
        "date": date, "date_end": null, "negated": false, "aux": [],
        "actor": [{"text": "US Treasury", "start": 4, "end": 15, "code": "USA",
                   "sector": "GOV", "name": null, "wikidata": null}],
        "recipient": [{"text": "Iran", "start": 40, "end": 44, "code": "IRN",
                       "sector": null, "name": null, "wikidata": null}],
        "actor_codes": ["USA"], "recipient_codes": ["IRN"], "location": null,
        "trigger": "imposed",
        "text": "The US Treasury imposed new sanctions on Iran's <shadow> fleet & tankers",
        "language": "en", "mentions": 1, "articles": 1, "sources": 1, "tables": null
    }))
    .unwrap()
}

fn assessment(w: &Watch, events: &[StoredEvent], to: &str) -> Assessment {
    let period = Period {
        from: Some("2026-02-01".parse().unwrap()),
        to: Some(to.parse().unwrap()),
    };
    evaluate(w, events, period).unwrap()
}

#[test]
fn an_alert_reaches_a_signed_webhook_after_a_failure_and_is_never_sent_again() {
    let (url, got) = receiver(&[503]);
    let w = watch(&url, "secret = \"s3cret\"");
    let mut store = Store::open_in_memory().unwrap();
    let a = assessment(&w, &[sanction("ev-1", "2026-02-06")], "2026-02-14");
    assert_eq!(a.alerts.len(), 1, "{:?}", a.alerts);

    let report = record_and_deliver(&mut store, &w, &a).unwrap();
    assert_eq!(report.raised, 1);
    assert_eq!(report.new, [alert_id(&w.id, &a.alerts[0])]);
    let outcomes: Vec<_> = report
        .attempts
        .iter()
        .map(|t| (t.attempt, t.status, t.delivered))
        .collect();
    assert_eq!(outcomes, [(1, Some(503), false), (2, Some(200), true)]);
    assert_eq!((report.delivered, report.pending), (1, 0));
    assert_eq!(store.delivery_attempts(&w.id).unwrap(), report.attempts);

    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    for r in &got {
        // The receiver's check: HMAC-SHA256 of the exact body under the shared secret.
        assert_eq!(
            r.header("x-marsad-signature"),
            Some(webhook::signature(b"s3cret", &r.body).as_str())
        );
        assert_eq!(r.header("x-marsad-alert"), Some(report.new[0].as_str()));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    let body: serde_json::Value = serde_json::from_slice(&got[1].body).unwrap();
    assert_eq!(body["id"], report.new[0].as_str());
    assert_eq!(body["kind"], "threshold");
    assert_eq!(body["evidence"][0]["id"], "ev-1");
    assert!(body["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .contains("shadow"));

    // A re-run a day later (the windows have slid) raises and sends nothing.
    let again = assessment(&w, &[sanction("ev-1", "2026-02-06")], "2026-02-15");
    let report = record_and_deliver(&mut store, &w, &again).unwrap();
    assert_eq!((report.raised, report.new.len()), (1, 0));
    assert!(report.attempts.is_empty());
    assert_eq!(report.summary(), "iran-us-talks: 1 alert in this assessment, 0 new (stored in the database); nothing to deliver");
}

#[test]
fn a_receiver_that_stays_down_keeps_its_alerts_pending_for_the_next_run() {
    // Nothing listens on this port once the listener is dropped.
    let url = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", l.local_addr().unwrap())
    };
    let w = watch(&url, "attempts = 2");
    let mut store = Store::open_in_memory().unwrap();
    let events = [
        sanction("ev-1", "2026-02-02"),
        sanction("ev-2", "2026-02-12"),
    ];
    let a = assessment(&w, &events, "2026-02-14");
    assert_eq!(a.alerts.len(), 2);
    let report = record_and_deliver(&mut store, &w, &a).unwrap();
    // The first alert's two attempts fail; the second is not tried against a dead receiver.
    assert_eq!(report.attempts.len(), 2);
    assert!(report
        .attempts
        .iter()
        .all(|t| t.status.is_none() && !t.delivered));
    assert_eq!((report.delivered, report.pending), (0, 2));
    assert!(report
        .summary()
        .ends_with("0 delivered, 2 pending after 2 attempts"));
    // The next run numbers its attempts after the first run's.
    let report = deliver(&store, &w).unwrap();
    assert_eq!(report.attempts[0].attempt, 3);
}

#[test]
fn a_missing_secret_is_reported_and_nothing_is_sent_unsigned() {
    let (url, got) = receiver(&[]);
    let w = watch(&url, "secret_env = \"MARSAD_TEST_SECRET_THAT_IS_NOT_SET\"");
    let mut store = Store::open_in_memory().unwrap();
    let a = assessment(&w, &[sanction("ev-1", "2026-02-06")], "2026-02-14");
    let report = record_and_deliver(&mut store, &w, &a).unwrap();
    assert_eq!(report.pending, 1);
    assert_eq!(
        report.unusable,
        [(
            url.clone(),
            "secret_env MARSAD_TEST_SECRET_THAT_IS_NOT_SET is not set".to_owned()
        )]
    );
    assert!(got.lock().unwrap().is_empty());
}

#[test]
fn alert_ids_follow_the_rule_and_the_events_not_the_window() {
    let w = watch("http://127.0.0.1:9/", "");
    let a = assessment(&w, &[sanction("ev-1", "2026-02-06")], "2026-02-14");
    let b = assessment(&w, &[sanction("ev-1", "2026-02-06")], "2026-02-16");
    assert_ne!(a.alerts[0].start, b.alerts[0].start, "the window slid");
    assert_eq!(alert_id(&w.id, &a.alerts[0]), alert_id(&w.id, &b.alerts[0]));
    let more = assessment(
        &w,
        &[
            sanction("ev-1", "2026-02-06"),
            sanction("ev-2", "2026-02-07"),
        ],
        "2026-02-14",
    );
    assert_ne!(
        alert_id(&w.id, &more.alerts[0]),
        alert_id(&w.id, &a.alerts[0])
    );
    assert_ne!(
        alert_id("other", &a.alerts[0]),
        alert_id(&w.id, &a.alerts[0])
    );
}

#[test]
fn the_atom_feed_is_read_back_by_a_feed_parser() {
    let w = watch("http://127.0.0.1:9/", "");
    let mut store = Store::open_in_memory().unwrap();
    let events = [
        sanction("ev-1", "2026-02-02"),
        sanction("ev-2", "2026-02-12"),
    ];
    record(&mut store, &w, &assessment(&w, &events, "2026-02-14")).unwrap();
    let alerts = store.alerts(&w.id, None).unwrap();
    let xml = atom::feed(
        &w.id,
        "Iran–US <talks> & \u{1}co",
        &alerts,
        "2026-12-07T00:00:00Z",
    );
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("valid Atom");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.id, "urn:marsad:watch:iran-us-talks");
    assert_eq!(feed.title.unwrap().content, "Iran–US <talks> & co: alerts");
    assert!(feed.updated.is_some());
    assert_eq!(feed.entries.len(), 2);
    for (e, a) in feed.entries.iter().zip(&alerts) {
        assert_eq!(e.id, format!("urn:marsad:alert:{}", a.id));
        assert!(e.updated.is_some());
        assert!(e
            .title
            .as_ref()
            .unwrap()
            .content
            .starts_with("Threshold: sanctions-new"));
        let summary = &e.summary.as_ref().unwrap().content;
        assert!(summary.contains("<shadow> fleet & tankers"), "{summary}");
        let ev = a.detail["evidence_ids"][0].as_str().unwrap();
        assert_eq!(e.links[0].href, format!("/events/{ev}"));
    }
    // An empty feed is still a feed.
    let empty = atom::feed(&w.id, "w", &[], "2026-12-07T00:00:00Z");
    assert!(feed_rs::parser::parse(empty.as_bytes())
        .unwrap()
        .entries
        .is_empty());
}

#[test]
fn back_off_doubles_up_to_five_minutes() {
    let secs = |base, n| backoff(base, n).as_secs_f64();
    assert_eq!([secs(1.0, 1), secs(1.0, 2), secs(1.0, 3)], [1.0, 2.0, 4.0]);
    assert_eq!(secs(300.0, 9), 300.0);
    assert_eq!(kind_name(AlertKind::Silence), "silence");
}
