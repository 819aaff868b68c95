//! The analyst's questions over HTTP (issue 14, item 4), on a database built from `examples/`:
//! the 72 hours around the Muscat meeting of 6 February between Iran and the United States (both
//! directions, with the sentences, reachable from the event page), and the flagship watch's five
//! tests over two periods side by side (API and page, with two period pickers).

mod serve_support;

use serde_json::Value;
use serve_support::{example_db, watch_file, Server};

const TESTS: [&str; 5] = [
    "scope",
    "enrichment",
    "military",
    "sanctions",
    "back-channel",
];

fn server() -> (serve_support::TempDir, Server) {
    let (dir, db) = example_db();
    let watch = watch_file();
    let server = Server::start(&db, &["--watch", watch.to_str().unwrap()]);
    (dir, server)
}

/// The id of the first IRN→USA meeting of 6 February 2026 (the Muscat talks).
fn muscat(server: &Server) -> String {
    let page = server.json("/api/events?dyad=IRN-USA&event=CONSULT&from=2026-02-06&to=2026-02-06");
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["actor_codes"][0] == "IRN")
        .expect("an IRN→USA meeting on 6 February")["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_72_hours_around_the_muscat_talks_in_both_directions() {
    let (_dir, server) = server();
    let id = muscat(&server);
    let t = server.json(&format!("/api/events/{id}/around"));
    assert_eq!(t["dyad"], serde_json::json!(["IRN", "USA"]));
    assert_eq!(
        (t["hours"].as_u64(), t["from"].as_str(), t["to"].as_str()),
        (Some(72), Some("2026-02-03"), Some("2026-02-09"))
    );
    let entries = t["entries"].as_array().unwrap();
    let centre: Vec<&Value> = entries.iter().filter(|e| e["centre"] == true).collect();
    assert_eq!(centre.len(), 1);
    assert_eq!(
        (&centre[0]["id"], &centre[0]["offset_days"]),
        (&Value::from(id.clone()), &Value::from(0))
    );
    // Ordered by date, inside the reach, each with its sentence.
    let dates: Vec<&str> = entries
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    for e in entries {
        let off = e["offset_days"].as_i64().unwrap();
        assert!((-3..=3).contains(&off), "{e}");
        assert!(!e["text"].as_str().unwrap().is_empty());
    }
    // Both directions: the drone the US shot down three days before, Iran's answer.
    let dirs: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(|e| e["direction"].as_str().unwrap())
        .collect();
    assert!(
        dirs.contains("IRN→USA") && dirs.contains("USA→IRN"),
        "{dirs:?}"
    );
    assert!(
        entries.iter().any(|e| e["event"] == "ASSAULT"
            && e["direction"] == "USA→IRN"
            && e["offset_days"] == -3),
        "the drone shot down on 3 February"
    );

    // A day each way is a subset; the dyad can be named.
    let day = server.json(&format!("/api/events/{id}/around?hours=24&dyad=USA-IRN"));
    assert_eq!(day["dyad"], serde_json::json!(["USA", "IRN"]));
    assert!(day["entries"].as_array().unwrap().len() < entries.len());
    assert!(day["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["offset_days"].as_i64().unwrap().abs() <= 1));

    // Bad requests name the parameter.
    for (q, word) in [
        ("hours=0", "hours"),
        ("hours=x", "hours"),
        ("dyad=IRN", "dyad"),
        ("colour=red", "colour"),
    ] {
        let r = server.get(&format!("/api/events/{id}/around?{q}"));
        assert_eq!(r.status, 400, "{q}");
        assert!(r.text().contains(word), "{q}: {}", r.text());
    }

    // The page: reachable from the event page, the chosen event marked, Arabic right to left.
    let event_page = server.get_ok(&format!("/events/{id}")).text();
    let link = format!("href=\"/events/{id}/around\"");
    assert!(
        event_page.contains(&link),
        "the event page links to the timeline"
    );
    let page = server.get_ok(&format!("/events/{id}/around")).text();
    assert_eq!(page.matches("<li class=\"entry").count(), entries.len());
    assert_eq!(page.matches("id=\"centre\"").count(), 1);
    assert!(page.contains("dir=\"rtl\""));
    // And from the evidence on the overview.
    let overview = server.get_ok("/").text();
    assert!(overview.contains("class=\"around-link\" href=\"/events/ev-"));
}

#[test]
fn two_periods_side_by_side_for_the_five_tests() {
    let (_dir, server) = server();
    // By default: the current verdict window (B) against the one before (A), the same numbers
    // as the watch's own windows.
    let c = server.json("/api/watches/iran-us-talks/compare");
    let w = server.json("/api/watches/iran-us-talks");
    let windows = w["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 2);
    for (side, win) in [(&c["a"], &windows[0]), (&c["b"], &windows[1])] {
        assert_eq!((&side["from"], &side["to"]), (&win["start"], &win["end"]));
        assert_eq!(
            (&side["score"], &side["verdict"]),
            (&win["score"], &win["verdict"])
        );
    }
    let tests = c["tests"].as_array().unwrap();
    let ids: Vec<&str> = tests.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, TESTS);
    for (t, wt) in tests.iter().zip(windows[1]["tests"].as_array().unwrap()) {
        assert_eq!(
            (&t["b"]["score"], &t["b"]["verdict"]),
            (&wt["score"], &wt["verdict"])
        );
        let change = t["b"]["score"].as_f64().unwrap() - t["a"]["score"].as_f64().unwrap();
        assert!((t["change"].as_f64().unwrap() - change).abs() < 1e-6);
        for id in t["a"]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .chain(t["b"]["evidence"].as_array().unwrap())
        {
            assert!(
                c["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["id"] == *id),
                "{id}"
            );
        }
    }

    // Two rounds chosen by hand: before the talks against the week of Muscat.
    let c = server.json(
        "/api/watches/iran-us-talks/compare?a_from=2026-01-24&a_to=2026-01-31&b_from=2026-02-02&b_to=2026-02-09",
    );
    assert_eq!(
        (c["a"]["days"].as_i64(), c["b"]["days"].as_i64()),
        (Some(8), Some(8))
    );
    let scope = &c["tests"][0];
    assert!(
        scope["b"]["score"].as_f64().unwrap() > scope["a"]["score"].as_f64().unwrap(),
        "the week of Muscat has more meetings than the week before: {scope}"
    );
    let r = server.get("/api/watches/iran-us-talks/compare?a_from=2024-01-01&a_to=2026-01-31");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("at most 366"), "{}", r.text());

    // The page: two period pickers filled with the periods shown, one row per test.
    let page = server
        .get_ok("/watches/iran-us-talks/compare?a_from=2026-01-24&a_to=2026-01-31&b_from=2026-02-02&b_to=2026-02-09")
        .text();
    for (name, value) in [
        ("a_from", "2026-01-24"),
        ("a_to", "2026-01-31"),
        ("b_from", "2026-02-02"),
        ("b_to", "2026-02-09"),
    ] {
        assert!(
            page.contains(&format!("name=\"{name}\" type=\"date\" value=\"{value}\"")),
            "{name}"
        );
    }
    for t in TESTS {
        assert!(page.contains(&format!("id=\"compare-{t}\"")), "{t}");
    }
    // Reachable from the overview.
    assert!(server
        .get_ok("/")
        .text()
        .contains("href=\"/watches/iran-us-talks/compare\""));
    assert_eq!(server.get("/watches/no-such-watch/compare").status, 404);
}
