//! The verdict over time end to end (issue 14, item 2): `marsad report` over the examples carries
//! the whole history in JSON (one cell per bucket of the period, the last one the current
//! verdict, each change point with the events that entered and left its window), and the
//! terminal report, the Markdown and the HTML brief draw it as a strip with its change points.

mod support;

use std::fs;

use serde_json::Value;
use support::{examples_db, ok, s, scratch, Run};

const WATCH: &str = "watches/iran-us-talks.toml";

fn report(args: &[&str]) -> Run {
    let mut all = vec!["report", "--watch", WATCH, "--db", s(examples_db())];
    all.extend_from_slice(args);
    ok(&all)
}

/// The history of a JSON report, checked against the rest of the report.
fn check_history(v: &Value) -> &Vec<Value> {
    let history = v["history"].as_array().expect("a history array");
    let buckets = v["buckets"].as_array().unwrap();
    assert_eq!(history.len(), buckets.len(), "one cell per bucket");
    for (c, b) in history.iter().zip(buckets) {
        assert_eq!(c["bucket"], b["label"]);
        assert_eq!(c["end"], b["end"]);
    }
    // The last cell is the current window, verdict and score.
    let cur = v["windows"].as_array().unwrap().last().unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (&last["start"], &last["verdict"], &last["score"]),
        (&cur["start"], &cur["verdict"], &cur["score"])
    );
    // A change point is exactly where the verdict differs from the cell before, and every
    // event it names is in the report's events, with its sentence.
    let events = v["events"].as_array().unwrap();
    for (i, c) in history.iter().enumerate() {
        let changed = i > 0 && history[i - 1]["verdict"] != c["verdict"];
        assert_eq!(c.get("change").is_some(), changed, "cell {}", c["bucket"]);
        if let Some(ch) = c.get("change") {
            assert_eq!(ch["from"], history[i - 1]["verdict"]);
            assert_eq!(ch["to"], c["verdict"]);
            let ids: Vec<&Value> = ch["entered"]
                .as_array()
                .unwrap()
                .iter()
                .chain(ch["left"].as_array().unwrap())
                .collect();
            assert!(!ids.is_empty(), "change at {} without events", c["bucket"]);
            for id in ids {
                let e = events.iter().find(|e| e["id"] == *id).expect("listed");
                assert!(!e["text"].as_str().unwrap().is_empty());
            }
        }
    }
    history
}

#[test]
fn json_carries_the_verdict_for_every_day_of_the_period() {
    let v: Value = serde_json::from_str(&report(&["--format", "json"]).stdout).unwrap();
    let history = check_history(&v);
    // The default period is two 14-day windows: 28 daily cells.
    assert_eq!(history.len(), 28);

    // A longer period: every window of it, not only the last two.
    let v: Value = serde_json::from_str(
        &report(&[
            "--format",
            "json",
            "--from",
            "2026-01-01",
            "--to",
            "2026-02-28",
        ])
        .stdout,
    )
    .unwrap();
    let history = check_history(&v);
    assert_eq!(history.len(), 59);
    // Before the first article nothing is known, and the strip says so.
    assert_eq!(history[0]["verdict"], "no data");
    let changes = history.iter().filter(|c| c.get("change").is_some()).count();
    assert!(changes >= 2, "{changes} change points");
}

#[test]
fn the_reports_draw_the_strip_and_link_each_change_to_its_events() {
    let text = report(&[]).stdout;
    let line = text
        .lines()
        .skip_while(|l| !l.contains("verdict over time"))
        .nth(1)
        .expect("the strip under its heading");
    assert_eq!(line.trim().chars().count(), 28, "{line}");

    // Two months hold change points whatever the coder decides of single events: the strip
    // starts with the days before the first article ("no data").
    const LONG: [&str; 4] = ["--from", "2026-01-01", "--to", "2026-02-28"];
    let dir = scratch("history-brief");
    let html = dir.join("brief.html");
    report(&[&["--format", "html", "-o", s(&html)][..], &LONG[..]].concat());
    let page = fs::read_to_string(&html).unwrap();
    let strip = &page[page.find("<div class=\"strip\">").expect("a strip")..];
    let strip = &strip[..strip.find("</div>").unwrap()];
    assert_eq!(strip.matches("class=\"cell ").count(), 59);
    let links: Vec<&str> = strip
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(!links.is_empty(), "change points are links");
    for id in links {
        let at = page
            .find(&format!("<section id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no section {id}"));
        let section = &page[at..];
        let section = &section[..section.find("</section>").unwrap()];
        assert!(section.contains("class=\"ev\""), "{id} lists its events");
    }

    let md = dir.join("brief.md");
    report(&[&["--format", "markdown", "-o", s(&md)][..], &LONG[..]].concat());
    let md = fs::read_to_string(&md).unwrap();
    assert!(md.contains("## The verdict over time"));
    assert!(md.contains("entered: ") || md.contains("left: "));
}
