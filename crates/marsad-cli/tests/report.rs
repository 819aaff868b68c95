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
