//! Issue 13, item 13: one event told in two languages counts once.
//!
//! A Treasury designation reported in English with Iran as the target, and in Arabic with only
//! "15 companies and ships" (the coder names no target country, or guesses one from the scene),
//! used to be two events, and the flagship watch's `sanctions-new` reached 2. The merge rule in
//! `crates/marsad-store/src/merge.rs` now merges a report that lacks one side into the same-day
//! event of the same type whose other side matches: through `marsad ingest`, in either order, the
//! two articles give one event with two mentions, and the watch counts one designation.

mod serve_support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use serve_support::{ingest, watch_file, TempDir};

/// The English wire: the US Treasury sanctions Iran (USA GOV → IRN).
const ENGLISH: &str = r#"{"id": "treasury-en", "date": "2026-02-10", "lang": "en", "source": "Gulf Wire", "text": "The US Treasury imposed new sanctions on Iran on Tuesday, targeting oil shipping companies."}"#;
/// The Arabic wire: the same designation, with no target country named.
const ARABIC: &str = r#"{"id": "treasury-ar", "date": "2026-02-10", "lang": "ar", "source": "وكالة الخليج للأنباء", "text": "وفرضت الخزانة الأمريكية عقوبات على 15 شركة وسفينة."}"#;

/// `marsad events --all --format jsonl` on `db`.
fn events(db: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["events", "--all", "--format", "jsonl", "--db"])
        .arg(db)
        .output()
        .expect("run marsad events");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The number of events the flagship watch's `sanctions-new` counts over the default period.
fn sanctions_new(db: &Path) -> f64 {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("report")
        .arg("--watch")
        .arg(watch_file())
        .arg("--db")
        .arg(db)
        .args(["--format", "json"])
        .output()
        .expect("run marsad report");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ind = a["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "sanctions-new")
        .expect("the sanctions-new indicator");
    ind["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .sum()
}

/// Ingests the articles in `order` (one `marsad ingest` each) and checks that the designation
/// is one event, Iran its target, with a mention from each language.
fn check(order: [(&str, &str); 2]) {
    let dir = TempDir::new("bilingual");
    let db = dir.path().join("news.db");
    for (name, line) in order {
        let path = dir.path().join(format!("{name}.jsonl"));
        std::fs::write(&path, format!("{line}\n")).unwrap();
        ingest(&db, &path);
    }
    let names: Vec<&str> = order.iter().map(|(n, _)| *n).collect();
    let all = events(&db);
    let sanctions: Vec<&Value> = all.iter().filter(|e| e["event"] == "SANCTION").collect();
    assert_eq!(sanctions.len(), 1, "{names:?}: {all:#?}");
    let e = sanctions[0];
    assert_eq!(e["mentions"], 2, "{names:?}: {e:#}");
    assert_eq!(e["articles"], 2, "{names:?}: {e:#}");
    assert_eq!(e["sources"], 2, "{names:?}: {e:#}");
    assert_eq!(
        e["actor_codes"],
        serde_json::json!(["USA"]),
        "{names:?}: {e:#}"
    );
    // The stated target wins over the scene's guess, whichever report came first.
    assert_eq!(
        e["recipient_codes"],
        serde_json::json!(["IRN"]),
        "{names:?}: {e:#}"
    );
    assert_eq!(sanctions_new(&db), 1.0, "{names:?}");
    // The dyad index follows: the event is found between Iran and the United States.
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["events", "--dyad", "IRN-USA", "--format", "jsonl", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(e["id"].as_str().unwrap()),
        "{names:?}: {text}"
    );
}

#[test]
fn issue_13_a_story_told_in_arabic_and_english_is_one_event_in_either_order() {
    check([("english", ENGLISH), ("arabic", ARABIC)]);
    check([("arabic", ARABIC), ("english", ENGLISH)]);
}
