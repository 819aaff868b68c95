//! End-to-end tests of `marsad report` (issue 6): the examples ingested into a fresh database, then
//! the Iran–US watch as a terminal report, JSON, and an HTML and a Markdown brief whose charts are
//! checked by their content; plus the errors a user meets (no database, a broken watch file).

mod support;

use std::fs;

use serde_json::Value;
use support::{examples_db, marsad, ok, s, scratch, Run};

const WATCH: &str = "watches/iran-us-talks.toml";
const TESTS: [&str; 5] = [
    "scope",
    "enrichment",
    "military",
    "sanctions",
    "back-channel",
];

/// Runs `marsad report` on [`WATCH`] and the examples with `args` added, and insists that it
/// succeeds.
fn report(args: &[&str]) -> Run {
    let mut all = vec!["report", "--watch", WATCH, "--db", s(examples_db())];
    all.extend_from_slice(args);
    ok(&all)
}

#[test]
fn the_terminal_report_gives_the_verdict_the_five_tests_and_their_evidence() {
    let run = report(&[]);
    let out = &run.stdout;
    let verdict = out
        .lines()
        .find(|l| l.starts_with("VERDICT "))
        .expect("a verdict line");
    assert!(
        ["PROGRESS", "MANAGED STALEMATE", "ESCALATION"]
            .iter()
            .any(|v| verdict.contains(v)),
        "{verdict}"
    );
    for t in TESTS {
        assert!(
            out.contains(&format!("  {t} (")),
            "no evidence block for {t}:\n{out}"
        );
    }
    // Sparklines, and Arabic evidence in a first-strong isolate at the end of its line.
    assert!(out.lines().any(|l| l.contains('▁') && l.contains('█')));
    let arabic = out
        .lines()
        .find(|l| {
            l.contains('\u{2068}') && l.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        })
        .expect("an Arabic evidence sentence");
    assert!(arabic.ends_with('\u{2069}'), "{arabic}");
    assert!(
        run.stderr.contains("marsad: iran-us-talks: "),
        "{}",
        run.stderr
    );
}

#[test]
fn json_carries_the_numbers_and_the_evidence_sentences() {
    let run = report(&["--format", "json"]);
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let windows = v["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 2, "two windows by default");
    let cur = windows.last().unwrap();
    let tests: Vec<&str> = cur["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(tests, TESTS);
    // Every evidence id resolves to an event with its sentence.
    let events = v["events"].as_array().unwrap();
    for t in cur["tests"].as_array().unwrap() {
        for id in t["evidence"].as_array().unwrap() {
            let e = events
                .iter()
                .find(|e| e["id"] == *id)
                .expect("evidence is listed in events");
            assert!(!e["text"].as_str().unwrap().is_empty());
        }
    }
    // The worked entry of watches/README.md: the drone shot down on 3 February is a military
    // incident of the current window, and the override caps the verdict.
    let incidents = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "military-incidents")
        .unwrap();
    let ids = incidents["windows"][windows.len() - 1]["event_ids"]
        .as_array()
        .unwrap();
    assert!(
        ids.iter().any(|id| {
            let e = events.iter().find(|e| e["id"] == *id).unwrap();
            e["date"] == "2026-02-03" && e["event"] == "ASSAULT"
        }),
        "{ids:?}"
    );
    assert!(cur["reasons"][1]
        .as_str()
        .unwrap()
        .starts_with("military-incidents = "));
    // The window's indicator values add up to its score.
    let wi = windows.len() - 1;
    let score: f64 = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let sign = if i["direction"] == "progress" {
                1.0
            } else {
                -1.0
            };
            sign * i["weight"].as_f64().unwrap() * i["windows"][wi]["value"].as_f64().unwrap()
        })
        .sum();
    assert!((score - cur["score"].as_f64().unwrap()).abs() < 1e-6);
}

