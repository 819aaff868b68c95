//! Alerts that reach people (issue 14, item 3), end to end from the command line: `marsad report`
//! over the examples records the flagship watch's alerts once and posts them to a local webhook
//! receiver, which checks each signature, fails the first post and acknowledges the rest; a second
//! report and `marsad run --watch` raise and send nothing; `marsad alerts` lists what was stored and
//! delivered; and the dashboard's Atom feed of the watch is read back by a feed parser.

mod serve_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use serde_json::Value;
use serve_support::{example_db, repo, Server, TempDir};
use sha2::Sha256;

/// The secret the test watch names through `secret_env`.
const SECRET_ENV: &str = "MARSAD_TEST_WEBHOOK_SECRET";
const SECRET: &str = "correct horse battery staple";

/// One post the receiver took, and whether its signature checked out.
#[derive(Clone, Debug)]
struct Post {
    alert: String,
    signed: bool,
    body: Value,
}

/// A webhook receiver on a local port: it checks each post's `X-Marsad-Signature` against
/// [`SECRET`], answers 503 to the first post and 200 to the others, and keeps what it received.
fn receiver() -> (String, Arc<Mutex<Vec<Post>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/marsad-hook", listener.local_addr().unwrap());
    let posts = Arc::new(Mutex::new(Vec::new()));
    let seen = posts.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut r = BufReader::new(stream.try_clone().unwrap());
            let (mut len, mut signature, mut alert) = (0, String::new(), String::new());
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            assert!(line.starts_with("POST /marsad-hook "), "{line}");
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap() == 0 || line.trim_end().is_empty() {
                    break;
                }
                let Some((k, v)) = line.trim_end().split_once(':') else {
                    continue;
                };
                match k.trim().to_ascii_lowercase().as_str() {
                    "content-length" => len = v.trim().parse().unwrap(),
                    "x-marsad-signature" => signature = v.trim().to_owned(),
                    "x-marsad-alert" => alert = v.trim().to_owned(),
                    _ => {}
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(&body);
            let signed = signature
                .strip_prefix("sha256=")
                .and_then(decode_hex)
                .is_some_and(|sig| mac.verify_slice(&sig).is_ok());
            seen.lock().unwrap().push(Post {
                alert,
                signed,
                body: serde_json::from_slice(&body).unwrap(),
            });
            let status = if n == 0 {
                "503 Service Unavailable"
            } else {
                "200 OK"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, posts)
}

fn decode_hex(h: &str) -> Option<Vec<u8>> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The flagship watch with a `[[notify]]` table for `url`, written as `iran-us-talks.toml` in
/// `dir` (so its id stays `iran-us-talks`).
fn watch_with_webhook(dir: &Path, url: &str) -> String {
    let text = std::fs::read_to_string(repo().join("watches/iran-us-talks.toml")).unwrap();
    let path = dir.join("iran-us-talks.toml");
    std::fs::write(
        &path,
        format!(
            "{text}\n[[notify]]\nurl = \"{url}\"\nsecret_env = \"{SECRET_ENV}\"\nbackoff_seconds = 0.05\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn marsad(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .env(SECRET_ENV, SECRET)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "marsad {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn issue_14_alerts_reach_a_signed_webhook_once_and_the_atom_feed() {
    let (_dir, db) = example_db();
    let db = db.display().to_string();
    let tmp = TempDir::new("alerts");
    let (url, posts) = receiver();
    let watch = watch_with_webhook(tmp.path(), &url);

    // The first report records the alerts and delivers them: the first post fails, is retried
    // and acknowledged, and every other alert goes through at once.
    let first = marsad(&["report", "--watch", &watch, "--db", &db, "--format", "json"]);
    let report: Value = serde_json::from_slice(&first.stdout).expect("stdout stays JSON");
    let raised: Vec<&Value> = report["alerts"].as_array().unwrap().iter().collect();
    assert!(!raised.is_empty(), "the examples raise alerts");
    let err = stderr(&first);
    let n = raised.len();
    assert!(
        err.contains(&format!("{n} new (stored in the database)")),
        "{err}"
    );
    assert!(err.contains("attempt 1: 503 Service Unavailable"), "{err}");
    assert!(err.contains("attempt 2: 200 OK (acknowledged)"), "{err}");
    assert!(
        err.contains(&format!("webhooks: {n} delivered, 0 pending")),
        "{err}"
    );
    let got = posts.lock().unwrap().clone();
    assert_eq!(got.len(), n + 1, "one retry, then one post per alert");
    assert!(got.iter().all(|p| p.signed), "every post is signed");
    assert_eq!(
        got[0].alert, got[1].alert,
        "the failed post is retried first"
    );
    let mut ids: Vec<&str> = got[1..].iter().map(|p| p.alert.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "each alert acknowledged once");
    // The sanctions alert carries its evidence sentence.
    let sanctions = got
        .iter()
        .find(|p| p.body["indicator"] == "sanctions-new")
        .expect("the new-sanctions alert was posted");
    assert_eq!(sanctions.body["id"], sanctions.alert.as_str());
    assert!(!sanctions.body["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .is_empty());

    // A second report, and `marsad run --watch`, raise nothing new and post nothing.
    let again = marsad(&["report", "--watch", &watch, "--db", &db]);
    assert!(
        stderr(&again).contains(&format!("{n} alerts in this assessment, 0 new")),
        "{}",
        stderr(&again)
    );
    let run = marsad(&[
        "run",
        "--db",
        &db,
        "--watch",
        &watch,
        "examples/articles.jsonl",
    ]);
    assert!(stderr(&run).contains("0 new (stored in the database); nothing to deliver"));
    assert_eq!(posts.lock().unwrap().len(), n + 1);

    // `marsad alerts` lists them with their deliveries.
    let listed = marsad(&["alerts", "--watch", &watch, "--db", &db, "--format", "json"]);
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let alerts = listed["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), n);
    for a in alerts {
        let d = a["deliveries"].as_array().unwrap();
        assert!(d.last().unwrap()["delivered"].as_bool().unwrap(), "{a}");
        assert_eq!(d.last().unwrap()["target"], url.as_str());
    }
    let text = marsad(&["alerts", "--watch", &watch, "--db", &db]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with(&format!("iran-us-talks: {n} alerts stored")),
        "{text}"
    );
    assert!(text.contains("delivered at attempt 2"), "{text}");
    assert!(text.contains("sanctions-new"), "{text}");

    // The dashboard serves the watch's alerts as Atom, which a feed parser reads.
    let server = Server::start(Path::new(&db), &["--watch", &watch]);
    let r = server.get_ok("/watches/iran-us-talks/alerts.atom");
    assert_eq!(
        r.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let feed = feed_rs::parser::parse(r.body.as_slice()).expect("valid Atom");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.id, "urn:marsad:watch:iran-us-talks");
    assert!(feed.updated.is_some());
    let mut entry_ids: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
    entry_ids.sort_unstable();
    let mut want: Vec<String> = alerts
        .iter()
        .map(|a| format!("urn:marsad:alert:{}", a["id"].as_str().unwrap()))
        .collect();
    want.sort_unstable();
    assert_eq!(entry_ids, want);
    for e in &feed.entries {
        assert!(e.updated.is_some() && e.summary.is_some() && e.title.is_some());
        // Each entry links to the first event behind it, which the dashboard serves.
        let href = &e.links[0].href;
        assert!(href.starts_with("/events/ev-"), "{href}");
        server.get_ok(href);
    }
    // The overview links to the feed; an unknown watch has none.
    let overview = server.get_ok("/").text();
    assert!(overview.contains("href=\"/watches/iran-us-talks/alerts.atom\""));
    assert_eq!(server.get("/watches/nope/alerts.atom").status, 404);
}
