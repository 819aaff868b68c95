//! End-to-end tests of the readers through `marsad code`: an Arabic HTML page, an RSS feed with a
//! saved linked page, a page served over HTTP by a server started inside the test, and bad inputs
//! reported with their file or URL and counted.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

use serde_json::Value;

/// What one run of the binary gave back.
struct Run {
    code: i32,
    events: Vec<Value>,
    stderr: String,
}

fn marsad(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .output()
        .expect("the marsad binary runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    Run {
        code: out.status.code().unwrap_or(-1),
        events: stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is a JSON event"))
            .collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../marsad-ingest/tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

fn doc_ids(run: &Run) -> Vec<&str> {
    let mut ids: Vec<&str> = run
        .events
        .iter()
        .map(|e| e["doc_id"].as_str().unwrap())
        .collect();
    ids.dedup();
    ids
}

#[test]
fn an_arabic_html_page_is_coded_from_its_main_text() {
    let run = marsad(&["code", &fixture("html/ar-muscat-talks.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.events.is_empty(), "{}", run.stderr);
    assert_eq!(doc_ids(&run), ["ar-muscat-talks"]);
    for e in &run.events {
        assert_eq!(e["language"], "ar");
        // Navigation and related links are not article text, so no sentence comes from them.
        let text = e["text"].as_str().unwrap();
        assert!(
            !text.contains("اشترك") && !text.contains("اقرأ أيضا"),
            "{text}"
        );
    }
    // The talks in Muscat are found, dated from the page's metadata when the sentence has no date.
    assert!(
        run.events.iter().any(|e| e["event"] == "CONSULT"),
        "{:#?}",
        run.events
    );
    assert!(run.events.iter().all(|e| e["date"] == "2026-02-06"));
}

#[test]
fn a_feed_gives_one_document_per_item() {
    let run = marsad(&["code", &fixture("feeds/news.rss")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("4 documents"), "{}", run.stderr);
    let ids = doc_ids(&run);
    assert!(ids.contains(&"akhbar-2026-02-06-muscat"), "{ids:?}");
    // The link-only item was read from the saved page next to the feed.
    assert!(ids.contains(&"akhbar-2026-02-06-page"), "{ids:?}");
}

#[test]
fn a_url_is_fetched_and_bad_inputs_are_named_and_counted() {
    let page = std::fs::read(fixture("html/en-sanctions.html")).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            reader.read_line(&mut line).unwrap();
            while reader.read_line(&mut String::new()).unwrap_or(0) > 2 {}
            let (status, body): (&str, &[u8]) = if line.contains(" /story ") {
                ("200 OK", &page)
            } else {
                ("404 Not Found", b"gone")
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    let dir = tempdir();
    let broken = dir.join("broken.rss");
    std::fs::write(&broken, "<rss><channel><item><title>x</item>").unwrap();
    let story = format!("{base}/story");
    let missing = format!("{base}/missing");
    // The rules alone: what is checked here is that the page was fetched and read, not the
    // scorer's judgement of its sentences.
    let run = marsad(&[
        "code",
        "--no-model",
        &story,
        &missing,
        broken.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(doc_ids(&run), [story.as_str()]);
    assert!(
        run.events.iter().any(|e| e["event"] == "SANCTION"),
        "{:#?}",
        run.events
    );
    assert!(
        run.stderr
            .contains(&format!("{missing}: http status 404; skipped")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{}: not a valid feed", broken.display())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped 2 (bad feed 1, http error 1)"),
        "{}",
        run.stderr
    );
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marsad-cli-readers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh folder of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("marsad-cli-readers-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Issue 13, item 1: a feed on disk cannot make `marsad code` read a file outside its folder;
/// each refused link is reported with its reason and counted.
#[test]
fn issue_13_feed_links_outside_the_feed_folder_are_refused_and_counted() {
    let dir = scratch("links");
    std::fs::create_dir_all(dir.join("feed")).unwrap();
    let secret = dir.join("secret.html");
    std::fs::write(
        &secret,
        "<html><body><p>The secret is that Iran attacked Israel.</p></body></html>",
    )
    .unwrap();
    let abs = secret.display().to_string();
    let items: String = [
        "../secret.html".to_string(),
        abs.clone(),
        format!("file://{abs}"),
    ]
    .iter()
    .enumerate()
    .map(|(i, link)| format!("<item><guid>g{i}</guid><link>{link}</link></item>"))
    .collect();
    let feed = dir.join("feed/news.rss");
    std::fs::write(
        &feed,
        format!(
            "<rss version='2.0'><channel><title>T</title>{items}<item><guid>ok</guid>\
             <description>Oman hosted talks between Iran and the United States.</description>\
             </item></channel></rss>"
        ),
    )
    .unwrap();
    let run = marsad(&["code", "--no-model", "--all", feed.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.events.iter().all(|e| e["doc_id"] == "ok"),
        "{:#?}",
        run.events
    );
    for why in [
        "and it leads outside the feed's folder: ../secret.html",
        "and a feed on disk does not read absolute paths",
        "and a feed on disk does not read file: URLs",
    ] {
        assert!(run.stderr.contains(why), "{why}: {}", run.stderr);
    }
    assert!(run.stderr.contains("link not read 3"), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).ok();
}

/// Issue 13, items 3 and 6 through `marsad code`: a document over --max-doc-bytes is skipped and
/// named, a symbolic link loop in a folder is reported once, and every file is read once.
#[cfg(unix)]
#[test]
fn issue_13_code_skips_large_documents_and_reports_symlink_loops() {
    let dir = scratch("limits");
    let news = dir.join("news");
    std::fs::create_dir_all(news.join("sub")).unwrap();
    std::fs::write(
        news.join("a.txt"),
        "Oman hosted talks between Iran and the United States.",
    )
    .unwrap();
    std::fs::write(news.join("big.txt"), "Qatar urged calm. ".repeat(100)).unwrap();
    std::os::unix::fs::symlink(&news, news.join("sub/loop")).unwrap();
    let run = marsad(&[
        "code",
        "--no-model",
        "--all",
        "--max-doc-bytes",
        "1k",
        news.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(doc_ids(&run), ["a"], "{}", run.stderr);
    let big = news.join("big.txt");
    assert!(
        run.stderr.contains(&format!(
            "{}: document of 1800 bytes is over the limit of 1024 bytes (--max-doc-bytes); skipped",
            big.display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("symbolic link loop").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("read 1 document"), "{}", run.stderr);
    assert!(
        run.stderr.contains("symlink loop 1") && run.stderr.contains("too large 1"),
        "{}",
        run.stderr
    );
    // A size that is not one is bad usage.
    let bad = marsad(&["code", "--max-doc-bytes", "10X", news.to_str().unwrap()]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    std::fs::remove_dir_all(&dir).ok();
}
