//! Issue 13, items 9 and 10: one truth for the analyst.
//!
//! `marsad report --format json` and `GET /api/watches/{name}` must give the same assessment on
//! the same database (one function, `marsad_watch::assess`, computes both), and the default
//! period must follow the latest publication date, so that an archive of 2015 with one event
//! dated 2023 (a future year an article names) shows 2015, not an empty 2023. A window without
//! data says so, in the report and on the dashboard, whose period picker keeps the period in the
//! URL and is validated like the API.

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use marsad_coder::{ActorRef, EventRecord, SentenceRef, TextSpan};
use marsad_store::model::Article;
use marsad_store::Store;
use serde_json::Value;
use serve_support::{example_db, ingest, repo, watch_file, Server, TempDir};

/// The watch id of `watches/iran-us-talks.toml`.
const WATCH: &str = "iran-us-talks";

/// Runs `marsad report --format json` with `args` and returns the parsed JSON.
fn report_json(db: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("report")
        .arg("--watch")
        .arg(watch_file())
        .arg("--db")
        .arg(db)
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run marsad report");
    assert!(
        out.status.success(),
        "marsad report {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("report JSON")
}

/// Runs `marsad report` as text with `args`.
fn report_text(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("report")
        .arg("--watch")
        .arg(watch_file())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run marsad report");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The examples with every 2026 date moved to 2015 (same day and month), as JSONL in `dir`.
fn archive_2015(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("examples/articles.jsonl")).unwrap();
    let path = dir.join("archive-2015.jsonl");
    std::fs::write(&path, text.replace("2026", "2015")).unwrap();
    path
}

/// Adds one article published on `published` whose only event, Iran meeting the United States,
/// is dated `event_date`: what a coder that dates an event in a year the article names stores.
fn add_future_event(db: &Path, published: &str, event_date: &str) {
    let side = |code: &str| ActorRef {
        text: code.to_owned(),
        start: 0,
        end: 4,
        code: Some(code.to_owned()),
        sector: Some("GOV".to_owned()),
        name: None,
        wikidata: None,
        inferred: None,
    };
    let text = "Iran and the United States will meet in 2023, the minister said.";
    let rec = EventRecord {
        id: "future:0:0".into(),
        doc_id: "future".into(),
        language: "en".into(),
        sentence: SentenceRef {
            index: 0,
            start: 0,
            end: text.chars().count(),
        },
        text: text.into(),
        date: Some(event_date.into()),
        date_source: "text".into(),
        date_end: None,
        event: "CONSULT".into(),
        mode: None,
        context: vec!["diplomatic".into()],
        cameo: Some("040".into()),
        quad_code: Some(1),
        event_scale: Some(2.5),
        goldstein: Some(1.0),
        negated: false,
        aux: vec![],
        actor: vec![side("IRN")],
        recipient: vec![side("USA")],
        event_text: vec![TextSpan {
            text: "meet".into(),
            start: 33,
            end: 37,
        }],
        location: None,
        tables: None,
        confidence: None,
    };
    let article = Article {
        id: "future".into(),
        url: None,
        title: None,
        source: Some("test".into()),
        language: "en".into(),
        published: published.parse().ok(),
        fetched: "2015-03-01T00:00:00Z".into(),
        content_hash: marsad_store::content_hash(text),
        duplicate_of: None,
        copies: 0,
        origin: "future.txt".into(),
        published_at: None,
    };
    let mut store = Store::open(db).unwrap();
    store.add_article(&article, text, &[rec]).unwrap();
}

/// Checks that the report's JSON and the API's are the same assessment for each period.
fn check_same(db: &Path, periods: &[(&str, &str)]) {
    let server = Server::start(db, &["--watch", watch_file().to_str().unwrap()]);
    for (from, to) in periods {
        let mut args = Vec::new();
        let mut query = Vec::new();
        if !from.is_empty() {
            args.extend(["--from", *from]);
            query.push(format!("from={from}"));
        }
        if !to.is_empty() {
            args.extend(["--to", *to]);
            query.push(format!("to={to}"));
        }
        let report = report_json(db, &args);
        let path = format!("/api/watches/{WATCH}?{}", query.join("&"));
        let api = server.json(&path);
        assert_eq!(
            report,
            api,
            "{}: report {args:?} and GET {path} differ",
            db.display()
        );
    }
}

#[test]
fn issue_13_report_and_api_give_the_same_assessment_on_several_databases() {
    // The examples, with the default period and two chosen ones.
    let (_dir, examples) = example_db();
    check_same(
        &examples,
        &[("", ""), ("2026-01-20", "2026-02-16"), ("", "2026-02-01")],
    );

    // An archive of 2015 with one event dated 2023.
    let dir = TempDir::new("archive");
    let db = dir.path().join("archive.db");
    ingest(&db, &archive_2015(dir.path()));
    add_future_event(&db, "2015-02-10", "2023-01-01");
    check_same(
        &db,
        &[("", ""), ("2015-01-01", ""), ("2016-01-01", "2016-02-01")],
    );

    // A database with no watch events at all.
    let empty = TempDir::new("empty");
    let jsonl = empty.path().join("other.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\": \"x\", \"date\": \"2015-05-01\", \"lang\": \"en\", \"text\": \"It rained in the city.\"}\n",
    )
    .unwrap();
    let db = empty.path().join("empty.db");
    ingest(&db, &jsonl);
    check_same(&db, &[("", "")]);
}

#[test]
fn issue_13_an_archive_of_2015_shows_2015_despite_an_event_dated_2023() {
    let dir = TempDir::new("archive-2015");
    let db = dir.path().join("archive.db");
    ingest(&db, &archive_2015(dir.path()));
    add_future_event(&db, "2015-02-10", "2023-01-01");
    let last_published = "2015-02-13"; // the latest article of examples/, moved to 2015

    // The report: the period ends on the last publication, the window has data, and the 2023
    // event is counted as outside the period.
    let a = report_json(&db, &[]);
    assert_eq!(a["to"], last_published);
    assert_eq!(a["from"], "2015-01-17");
    let current = a["windows"].as_array().unwrap().last().unwrap().clone();
    assert_ne!(current["verdict"], "no data", "{current}");
    assert!(a["events"].as_array().unwrap().len() > 5);
    assert!(a["skipped"]["outside_period"].as_u64().unwrap() >= 1);

    // The dashboard: the same period, evidence in the panels, the picker filled with it.
    let server = Server::start(&db, &["--watch", watch_file().to_str().unwrap()]);
    let page = server.get_ok("/").text();
    assert!(
        page.contains(&format!("value=\"{last_published}\"")),
        "the picker shows the period"
    );
    assert!(
        page.contains("Verdict for 2015-01-31 to 2015-02-13"),
        "{page}"
    );
    assert!(!page.contains("No data in this window"), "{page}");
    assert!(!page.contains("2022-12-19"), "{page}");

    // A window without data says so, on the page and in the report.
    let page = server.get_ok("/?from=2016-01-01&to=2016-02-01").text();
    assert!(page.contains("No data in this window"), "{page}");
    assert!(page.contains("value=\"2016-01-01\"") && page.contains("value=\"2016-02-01\""));
    assert!(
        page.contains(&format!(
            "/api/watches/{WATCH}?from=2016-01-01&amp;to=2016-02-01"
        )),
        "the JSON link keeps the period"
    );
    assert!(
        !page.contains("managed stalemate</span> score +0.0"),
        "{page}"
    );
    let text = report_text(&db, &["--from", "2016-01-01", "--to", "2016-02-01"]);
    assert!(
        text.contains("VERDICT 2016-01-19 .. 2016-02-01: NO DATA\n"),
        "{text}"
    );
    assert!(text.contains("no data in this window"), "{text}");

    // A current window past the data, after one with data: "no data", and the panels' evidence
    // from before it is labelled so.
    let page = server.get_ok("/?from=2015-01-31&to=2015-03-13").text();
    assert!(
        page.contains("Verdict for 2015-02-28 to 2015-03-13: <span class=\"verdict no-data\""),
        "{page}"
    );
    assert!(
        page.contains("Nothing in this window; the latest before it:"),
        "{page}"
    );

    // The picker is validated as the API is.
    for bad in [
        "/?from=2015-13-01",
        "/?from=2015-03-01&to=2015-02-01",
        "/?from=2000-01-01&to=2015-01-01",
        "/?form=2015-01-01",
    ] {
        assert_eq!(server.get(bad).status, 400, "GET {bad}");
        let api = bad.replacen("/?", &format!("/api/watches/{WATCH}?"), 1);
        assert_eq!(server.get(&api).status, 400, "GET {api}");
    }
}
