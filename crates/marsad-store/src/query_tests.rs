//! The event queries against a brute-force reading of the same events: every combination of the
//! filters returns the same events in the same order, and the same counts, whichever table
//! (`events`, `events_by_code`, `events_by_pair`) drives it; and a database of schema version 1
//! migrates, with its side tables filled in from the events it already holds.

use super::*;
use marsad_coder::record::{ActorRef, SentenceRef, TextSpan};

fn actor(code: Option<&str>, name: &str) -> ActorRef {
    ActorRef {
        text: name.into(),
        start: 0,
        end: name.len(),
        code: code.map(str::to_string),
        sector: None,
        name: None,
        wikidata: None,
        inferred: None,
    }
}

/// A record of `event` from `actors` to `recipients` (country codes; `None` is an uncoded name).
fn record(
    n: usize,
    event: &str,
    actors: &[Option<&str>],
    recipients: &[Option<&str>],
    date: Option<&str>,
    negated: bool,
) -> EventRecord {
    EventRecord {
        id: format!("d{n}:0:0"),
        doc_id: format!("d{n}"),
        language: "en".into(),
        sentence: SentenceRef {
            index: 0,
            start: 0,
            end: 10,
        },
        text: format!("sentence {n}"),
        date: date.map(str::to_string),
        date_source: "text".into(),
        date_end: None,
        event: event.into(),
        mode: None,
        context: vec![],
        cameo: None,
        quad_code: None,
        event_scale: None,
        goldstein: None,
        negated,
        aux: vec![],
        actor: actors
            .iter()
            .enumerate()
            .map(|(i, c)| actor(*c, &format!("actor {n} {i}")))
            .collect(),
        recipient: recipients
            .iter()
            .enumerate()
            .map(|(i, c)| actor(*c, &format!("recipient {n} {i}")))
            .collect(),
        event_text: vec![TextSpan {
            text: "did".into(),
            start: 0,
            end: 3,
        }],
        location: None,
        tables: None,
        confidence: None,
    }
}

fn article(n: usize) -> Article {
    Article {
        id: format!("d{n}"),
        url: None,
        title: None,
        source: Some(format!("wire {}", n % 3)),
        language: "en".into(),
        published: None,
        fetched: "2026-02-01T00:00:00Z".into(),
        content_hash: content_hash(&format!("text of d{n}")),
        duplicate_of: None,
        copies: 0,
        origin: "test".into(),
        published_at: None,
    }
}

const CODES: [Option<&str>; 5] = [Some("IRN"), Some("USA"), Some("OMN"), Some("QAT"), None];
const TYPES: [&str; 3] = ["CONSULT", "ASSAULT", "AGREE"];

/// Two hundred events over a few days (some undated, some negated, some with two actors on a side
/// or the same code on both sides), each stored through the ordinary write path.
fn varied_records() -> Vec<EventRecord> {
    let mut out = Vec::new();
    for n in 0..200usize {
        let a = CODES[n % 5];
        let b = CODES[(n / 5 + 1) % 5];
        let mut actors = vec![a];
        if n % 7 == 0 {
            actors.push(CODES[(n / 3) % 4]);
        }
        let date = (n % 11 != 0).then(|| format!("2026-02-{:02}", 1 + n % 9));
        out.push(record(
            n,
            TYPES[n % 3],
            &actors,
            &[b],
            date.as_deref(),
            n % 13 == 0,
        ));
    }
    out
}

fn filled_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for (n, rec) in varied_records().iter().enumerate() {
        store
            .add_article(
                &article(n),
                &format!("text of d{n}"),
                std::slice::from_ref(rec),
            )
            .unwrap();
    }
    store
}

