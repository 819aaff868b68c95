//! Unit tests of the store: idempotent adds, the merge rule, queries, migrations.

use super::*;
use marsad_coder::record::{ActorRef, SentenceRef, TextSpan};

fn actor(text: &str, code: Option<&str>) -> ActorRef {
    ActorRef {
        text: text.into(),
        start: 0,
        end: text.chars().count(),
        code: code.map(Into::into),
        sector: None,
        name: None,
        wikidata: None,
        inferred: None,
    }
}

/// A record of `event` from `actors` to `recipients` on `date` (`a..b` for a range).
fn rec(
    doc: &str,
    event: &str,
    actors: &[(&str, Option<&str>)],
    recipients: &[(&str, Option<&str>)],
    date: Option<&str>,
) -> EventRecord {
    let (date, date_end) = match date.and_then(|d| d.split_once("..")) {
        Some((a, b)) => (Some(a.to_string()), Some(b.to_string())),
        None => (date.map(Into::into), None),
    };
    EventRecord {
        id: format!("{doc}:0:0"),
        doc_id: doc.into(),
        language: "en".into(),
        sentence: SentenceRef {
            index: 0,
            start: 0,
            end: 10,
        },
        text: format!("a sentence of {doc}"),
        date,
        date_source: "text".into(),
        date_end,
        event: event.into(),
        mode: None,
        context: vec![],
        cameo: Some("190".into()),
        quad_code: Some(4),
        event_scale: Some(-5.0),
        goldstein: Some(-10.0),
        negated: false,
        aux: vec![],
        actor: actors.iter().map(|(t, c)| actor(t, *c)).collect(),
        recipient: recipients.iter().map(|(t, c)| actor(t, *c)).collect(),
        event_text: vec![TextSpan {
            text: "shot down".into(),
            start: 0,
            end: 9,
        }],
        location: None,
        tables: None,
        confidence: None,
    }
}

/// A record of `event` between countries, each side named by its codes (`USA>IRN`, `IRN+USA>` for
/// two actors and no recipient), on `date`; the code stands in for the actor's text.
fn coded(doc: &str, event: &str, dyad: &str, date: &str) -> EventRecord {
    fn side(codes: &str) -> Vec<(&str, Option<&str>)> {
        codes
            .split('+')
            .filter(|c| !c.is_empty())
            .map(|c| (c, Some(c)))
            .collect()
    }
    let (actors, recipients) = dyad.split_once('>').expect("a dyad like USA>IRN");
    rec(doc, event, &side(actors), &side(recipients), Some(date))
}

fn article(id: &str, source: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        url: None,
        title: None,
        source: Some(source.into()),
        language: "en".into(),
        published: NaiveDate::from_ymd_opt(2026, 2, 4),
        fetched: "2026-02-04T00:00:00Z".into(),
        content_hash: content_hash(text),
        duplicate_of: None,
        copies: 0,
        origin: format!("{id}.txt"),
        published_at: None,
    }
}

fn add(store: &mut Store, id: &str, source: &str, records: &[EventRecord]) -> AddOutcome {
    let text = format!("the text of {id}");
    store
        .add_article(&article(id, source, &text), &text, records)
        .unwrap()
}

fn all(store: &Store) -> Vec<StoredEvent> {
    store
        .events(&EventQuery {
            include_negated: true,
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn the_same_article_twice_adds_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let r = [coded("a", "ASSAULT", "USA>IRN", "2026-02-03")];
    assert_eq!(
        add(&mut store, "a", "S", &r),
        AddOutcome::Added {
            new_events: 1,
            merged: 0,
            mentions: 1
        }
    );
    assert_eq!(
        add(&mut store, "a", "S", &r),
        AddOutcome::AlreadyPresent {
            existing: "a".into()
        }
    );
    // Another id with the same text (re-wrapped) is the same article.
    let text = "the   text of\na";
    let outcome = store
        .add_article(&article("a-copy", "S", text), text, &r)
        .unwrap();
    assert_eq!(
        outcome,
        AddOutcome::AlreadyPresent {
            existing: "a".into()
        }
    );
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.events, stats.mentions), (1, 1, 1));
    assert_eq!(store.has_article("a").unwrap().as_deref(), Some("a"));
    assert_eq!(
        store.has_article(&content_hash(text)).unwrap().as_deref(),
        Some("a")
    );
    assert_eq!(store.has_article("zzz").unwrap(), None);
}

