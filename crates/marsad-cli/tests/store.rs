//! End-to-end tests of the store commands: `marsad run` on the examples, `ingest` (idempotent,
//! bad input reported), the merge of an Arabic and an English report of one event, `events`
//! filters and formats, `export` in every format (the Parquet file read back), and the crash test
//! of issue 5: an ingest killed with SIGKILL at random points and run again ends with exactly the
//! articles, events and mentions of one uninterrupted run.

mod support;

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use marsad_store::{EventQuery, Stats, Store};
use serde_json::Value;
use support::{command, examples_db, marsad, ok, perturbed_corpus, repo_root, s, scratch, Rng};

fn stats(db: &Path) -> Stats {
    Store::open(db)
        .expect("the database opens")
        .stats()
        .expect("stats")
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line ({e}): {l}")))
        .collect()
}

/// Runs `marsad events --format jsonl` on `db` with `args` added; the events it prints.
fn events_jsonl(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events", "--db", s(db), "--format", "jsonl"];
    all.extend_from_slice(args);
    jsonl(&ok(&all).stdout)
}

#[test]
fn run_builds_a_database_from_the_examples_and_a_second_run_adds_nothing() {
    let dir = scratch("run");
    let db = dir.join("m.db");
    let first = ok(&["run", "--db", s(&db)]);
    assert!(first.stderr.contains("marsad: read "), "{}", first.stderr);
    assert!(first.stdout.contains("top dyads"), "{}", first.stdout);
    assert!(first.stdout.contains("latest events"), "{}", first.stdout);
    // Issue 13: on a new database nothing is "already in the database"; the examples repeat some
    // articles, and those are counted as repeated in this input.
    assert!(
        first
            .stderr
            .contains("already in the database 0; repeated in this input "),
        "{}",
        first.stderr
    );
    assert!(
        !first.stderr.contains("repeated in this input 0;"),
        "{}",
        first.stderr
    );
    let after_first = stats(&db);
    assert!(after_first.articles >= 8, "{after_first:?}");
    assert!(after_first.events > 0 && after_first.mentions >= after_first.events);

    let second = ok(&["run", "--db", s(&db)]);
    let read = first
        .stderr
        .split("read ")
        .nth(1)
        .and_then(|r| r.split(' ').next());
    let again = format!(
        "stored 0 (near-duplicate copies 0); already in the database {}; repeated in this input 0",
        read.unwrap()
    );
    assert!(second.stderr.contains(&again), "{}", second.stderr);
    assert!(
        second.stderr.contains("; 0 event mentions"),
        "{}",
        second.stderr
    );
    assert_eq!(stats(&db), after_first);
    fs::remove_dir_all(&dir).ok();
}

/// Issue 13, item 3: `ingest` and `run` skip a document over --max-doc-bytes, name it, count it,
/// and store the others.
#[test]
fn issue_13_ingest_and_run_skip_documents_over_the_size_limit() {
    let dir = scratch("max-doc-bytes");
    let input = dir.join("in.jsonl");
    let long = "Qatar urged calm. ".repeat(100);
    let lines = [
        serde_json::json!({"id": "small", "date": "2026-02-04", "text": "Oman hosted talks."}),
        serde_json::json!({"id": "big", "date": "2026-02-04", "text": long}),
    ];
    let lines: Vec<String> = lines.iter().map(Value::to_string).collect();
    fs::write(&input, lines.join("\n")).unwrap();
    for cmd in ["ingest", "run"] {
        let db = dir.join(format!("{cmd}.db"));
        let mut args = vec![cmd, "--db", s(&db), "--max-doc-bytes", "1k", s(&input)];
        if cmd == "run" {
            args.push("--no-watch");
        }
        let run = ok(&args);
        assert!(
            run.stderr.contains(&format!(
                "{}:2: document of 1842 bytes is over the limit of 1024 bytes (--max-doc-bytes); skipped",
                input.display()
            )),
            "{cmd}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("skipped 1 (too large 1)"),
            "{cmd}: {}",
            run.stderr
        );
        assert_eq!(stats(&db).articles, 1, "{cmd}");
    }
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn ingest_polls_its_sources_round_after_round() {
    let dir = scratch("poll");
    let db = dir.join("poll.db");
    let examples = repo_root().join("examples/articles.jsonl");
    let run = ok(&[
        "ingest",
        "--db",
        s(&db),
        "--every",
        "1",
        "--rounds",
        "2",
        s(&examples),
    ]);
    let rounds: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(" read "))
        .collect();
    assert_eq!(rounds.len(), 2, "one summary per round: {}", run.stderr);
    assert!(
        rounds[1].contains("stored 0"),
        "the second round adds nothing: {}",
        rounds[1]
    );
    assert!(stats(&db).articles > 0);
    // --rounds without --every is bad usage.
    assert_eq!(
        marsad(&["ingest", "--db", s(&db), "--rounds", "2", s(&examples)]).code,
        2
    );
}