/// The events `q` selects, by reading every event and applying the filters in Rust.
fn brute_force(all: &[StoredEvent], q: &EventQuery) -> Vec<String> {
    let has = |e: &StoredEvent, c: &str| {
        e.actor_codes.iter().any(|x| x == c) || e.recipient_codes.iter().any(|x| x == c)
    };
    let mut hits: Vec<&StoredEvent> = all
        .iter()
        .filter(|e| q.include_negated || !e.negated)
        .filter(|e| q.events.is_empty() || q.events.contains(&e.event))
        .filter(|e| q.from.is_none_or(|f| e.date.is_some_and(|d| d >= f)))
        .filter(|e| q.to.is_none_or(|t| e.date.is_some_and(|d| d <= t)))
        .filter(|e| q.actor.as_deref().is_none_or(|c| has(e, c)))
        .filter(|e| {
            q.dyad.as_ref().is_none_or(|(x, y)| {
                let dir = |a: &Vec<String>, b: &Vec<String>| a.contains(x) && b.contains(y);
                dir(&e.actor_codes, &e.recipient_codes) || dir(&e.recipient_codes, &e.actor_codes)
            })
        })
        .collect();
    hits.sort_by(|a, b| (a.date.is_none(), a.date, &a.id).cmp(&(b.date.is_none(), b.date, &b.id)));
    hits.into_iter().map(|e| e.id.clone()).collect()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_filter_combination_agrees_with_a_brute_force_reading() {
    let store = filled_store();
    let all = store
        .events(&EventQuery {
            include_negated: true,
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(all.len() as u64, store.stats().unwrap().events);
    assert!(all.iter().any(|e| e.date.is_none()) && all.iter().any(|e| e.negated));
    let actors = [None, Some("IRN"), Some("OMN"), Some("XXX")];
    let dyads = [
        None,
        Some(("IRN", "USA")),
        Some(("USA", "IRN")),
        Some(("IRN", "IRN")),
        Some(("QAT", "OMN")),
    ];
    let types: [&[&str]; 3] = [&[], &["CONSULT"], &["ASSAULT", "AGREE"]];
    let ranges = [
        (None, None),
        (Some(day("2026-02-03")), None),
        (None, Some(day("2026-02-04"))),
        (Some(day("2026-02-02")), Some(day("2026-02-06"))),
    ];
    let mut checked = 0;
    for actor in actors {
        for dyad in dyads {
            for types in types {
                for (from, to) in ranges {
                    for include_negated in [false, true] {
                        let q = EventQuery {
                            actor: actor.map(str::to_string),
                            dyad: dyad.map(|(a, b)| (a.to_string(), b.to_string())),
                            events: types.iter().map(|t| t.to_string()).collect(),
                            from,
                            to,
                            include_negated,
                            limit: None,
                            offset: 0,
                        };
                        let expected = brute_force(&all, &q);
                        let got: Vec<String> = store
                            .events(&q)
                            .unwrap()
                            .into_iter()
                            .map(|e| e.id)
                            .collect();
                        assert_eq!(got, expected, "{q:?}");
                        let n = expected.len() as u64;
                        assert_eq!(store.count_events(&q).unwrap(), n, "{q:?}");
                        for cap in [0, 1, 5, n, n + 1] {
                            assert_eq!(
                                store.count_events_up_to(&q, cap).unwrap(),
                                n.min(cap),
                                "{q:?} cap {cap}"
                            );
                        }
                        // A page is the same slice of the full list.
                        let page = EventQuery {
                            limit: Some(3),
                            offset: 2,
                            ..q.clone()
                        };
                        let got: Vec<String> = store
                            .events(&page)
                            .unwrap()
                            .into_iter()
                            .map(|e| e.id)
                            .collect();
                        let want: Vec<String> = expected.iter().skip(2).take(3).cloned().collect();
                        assert_eq!(got, want, "{page:?}");
                        checked += usize::from(!expected.is_empty());
                    }
                }
            }
        }
    }
    // The grid is not vacuous: most combinations select something.
    assert!(checked > 200, "{checked}");
}

#[test]
fn actor_search_counts_each_event_once() {
    let store = filled_store();
    let all = store
        .events(&EventQuery {
            include_negated: true,
            ..EventQuery::default()
        })
        .unwrap();
    for (code, n) in store.actors("").unwrap() {
        let want = all
            .iter()
            .filter(|e| e.actor_codes.contains(&code) || e.recipient_codes.contains(&code))
            .count() as u64;
        assert_eq!(n, want, "{code}");
    }
}

#[test]
fn list_queries_read_an_index_in_order_without_sorting() {
    let store = filled_store();
    let queries = [
        EventQuery::default(),
        EventQuery {
            from: Some(day("2026-02-03")),
            to: Some(day("2026-02-05")),
            ..EventQuery::default()
        },
        EventQuery {
            events: vec!["CONSULT".into()],
            ..EventQuery::default()
        },
        EventQuery {
            actor: Some("IRN".into()),
            events: vec!["ASSAULT".into(), "AGREE".into()],
            ..EventQuery::default()
        },
        EventQuery {
            dyad: Some(("IRN".into(), "USA".into())),
            from: Some(day("2026-02-03")),
            ..EventQuery::default()
        },
    ];
    for q in &queries {
        let plan = EventPlan::of(q, Engine::Sqlite);
        let sql = format!("EXPLAIN QUERY PLAN {} LIMIT 10", plan.select("e.id"));
        let params: Vec<&dyn rusqlite::ToSql> = plan
            .args
            .iter()
            .map(|a| a as &dyn rusqlite::ToSql)
            .collect();
        let mut stmt = store.sqlite().prepare(&sql).unwrap();
        let detail: Vec<String> = stmt
            .query_map(params.as_slice(), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let detail = detail.join("; ");
        assert!(!detail.contains("TEMP B-TREE"), "{q:?} sorts: {detail}");
        // A scan is a walk along an index in list order, never over a table.
        assert!(
            detail
                .split("; ")
                .all(|step| !step.starts_with("SCAN") || step.contains("INDEX")),
            "{q:?} scans a table: {detail}"
        );
        eprintln!("{detail}");
    }
}

#[test]
fn a_version_1_database_migrates_and_fills_the_side_tables() {
    let dir = std::env::temp_dir().join(format!("marsad-store-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v1.db");
    let _ = std::fs::remove_file(&path);
    let records = varied_records();
    {
        // A database as version 1 made it: migration 1 only, so no side tables.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
        // Events and codes as version 1's insert wrote them.
        for (n, rec) in records.iter().enumerate() {
            let key = MergeKey::of(rec, None);
            let id = key.event_id();
            let exists: bool = conn
                .query_row(
                    "SELECT EXISTS(SELECT 1 FROM events WHERE id = ?1)",
                    [&id],
                    |r| r.get(0),
                )
                .unwrap();
            if exists {
                continue;
            }
            conn.execute(
                "INSERT INTO events(id, base, event, context, date, negated, aux, actor, recipient, \
                 actor_codes, recipient_codes, trigger, text, language, mentions, articles, sources) \
                 VALUES (?1, ?2, ?3, '[]', ?4, ?5, '[]', '[]', '[]', ?6, ?7, 'did', ?8, 'en', 1, 1, 1)",
                rusqlite::params![
                    id,
                    key.base_hash(),
                    rec.event,
                    key.date.map(|d| d.to_string()),
                    rec.negated,
                    to_json(&key.actor_codes).unwrap(),
                    to_json(&key.recipient_codes).unwrap(),
                    format!("sentence {n}"),
                ],
            )
            .unwrap();
            for (codes, role) in [
                (&key.actor_codes, ROLE_ACTOR),
                (&key.recipient_codes, ROLE_RECIPIENT),
            ] {
                for c in codes {
                    conn.execute(
                        "INSERT OR IGNORE INTO event_codes(code, event_id, role) VALUES (?1, ?2, ?3)",
                        rusqlite::params![c, id, role],
                    )
                    .unwrap();
                }
            }
        }
    }
    let migrated = Store::open(&path).unwrap();
    assert_eq!(migrated.schema_version().unwrap(), MIGRATIONS.len() as i64);
    let fresh = filled_store();
    let side = |s: &Store, table: &str| -> Vec<String> {
        let mut stmt = s
            .sqlite()
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3, 4, 5"))
            .unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    for table in ["events_by_code", "events_by_pair"] {
        let (m, f) = (side(&migrated, table), side(&fresh, table));
        assert!(!f.is_empty());
        assert_eq!(m, f, "{table} after migration differs from a fresh store's");
    }
    // And the migrated database answers a dyad query like a fresh one.
    let q = EventQuery {
        dyad: Some(("IRN".into(), "USA".into())),
        include_negated: true,
        ..EventQuery::default()
    };
    let ids =
        |s: &Store| -> Vec<String> { s.events(&q).unwrap().into_iter().map(|e| e.id).collect() };
    assert_eq!(ids(&migrated), ids(&fresh));
    drop(migrated);
    std::fs::remove_dir_all(&dir).unwrap();
}