#[test]
fn reports_of_one_event_in_two_languages_merge() {
    let mut store = Store::open_in_memory().unwrap();
    let mut ar = rec(
        "ar-1",
        "ASSAULT",
        &[("القوات الأمريكية", Some("USA"))],
        &[("طائرة مسيرة إيرانية", Some("IRN"))],
        Some("2026-02-03"),
    );
    ar.language = "ar".into();
    ar.context = vec!["military".into()];
    let mut en = rec(
        "en-1",
        "ASSAULT",
        &[("US forces", Some("USA"))],
        &[("an Iranian drone", Some("IRN"))],
        Some("2026-02-03"),
    );
    en.context = vec!["aviation".into(), "military".into()];
    add(&mut store, "ar-1", "Arabic desk", &[ar]);
    let outcome = add(&mut store, "en-1", "English desk", &[en.clone()]);
    assert_eq!(
        outcome,
        AddOutcome::Added {
            new_events: 0,
            merged: 1,
            mentions: 1
        }
    );
    let events = all(&store);
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!((e.mentions, e.articles, e.sources), (2, 2, 2));
    assert_eq!(e.language, "ar", "the first report is the representative");
    assert_eq!(e.context, ["aviation", "military"]);
    assert_eq!(e.actor_codes, ["USA"]);
    assert_eq!(e.recipient_codes, ["IRN"]);
    assert!(e.id.starts_with("ev-") && e.id.len() == 19, "{}", e.id);
    let (_, mentions) = store.event(&e.id).unwrap().unwrap();
    assert_eq!(mentions.len(), 2);
    assert_eq!(mentions[1].record, en);
    assert_eq!(mentions[1].source.as_deref(), Some("English desk"));
}

#[test]
fn what_keeps_events_apart() {
    let mut store = Store::open_in_memory().unwrap();
    let base = coded("a", "ASSAULT", "USA>IRN", "2026-02-03");
    let mut other_day = base.clone();
    other_day.date = Some("2026-02-05".into());
    let mut other_type = base.clone();
    other_type.event = "COERCE".into();
    let mut reversed = base.clone();
    std::mem::swap(&mut reversed.actor, &mut reversed.recipient);
    let mut negated = base.clone();
    negated.negated = true;
    let unknown1 = rec(
        "a",
        "ASSAULT",
        &[("gunmen", None)],
        &[("Iran", Some("IRN"))],
        Some("2026-02-03"),
    );
    let unknown2 = rec(
        "a",
        "ASSAULT",
        &[("protesters", None)],
        &[("Iran", Some("IRN"))],
        Some("2026-02-03"),
    );
    let unknown1_again = rec(
        "b",
        "ASSAULT",
        &[("Gunmen", None)],
        &[("Iran", Some("IRN"))],
        Some("2026-02-03"),
    );
    add(
        &mut store,
        "a",
        "S",
        &[
            base.clone(),
            other_day,
            other_type,
            reversed,
            negated,
            unknown1,
            unknown2,
        ],
    );
    add(&mut store, "b", "S", &[base, unknown1_again]);
    let events = all(&store);
    assert_eq!(events.len(), 7, "{events:#?}");
    let counts: Vec<(u32, u32, u32)> = events
        .iter()
        .map(|e| (e.mentions, e.articles, e.sources))
        .collect();
    // The base event and the first unknown-actor event got a second article of the same source.
    assert_eq!(
        counts.iter().filter(|c| **c == (2, 2, 1)).count(),
        2,
        "{counts:?}"
    );
    assert_eq!(store.count_events(&EventQuery::default()).unwrap(), 6);
}

#[test]
fn a_date_range_merges_with_a_day_inside_it() {
    // The month merges into the event of the 6th (a day in its range) and leaves its day alone;
    // the 20th has no event of its own day and no stored range covers it.
    check_date_merge(
        &[
            "2026-02-06",
            "2026-02-01..2026-02-28",
            "2026-02-20",
            "2026-03-02",
        ],
        &[
            ("2026-02-06", None, 2, 2),
            ("2026-02-20", None, 1, 1),
            ("2026-03-02", None, 1, 1),
        ],
    );
    // A range stored first takes in the days inside it.
    check_date_merge(
        &["2026-02-01..2026-02-28", "2026-02-06"],
        &[("2026-02-01", Some("2026-02-28"), 2, 2)],
    );
}