#[test]
fn the_html_brief_writes_charts_a_browser_can_show() {
    let dir = scratch("html");
    let out = dir.join("brief.html");
    let run = report(&["--format", "html", "-o", s(&out)]);
    assert!(run.stderr.contains("wrote"), "{}", run.stderr);
    let html = fs::read_to_string(&out).unwrap();
    let charts = dir.join("brief-charts");
    let mut names: Vec<String> = fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 14, "SVG and PNG of 7 charts: {names:?}");
    for n in &names {
        let stem = n.trim_end_matches(".svg").trim_end_matches(".png");
        if n.ends_with(".svg") {
            assert!(
                html.contains(&format!("<img src=\"brief-charts/{n}\"")),
                "{n} not shown"
            );
        } else {
            assert!(
                html.contains(&format!("<a href=\"brief-charts/{n}\">PNG</a>")),
                "{n} not linked"
            );
        }
        assert!(names.contains(&format!("{stem}.svg")) && names.contains(&format!("{stem}.png")));
    }
    // The dyad chart: three series with a point per day of the 28-day default period, its
    // title and axis labels.
    let svg = fs::read_to_string(charts.join("dyad-goldstein.svg")).unwrap();
    let lines: Vec<&str> = svg.lines().filter(|l| l.contains("<polyline")).collect();
    assert_eq!(lines.len(), 3);
    for l in lines {
        let pts = l
            .split("points=\"")
            .nth(1)
            .unwrap()
            .trim_end_matches("\"/>");
        assert_eq!(pts.split(' ').count(), 28);
    }
    for label in [
        "<title>Iran (IRN) – United States (USA): Goldstein sum per bucket</title>",
        ">Goldstein sum<",
        ">date<",
        ">IRN→USA<",
    ] {
        assert!(svg.contains(label), "no {label}");
    }
    let png = fs::read(charts.join("test-military.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, after the 8-byte signature and the chunk header.
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 760);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 320);
    assert!(
        html.contains("dir=\"rtl\" lang=\"ar\""),
        "Arabic evidence is marked right to left"
    );
}

#[test]
fn the_markdown_brief_references_its_charts() {
    let dir = scratch("md");
    let out = dir.join("weekly.md");
    report(&["--format", "markdown", "-o", s(&out)]);
    let md = fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Iran–US talks\n"));
    for t in TESTS {
        assert!(
            md.contains(&format!(
                "(weekly-charts/test-{t}.svg) ([PNG](weekly-charts/test-{t}.png))"
            )),
            "{t}"
        );
        assert!(dir.join(format!("weekly-charts/test-{t}.png")).exists());
    }
}

#[test]
fn a_period_narrows_the_report() {
    let run = report(&[
        "--format",
        "json",
        "--from",
        "2026-02-03",
        "--to",
        "2026-02-09",
    ]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["from"], "2026-02-03");
    assert_eq!(v["buckets"].as_array().unwrap().len(), 7);
    assert_eq!(v["windows"].as_array().unwrap().len(), 1);
    assert_eq!(v["windows"][0]["partial"], true);
    for e in v["events"].as_array().unwrap() {
        let d = e["date"].as_str().unwrap();
        assert!(("2026-02-03"..="2026-02-09").contains(&d), "{d}");
    }
}

#[test]
fn the_second_watch_runs_on_the_same_database() {
    let run = ok(&[
        "report",
        "--watch",
        "watches/israel-hezbollah.toml",
        "--db",
        s(examples_db()),
    ]);
    assert!(run
        .stdout
        .starts_with("Israel–Hezbollah ceasefire (israel-hezbollah)\n"));
    assert!(run.stdout.contains("weekly buckets"));
}