#[test]
fn an_arabic_and_an_english_report_of_one_event_merge() {
    let dir = scratch("merge");
    let input = dir.join("two.jsonl");
    let articles = [
        serde_json::json!({"id": "ar-drone", "date": "2026-02-04", "lang": "ar", "source": "Arabic desk",
            "text": "أسقطت القوات الأمريكية يوم الثلاثاء طائرة مسيرة إيرانية قرب حاملة الطائرات."}),
        serde_json::json!({"id": "en-drone", "date": "2026-02-04", "lang": "en", "source": "English desk",
            "text": "US forces shot down an Iranian drone near the aircraft carrier on Tuesday."}),
    ];
    let lines: Vec<String> = articles.iter().map(Value::to_string).collect();
    fs::write(&input, lines.join("\n")).unwrap();
    let db = dir.join("m.db");
    ok(&["ingest", "--db", s(&db), s(&input)]);
    let events = events_jsonl(&db, &["--dyad", "USA-IRN"]);
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e["mentions"], 2, "{e:#}");
    assert_eq!(e["articles"], 2, "{e:#}");
    assert_eq!(e["sources"], 2, "{e:#}");
    assert_eq!(e["date"], "2026-02-03", "{e:#}");
    // Both reports are its mentions.
    let store = Store::open(&db).unwrap();
    let (_, mentions) = store.event(e["id"].as_str().unwrap()).unwrap().unwrap();
    let langs: Vec<&str> = mentions
        .iter()
        .map(|m| m.record.language.as_str())
        .collect();
    assert_eq!(langs, ["ar", "en"]);
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_is_reported_with_its_line_and_counted() {
    let dir = scratch("bad");
    let input = dir.join("mixed.jsonl");
    fs::write(
        &input,
        "{\"id\": \"a\", \"date\": \"2026-02-06\", \"text\": \"Iran and the United States held talks in Muscat on Friday.\"}\n\
         {\"id\": \"b\", \"text\": \n\
         {\"id\": \"c\", \"date\": \"Friday\", \"text\": \"x\"}\n",
    )
    .unwrap();
    let db = dir.join("m.db");
    let run = ok(&["ingest", "--db", s(&db), s(&input)]);
    assert!(
        run.stderr.contains("mixed.jsonl:2: bad json"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("mixed.jsonl:3: field `date`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped 2 (bad date 1, bad json 1)"),
        "{}",
        run.stderr
    );
    assert_eq!(stats(&db).articles, 1);

    let strict = marsad(&[
        "ingest",
        "--strict",
        "--db",
        s(&dir.join("s.db")),
        s(&input),
    ]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("mixed.jsonl:2"), "{}", strict.stderr);
    // What was read before the bad line is stored.
    assert_eq!(stats(&dir.join("s.db")).articles, 1);

    let missing = marsad(&["events", "--db", s(&dir.join("none.db"))]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("no such database"),
        "{}",
        missing.stderr
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn events_filter_and_print_as_table_jsonl_and_csv() {
    let db = examples_db();
    let store = Store::open(db).unwrap();
    let all = events_jsonl(db, &["--all"]);
    assert_eq!(
        all.len() as u64,
        store
            .count_events(&EventQuery {
                include_negated: true,
                ..Default::default()
            })
            .unwrap()
    );
    let dyad = events_jsonl(db, &["--dyad", "irn-usa"]);
    assert!(!dyad.is_empty());
    for e in &dyad {
        let codes = |k: &str| -> Vec<String> {
            e[k].as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect()
        };
        let (a, r) = (codes("actor_codes"), codes("recipient_codes"));
        let has = |v: &[String], c: &str| v.iter().any(|x| x == c);
        assert!(
            (has(&a, "IRN") && has(&r, "USA")) || (has(&a, "USA") && has(&r, "IRN")),
            "{e:#}"
        );
        assert_eq!(e["negated"], false);
    }
    let dated = events_jsonl(
        db,
        &[
            "--from",
            "2026-02-06",
            "--to",
            "2026-02-07",
            "--event",
            "consult,sanction",
        ],
    );
    for e in &dated {
        let d = e["date"].as_str().unwrap();
        assert!(("2026-02-06"..="2026-02-07").contains(&d), "{e:#}");
        assert!(
            ["CONSULT", "SANCTION"].contains(&e["event"].as_str().unwrap()),
            "{e:#}"
        );
    }
    let table = ok(&["events", "--db", s(db), "--limit", "3"]).stdout;
    assert_eq!(table.lines().count(), 4, "{table}");
    assert!(table.starts_with("id "), "{table}");
    let csv = ok(&["events", "--db", s(db), "--format", "csv"]).stdout;
    assert!(csv.starts_with("id,date,date_end,event,"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        all.iter().filter(|e| e["negated"] == false).count() + 1
    );
}

#[test]
fn export_writes_every_format_and_parquet_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;

    let dir = scratch("export");
    let db = examples_db();
    let events = Store::open(db)
        .unwrap()
        .events(&EventQuery::default())
        .unwrap();
    assert!(!events.is_empty());

    let plover = jsonl(&ok(&["export", "--db", s(db), "--format", "plover-jsonl"]).stdout);
    assert_eq!(plover.len(), events.len());
    assert!(plover[0]["tables"].is_string(), "{:#}", plover[0]);
    assert_eq!(plover[0]["id"], events[0].id.as_str());

    let tsv = ok(&["export", "--db", s(db), "--format", "tsv"]).stdout;
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    assert_eq!(&header[..5], ["id", "date", "year", "month", "day"]);
    assert_eq!(tsv.lines().count(), events.len() + 1);
    assert!(tsv
        .lines()
        .skip(1)
        .all(|l| l.split('\t').count() == header.len()));

    let csv_path = dir.join("e.csv");
    ok(&[
        "export",
        "--db",
        s(db),
        "--format",
        "csv",
        "-o",
        s(&csv_path),
    ]);
    assert!(fs::read_to_string(&csv_path)
        .unwrap()
        .starts_with("id,date,"));

    // Bad usage since issue 13: exit 2, as clap's own errors.
    let no_file = marsad(&["export", "--db", s(db), "--format", "parquet"]);
    assert_eq!(no_file.code, 2);
    assert!(no_file.stderr.contains("-o FILE"), "{}", no_file.stderr);

    let pq = dir.join("e.parquet");
    let run = ok(&["export", "--db", s(db), "--format", "parquet", "-o", s(&pq)]);
    assert!(
        run.stderr
            .contains(&format!("exported {} events", events.len())),
        "{}",
        run.stderr
    );
    let reader = SerializedFileReader::new(fs::File::open(&pq).unwrap()).unwrap();
    assert_eq!(
        reader.metadata().file_metadata().num_rows() as usize,
        events.len()
    );
    let fields: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let col = |name: &str| fields.iter().position(|f| f == name).unwrap();
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.expect("a row reads back"))
        .collect();
    for (row, e) in rows.iter().zip(&events) {
        assert_eq!(row.get_string(col("id")).unwrap(), &e.id);
        assert_eq!(row.get_string(col("event")).unwrap(), &e.event);
        assert_eq!(row.get_int(col("mentions")).unwrap() as u32, e.mentions);
        assert_eq!(row.get_string(col("text")).unwrap(), &e.text);
        if let Some(d) = e.date {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
            let days = match row.get_column_iter().nth(col("date")).unwrap().1 {
                parquet::record::Field::Date(days) => i64::from(*days),
                other => panic!("date column holds {other:?}"),
            };
            assert_eq!(days, (d - epoch).num_days());
        }
    }
    fs::remove_dir_all(&dir).ok();
}

/// A small seeded generator (SplitMix64), so that the kill points are the same on every run.
/// Waits until `db` holds an article or `child` has exited; how long that took, if an article came.
fn wait_for_first_article(db: &Path, child: &mut std::process::Child) -> Option<Duration> {
    let started = Instant::now();
    loop {
        if let Ok(store) = Store::open_read_only(db) {
            if store.stats().is_ok_and(|s| s.articles > 0) {
                return Some(started.elapsed());
            }
        }
        if child.try_wait().ok().flatten().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Everything the crash test compares: counts and the exported events.
fn snapshot(db: &Path) -> (Stats, String) {
    let events = ok(&["export", "--db", s(db), "--format", "plover-jsonl", "--all"]).stdout;
    (stats(db), events)
}

#[test]
fn an_ingest_killed_at_random_points_ends_like_an_uninterrupted_one() {
    let dir = scratch("crash");
    let corpus = dir.join("corpus.jsonl");
    perturbed_corpus(&corpus, 200);
    let ingest = |db: &Path| {
        let mut c = command(&["ingest", "--batch", "4", "--db", s(db), s(&corpus)]);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c
    };

    // Most of a run is loading the lexicon; the kills are timed from the first stored article so
    // that they land while articles are being written, whatever the machine's speed.
    let reference = dir.join("reference.db");
    let started = Instant::now();
    let mut child = ingest(&reference).spawn().unwrap();
    let first = wait_for_first_article(&reference, &mut child);
    assert!(child.wait().unwrap().success());
    let full = started.elapsed();
    let writing = full.saturating_sub(first.unwrap_or_default());
    let expected = snapshot(&reference);
    assert_eq!(expected.0.articles, 200);
    assert!(
        expected.0.duplicates > 0 && expected.0.events > 0,
        "{:?}",
        expected.0
    );

    let mut rng = Rng(5);
    let mut interrupted = 0;
    for round in 0..10 {
        let db = dir.join(format!("round-{round}.db"));
        let delay = Duration::from_micros(rng.next() % (writing.as_micros() as u64).max(1));
        let mut child = ingest(&db).spawn().unwrap();
        wait_for_first_article(&db, &mut child);
        std::thread::sleep(delay);
        child.kill().ok(); // SIGKILL; an error means it had already finished.
        child.wait().unwrap();
        if db.exists() {
            let partial = stats(&db).articles;
            if partial > 0 && partial < 200 {
                interrupted += 1;
            }
        }
        assert!(
            ingest(&db).status().unwrap().success(),
            "round {round}: the second run fails"
        );
        let got = snapshot(&db);
        assert_eq!(
            got.0, expected.0,
            "round {round} (killed after {delay:?}): counts differ"
        );
        assert!(
            got.1 == expected.1,
            "round {round} (killed after {delay:?}): events differ"
        );
    }
    eprintln!(
        "full run {full:?}, {writing:?} of it writing; {interrupted} of 10 kills landed mid-ingest"
    );
    assert!(
        interrupted > 0,
        "no kill landed in the middle of an ingest (full run {full:?})"
    );
    fs::remove_dir_all(&dir).ok();
}