#[test]
fn queries_filter_by_actor_dyad_type_and_date() {
    let mut store = Store::open_in_memory().unwrap();
    let records = [
        coded("a", "ASSAULT", "USA>IRN", "2026-02-03"),
        coded("a", "CONSULT", "IRN+USA>", "2026-02-06"),
        coded("a", "SANCTION", "USA>IRN", "2026-02-06"),
        coded("a", "REQUEST", "EGY+QAT>IRN", "2026-02-10"),
    ];
    add(&mut store, "a", "S", &records);
    let types = |q: EventQuery| -> Vec<String> {
        store
            .events(&q)
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect()
    };
    let dyad = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
    assert_eq!(
        types(EventQuery {
            dyad: dyad("IRN", "USA"),
            ..Default::default()
        }),
        ["ASSAULT", "SANCTION"]
    );
    assert_eq!(
        types(EventQuery {
            dyad: dyad("QAT", "IRN"),
            ..Default::default()
        }),
        ["REQUEST"]
    );
    assert_eq!(
        types(EventQuery {
            actor: Some("USA".into()),
            from: NaiveDate::from_ymd_opt(2026, 2, 4),
            ..Default::default()
        }),
        ["CONSULT", "SANCTION"]
    );
    assert_eq!(
        types(EventQuery {
            events: vec!["ASSAULT".into(), "REQUEST".into()],
            to: NaiveDate::from_ymd_opt(2026, 2, 9),
            ..Default::default()
        }),
        ["ASSAULT"]
    );
    assert_eq!(
        types(EventQuery {
            limit: Some(2),
            offset: 1,
            ..Default::default()
        }),
        ["CONSULT", "SANCTION"]
    );
    assert_eq!(store.actors("IR").unwrap(), [("IRN".to_string(), 4)]);
    assert_eq!(store.actors("").unwrap().len(), 4);
    let dyads = store.top_dyads(&EventQuery::default(), 2).unwrap();
    assert_eq!(
        (
            dyads[0].actor.as_str(),
            dyads[0].recipient.as_str(),
            dyads[0].events
        ),
        ("USA", "IRN", 2)
    );
}