#[test]
fn errors_name_the_database_or_the_watch_line() {
    let dir = scratch("errors");
    let missing = dir.join("none.db");
    let run = marsad(&["report", "--watch", WATCH, "--db", s(&missing)]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("none.db: no database here"),
        "{}",
        run.stderr
    );
    assert!(!missing.exists(), "a report must not create a database");

    let bad = dir.join("bad.toml");
    fs::write(
        &bad,
        "name = \"x\"\nparties = [{ code = \"IRN\" }, { code = \"USA\" }]\n[[test]]\nid = \"t\"\n[[indicator]]\nid = \"i\"\ntest = \"t\"\ndirection = \"progress\"\nevents = [\"TALK\"]\n",
    )
    .unwrap();
    let run = marsad(&["report", "--watch", s(&bad), "--db", s(examples_db())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("bad.toml:9:11: unknown PLOVER event type \"TALK\""),
        "{}",
        run.stderr
    );
}

/// The sequence `pressure-between-rounds` over `marsad report --format json` on `db`: its matches
/// as `(a, b, ordered, hours)`, with the events' sentences.
fn pressure_matches(db: &std::path::Path) -> (Vec<(Value, Value, bool, f64)>, Value) {
    let run = ok(&[
        "report",
        "--watch",
        WATCH,
        "--db",
        s(db),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let q = v["sequences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "pressure-between-rounds")
        .expect("the sequence in the JSON")
        .clone();
    let sentence = |id: &Value| {
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == *id)
            .unwrap_or_else(|| panic!("{id} is evidence"))
            .clone()
    };
    let matches = q["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                sentence(&m["a"]),
                sentence(&m["b"]),
                m["ordered"].as_bool().unwrap(),
                m["hours"].as_f64().unwrap(),
            )
        })
        .collect();
    (matches, v)
}

/// Issue 14, item 1 (https://github.com/marsad/marsad/issues/14): on the examples built by
/// `marsad run`, the sanctions announced hours after the Muscat talks are "pressure between
/// rounds": the sequence fires with the meeting and the sanctions as evidence, feeds its
/// indicator, its alert and the verdict, and every format shows both sentences.
#[test]
fn issue_14_sanctions_after_the_talks_fire_with_both_events() {
    let dir = scratch("sequence-run");
    let db = dir.join("run.db");
    ok(&["run", "--db", s(&db)]);
    let (matches, v) = pressure_matches(&db);
    let pair = matches
        .iter()
        .find(|(a, b, _, _)| {
            a["event"] == "CONSULT"
                && a["date"] == "2026-02-06"
                && b["event"] == "SANCTION"
                && b["text"].as_str().unwrap().contains("shadow fleet")
        })
        .unwrap_or_else(|| panic!("no talks → sanctions pair in {matches:#?}"));
    // The examples give days only: a same-day pair, unordered and counted once.
    assert_eq!(b_date(&pair.1), "2026-02-06");
    assert!(!pair.2, "no publication times in the examples: unordered");
    // It feeds the indicator of the current window, and the threshold alert names both events.
    let wi = v["windows"].as_array().unwrap().len() - 1;
    let ind = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "pressure-between-rounds")
        .unwrap();
    assert!(ind["windows"][wi]["value"].as_f64().unwrap() >= 1.0);
    let alert = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["indicator"] == "pressure-between-rounds")
        .expect("the sequence's alert");
    for e in [&pair.0, &pair.1] {
        assert!(alert["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|id| *id == e["id"]));
    }
    // Every format shows both sentences under the sequence.
    let (meeting, sanctions) = (
        pair.0["text"].as_str().unwrap(),
        pair.1["text"].as_str().unwrap(),
    );
    let text = ok(&["report", "--watch", WATCH, "--db", s(&db)]).stdout;
    let section = text
        .split("\nSequences\n")
        .nth(1)
        .expect("a Sequences section");
    assert!(
        section.contains(meeting) && section.contains(sanctions),
        "{section}"
    );
    let out = dir.join("brief.md");
    ok(&[
        "report",
        "--watch",
        WATCH,
        "--db",
        s(&db),
        "--format",
        "markdown",
        "-o",
        s(&out),
    ]);
    let md = fs::read_to_string(&out).unwrap();
    let section = md
        .split("## Sequences")
        .nth(1)
        .expect("a Sequences section");
    assert!(section.contains(sanctions), "{section}");
    let out = dir.join("brief.html");
    ok(&[
        "report",
        "--watch",
        WATCH,
        "--db",
        s(&db),
        "--format",
        "html",
        "-o",
        s(&out),
    ]);
    let html = fs::read_to_string(&out).unwrap();
    let section = html
        .split("<h2>Sequences</h2>")
        .nth(1)
        .expect("a Sequences section");
    assert!(section.contains("shadow fleet"), "{section}");
}

fn b_date(e: &Value) -> &str {
    e["date"].as_str().unwrap()
}

/// Issue 14, item 1: publication times flow from a JSONL `date` with a time through the store to
/// the sequence, which orders a same-day pair by them: sanctions reported after the talks match,
/// 8 hours apart; reported before them, they do not.
#[test]
fn issue_14_publication_times_order_a_same_day_pair() {
    let dir = scratch("sequence-times");
    for (name, talks, sanctions, expected) in [
        ("after", "10:00", "18:00", Some(8.0)),
        ("before", "18:00", "10:00", None),
    ] {
        let jsonl = dir.join(format!("{name}.jsonl"));
        let lines = [
            serde_json::json!({
                "id": format!("{name}-talks"), "lang": "en",
                "date": format!("2026-02-06T{talks}:00Z"),
                "text": "Iran's foreign minister met the American envoy Steve Witkoff in Muscat on Friday."
            }),
            serde_json::json!({
                "id": format!("{name}-sanctions"), "lang": "en",
                "date": format!("2026-02-06T{sanctions}:00Z"),
                "text": "The US State Department imposed new sanctions on Friday on 14 tankers of Iran's shadow fleet."
            }),
        ];
        let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        fs::write(&jsonl, body.join("\n") + "\n").unwrap();
        let db = dir.join(format!("{name}.db"));
        ok(&["ingest", "--db", s(&db), s(&jsonl)]);
        let (matches, _) = pressure_matches(&db);
        let got: Vec<(bool, f64)> = matches.iter().map(|m| (m.2, m.3)).collect();
        match expected {
            Some(hours) => assert_eq!(got, [(true, hours)], "{name}: {matches:#?}"),
            None => assert!(got.is_empty(), "{name}: {matches:#?}"),
        }
    }
}