#[test]
fn a_file_database_reopens_and_refuses_a_newer_schema() {
    let dir = std::env::temp_dir().join(format!("marsad-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let _ = std::fs::remove_file(&path);
    {
        let mut store = Store::open(&path).unwrap();
        add(&mut store, "a", "S", &[rec("a", "ASSAULT", &[], &[], None)]);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    assert_eq!(store.stats().unwrap().articles, 1);
    store
        .sqlite()
        .execute_batch(&format!("PRAGMA user_version = {}", MIGRATIONS.len() + 1))
        .unwrap();
    drop(store);
    let err = Store::open(&path).err().expect("a newer schema is refused");
    assert!(matches!(err.kind, ErrorKind::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("t.db"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_copy_raises_its_heads_count() {
    let mut store = Store::open_in_memory().unwrap();
    add(&mut store, "head", "S", &[]);
    let mut copy = article("copy", "S", "another text");
    copy.duplicate_of = Some("head".into());
    let mut batch = store.batch().unwrap();
    batch.add(&copy, "another text", &[], Some(42)).unwrap();
    batch.commit().unwrap();
    let (head, text) = store.article("head").unwrap().unwrap();
    assert_eq!((head.copies, text.as_str()), (1, "the text of head"));
    assert_eq!(store.head_fingerprints().unwrap(), []);
    assert_eq!(store.stats().unwrap().duplicates, 1);
    assert_eq!(store.articles(None, 0).unwrap().len(), 2);
}

#[test]
fn articles_without_a_source_count_as_sources_of_their_own() {
    let mut store = Store::open_in_memory().unwrap();
    let r = coded("a", "ASSAULT", "USA>IRN", "2026-02-03");
    for id in ["a", "b"] {
        let text = format!("the text of {id}");
        let mut art = article(id, "S", &text);
        art.source = None;
        store
            .add_article(&art, &text, &[r.clone(), r.clone()])
            .unwrap();
    }
    add(&mut store, "c", "S", std::slice::from_ref(&r));
    add(&mut store, "d", "S", &[r]);
    let e = &all(&store)[0];
    assert_eq!((e.mentions, e.articles, e.sources), (6, 4, 3));
}

/// Stores a CONSULT from Iran to the US on each of `dates` (`a..b` for a range), each in an article
/// of its own source, in order; checks the merged events as (date, date_end, mentions, sources).
fn check_date_merge(dates: &[&str], expected: &[(&str, Option<&str>, u32, u32)]) {
    let mut store = Store::open_in_memory().unwrap();
    for (i, date) in dates.iter().enumerate() {
        let doc = format!("d{i}");
        add(
            &mut store,
            &doc,
            &format!("S{i}"),
            &[coded(&doc, "CONSULT", "IRN>USA", date)],
        );
    }
    let got: Vec<(String, Option<String>, u32, u32)> = all(&store)
        .iter()
        .map(|e| {
            (
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                e.date_end.map(|d| d.to_string()),
                e.mentions,
                e.sources,
            )
        })
        .collect();
    let expected: Vec<(String, Option<String>, u32, u32)> = expected
        .iter()
        .map(|(d, end, m, s)| (d.to_string(), end.map(str::to_string), *m, *s))
        .collect();
    assert_eq!(got, expected, "dates {dates:?}");
}

/// Issue 11: an event keeps the highest confidence of its mentions, and one coded without a scorer
/// keeps none.
#[test]
fn issue_11_an_event_is_as_confident_as_its_most_confident_report() {
    let mut store = Store::open_in_memory().unwrap();
    let with = |doc: &str, p: Option<f64>| EventRecord {
        confidence: p,
        ..coded(doc, "SANCTION", "USA>IRN", "2026-02-03")
    };
    add(&mut store, "a", "S", &[with("a", Some(0.4))]);
    add(&mut store, "b", "T", &[with("b", Some(0.8))]);
    add(&mut store, "c", "U", &[with("c", Some(0.6))]);
    add(&mut store, "d", "V", &[with("d", None)]);
    let events = all(&store);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].confidence, Some(0.8));
    add(
        &mut store,
        "e",
        "S",
        &[coded("e", "ASSAULT", "USA>IRN", "2026-02-03")],
    );
    let unscored = all(&store)
        .into_iter()
        .find(|e| e.event == "ASSAULT")
        .unwrap();
    assert_eq!(unscored.confidence, None);
}

/// The content hash of databases made before issue 13: 128-bit FNV-1a over the text with
/// whitespace runs collapsed, kept here only to build such a database.
fn old_fnv_content_hash(text: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    let words: Vec<&str> = text.split_whitespace().collect();
    for b in words.join(" ").bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    format!("{h:032x}")
}

/// Issue 13: a database of schema version 3 (FNV-1a content hashes) is migrated to SHA-256, and
/// the same article ingested again, under its id or another, is still "already present".
#[test]
fn issue_13_a_version_3_database_gets_sha256_content_hashes() {
    let dir = std::env::temp_dir().join(format!("marsad-store-rehash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v3.db");
    let _ = std::fs::remove_file(&path);
    let text = "Iran and the United States held talks in Muscat on Friday.";
    let old = old_fnv_content_hash(text);
    assert_eq!(old.len(), 32);
    {
        // The database as version 3 made it: its migrations and its article insert.
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch("PRAGMA user_version = 3").unwrap();
        conn.execute(
            "INSERT INTO articles(id, language, fetched, content_hash, origin, text) \
             VALUES ('muscat', 'en', '2026-02-06T00:00:00Z', ?1, 'a.txt', ?2)",
            rusqlite::params![old, text],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    let stored: String = store
        .sqlite()
        .query_row(
            "SELECT content_hash FROM articles WHERE id = 'muscat'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, content_hash(text));
    assert_eq!(stored.len(), 64);
    assert_eq!(store.has_article(&old).unwrap(), None);
    assert_eq!(
        store.has_article(&content_hash(text)).unwrap().as_deref(),
        Some("muscat")
    );
    // Re-ingested under another id and re-wrapped: still the same article.
    let rewrapped = text.replace(' ', "\n ");
    let outcome = store
        .add_article(&article("muscat-again", "S", &rewrapped), &rewrapped, &[])
        .unwrap();
    assert_eq!(
        outcome,
        AddOutcome::AlreadyPresent {
            existing: "muscat".into()
        }
    );
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A scratch folder under the system's temporary folder, removed when dropped (permissions are
/// restored first, so a test that made it read-only still cleans up).
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(label: &str) -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "marsad-store-{label}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        set_mode(&self.0, 0o755);
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_mode(path: &Path, mode: u32) {
    if let Ok(m) = std::fs::metadata(path) {
        let mut p = m.permissions();
        p.set_readonly(mode & 0o222 == 0);
        let _ = std::fs::set_permissions(path, p);
    }
}

/// The names, sizes and modification times of the files in `dir`.
fn listing(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                m.len(),
                m.modified().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Issue 13, item 7: a database in a folder nobody may write is read with the read-only flag,
/// and reading it creates or changes no file there (checked by listing the folder, so the test
/// means something when run as root, who may write anyway).
#[test]
fn issue_13_a_read_only_database_in_a_read_only_folder_is_read_without_writing() {
    let scratch = Scratch::new("ro");
    let dir = scratch.0.join("ro");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    {
        let mut store = Store::open(&path).unwrap();
        add(
            &mut store,
            "a",
            "S",
            &[coded("a", "ASSAULT", "USA>IRN", "2026-02-03")],
        );
    }
    set_mode(&path, 0o444);
    set_mode(&dir, 0o555);
    let before = listing(&dir);
    assert_eq!(
        before.len(),
        1,
        "the writer left only the database: {before:?}"
    );
    for _ in 0..2 {
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.stats().unwrap().events, 1);
        assert_eq!(all(&store).len(), 1);
        // The connection is read-only whatever the permissions say.
        let err = store
            .sqlite()
            .execute_batch("CREATE TABLE x(a)")
            .expect_err("a reader cannot write");
        assert!(err.to_string().contains("readonly"), "{err}");
    }
    assert_eq!(listing(&dir), before, "reading created or changed a file");
}

/// A reader in a writable folder opens `mode=ro` and still sees what a writer commits later.
#[test]
fn a_reader_sees_later_commits_and_never_migrates() {
    let scratch = Scratch::new("reader");
    let path = scratch.0.join("t.db");
    let mut writer = Store::open(&path).unwrap();
    add(
        &mut writer,
        "a",
        "S",
        &[coded("a", "ASSAULT", "USA>IRN", "2026-02-03")],
    );
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.stats().unwrap().articles, 1);
    add(
        &mut writer,
        "b",
        "S",
        &[coded("b", "CONSULT", "USA>IRN", "2026-02-04")],
    );
    assert_eq!(reader.stats().unwrap().articles, 2);
    drop((reader, writer));
    // An older schema is refused with a clear cause, and left as it was.
    Store::open(&path)
        .unwrap()
        .sqlite()
        .execute_batch("PRAGMA user_version = 1")
        .unwrap();
    let err = Store::open_read_only(&path)
        .err()
        .expect("an older schema is refused");
    assert!(
        matches!(err.kind, ErrorKind::TooOld { found: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrades it"), "{err}");
    let raw = Connection::open(&path).unwrap();
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "a reader migrated the database");
    // A missing file is an error, and is not created.
    let missing = scratch.0.join("missing.db");
    assert!(Store::open_read_only(&missing).is_err());
    assert!(!missing.exists());
}

/// Issue 13, item 2: one event's mentions come a page at a time, in the order they were stored.
#[test]
fn issue_13_an_events_mentions_come_a_page_at_a_time() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..25 {
        let id = format!("m{i:02}");
        add(
            &mut store,
            &id,
            "S",
            &[coded(&id, "ASSAULT", "USA>IRN", "2026-02-03")],
        );
    }
    let event = all(&store).remove(0);
    assert_eq!(event.mentions, 25);
    let mut seen = Vec::new();
    for offset in (0..30).step_by(10) {
        let (e, page) = store.event_page(&event.id, 10, offset).unwrap().unwrap();
        assert_eq!(e.id, event.id);
        assert_eq!(page.len(), 10.min(25 - offset.min(25)));
        seen.extend(page.into_iter().map(|m| m.article_id));
    }
    let expected: Vec<String> = (0..25).map(|i| format!("m{i:02}")).collect();
    assert_eq!(seen, expected);
    let (_, every) = store.event(&event.id).unwrap().unwrap();
    assert_eq!(every.len(), 25);
    assert!(store.event_page("ev-none", 10, 0).unwrap().is_none());
}

#[test]
fn read_only_uri_escapes_query_characters() {
    assert_eq!(
        read_only_uri(Path::new("a/b.db"), false),
        "file:a/b.db?mode=ro"
    );
    assert_eq!(
        read_only_uri(Path::new("/x/50%?#.db"), true),
        "file:/x/50%25%3f%23.db?mode=ro&immutable=1"
    );
}

/// Builds a database as schema version 3 made it (before issue 13's migrations), with no rows.
fn version_3_database(path: &Path) {
    let conn = Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..3] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch("PRAGMA user_version = 3").unwrap();
}

/// A reader on a database an older marsad wrote upgrades it where it may be written, and says
/// so; where nothing may be written it refuses it and changes nothing.
#[test]
fn a_reader_upgrades_an_old_database_only_where_it_may_write() {
    let scratch = Scratch::new("upgrade");
    let path = scratch.0.join("old.db");
    version_3_database(&path);
    let (store, upgraded) = Store::open_read_only_upgrading(&path).unwrap();
    let known = MIGRATIONS.len() as i64;
    assert_eq!(upgraded, Some((3, known)));
    assert_eq!(store.schema_version().unwrap(), known);
    drop(store);
    let (_, again) = Store::open_read_only_upgrading(&path).unwrap();
    assert_eq!(again, None, "an up-to-date database is only read");

    let dir = scratch.0.join("ro");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("old.db");
    version_3_database(&path);
    set_mode(&path, 0o444);
    set_mode(&dir, 0o555);
    let before = listing(&dir);
    let err = Store::open_read_only_upgrading(&path)
        .err()
        .expect("refused");
    assert!(
        matches!(err.kind, ErrorKind::TooOld { found: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrades it"), "{err}");
    assert_eq!(listing(&dir), before, "a refused reader changed a file");
    set_mode(&dir, 0o755);
}

/// Issue 14 (item 1): an article keeps its publication time, and an event is `reported_at` the
/// earliest time an article reporting it on its own day was published; an event dated before
/// its reports' day gets no time, since the publication says nothing of its hour.
#[test]
fn issue_14_publication_times_are_stored_and_time_same_day_events() {
    let time = |s: &str| Some(s.parse::<chrono::DateTime<chrono::Utc>>().unwrap());
    let mut store = Store::open_in_memory().unwrap();
    for (id, at) in [
        ("late", "2026-02-04T18:30:00Z"),
        ("early", "2026-02-04T09:15:00Z"),
    ] {
        let text = format!("the text of {id}");
        let a = Article {
            published_at: time(at),
            ..article(id, id, &text)
        };
        let records = [
            coded(id, "SANCTION", "USA>IRN", "2026-02-04"),
            coded(id, "ASSAULT", "USA>IRN", "2026-02-03"),
        ];
        store.add_article(&a, &text, &records).unwrap();
    }
    let (a, _) = store.article("early").unwrap().unwrap();
    assert_eq!(a.published_at, time("2026-02-04T09:15:00Z"));
    let events = all(&store);
    let of = |t: &str| events.iter().find(|e| e.event == t).unwrap().reported_at;
    assert_eq!(of("SANCTION"), time("2026-02-04T09:15:00Z"));
    assert_eq!(of("ASSAULT"), None);
    // An article without a time leaves its events untimed.
    let text = "the text of plain";
    store
        .add_article(&article("plain", "p", text), text, &[])
        .unwrap();
    assert_eq!(
        store.article("plain").unwrap().unwrap().0.published_at,
        None
    );
}
