//! The readers through [`Inputs`]: HTML pages, feeds and their saved pages on disk, URLs served by a
//! local HTTP server started inside the test (200, 304 with ETag, 404, a timeout, an oversized body,
//! feeds whose items are fetched), and property tests that no input makes a reader panic.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use marsad_ingest::fetch::FetchOptions;
use marsad_ingest::input::{InputDoc, InputError, InputOptions, Inputs};
use marsad_text::lang::Lang;
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Reads `paths` and returns the documents and the errors as `label @ origin`.
fn read(paths: Vec<PathBuf>, options: InputOptions) -> (Vec<InputDoc>, Vec<String>) {
    let mut inputs = Inputs::new(paths, options);
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for item in inputs.by_ref() {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(format!("{} @ {}", e.kind.label(), e.origin)),
        }
    }
    (docs, errors)
}

fn day(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

#[test]
fn html_files_give_text_and_metadata() {
    let path = fixtures().join("html/ar-muscat-talks.html");
    let (docs, errors) = read(vec![path.clone()], InputOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let doc = &docs[0];
    assert_eq!(doc.id, "ar-muscat-talks");
    assert_eq!(doc.lang, Some(Lang::Ar));
    assert_eq!(doc.date, day("2026-02-06"));
    assert_eq!(doc.source.as_deref(), Some("أخبار المثال"));
    assert_eq!(doc.origin, path.display().to_string());
    assert!(doc.text.lines().count() >= 4);
}

#[test]
fn feed_files_give_items_and_read_saved_pages() {
    let feed = fixtures().join("feeds/news.rss");
    let name = feed.display().to_string();
    let (docs, errors) = read(vec![feed], InputOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "akhbar-2026-02-06-muscat",
            "https://akhbar.example/2026/02/07/sanctions",
            "akhbar-2026-02-06-page",
            "news#4"
        ]
    );
    // Each item's origin is the line where it starts.
    assert_eq!(docs[0].origin, format!("{name}:8"));
    assert_eq!(docs[3].origin, format!("{name}:28"));
    assert!(docs
        .iter()
        .all(|d| d.source.as_deref() == Some("أخبار المثال - سياسة")));
    // The link-only item is read from the saved page next to the feed, with the item's own date.
    let page = &docs[2];
    assert!(
        page.origin.ends_with("ar-muscat-talks.html"),
        "{}",
        page.origin
    );
    assert!(page.text.starts_with("عقد مفاوضون"), "{}", page.text);
    assert_eq!(page.title.as_deref(), Some("الصفحة الكاملة محفوظة"));
    assert_eq!(page.lang, Some(Lang::Ar));
    assert_eq!(page.date, day("2026-02-06"));
}

#[test]
fn folders_route_each_file_and_sniff_unknown_extensions() {
    let dir = tempdir("folder");
    std::fs::write(dir.join("a.txt"), "Oman hosted talks.").unwrap();
    std::fs::write(
        dir.join("b.data"),
        "<!DOCTYPE html><html lang=en><body><p>Qatar urged calm.</p></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("c.rss"),
        "<rss version='2.0'><channel><title>T</title><item><guid>g1</guid>\
         <description>Egypt offered to mediate.</description></item></channel></rss>",
    )
    .unwrap();
    std::fs::write(dir.join("d.html"), "<html><body>  </body></html>").unwrap();
    std::fs::write(
        dir.join("e.xml"),
        "<rss version='2.0'><channel><title>T</title><item><title>no text</title></item>\
         <item><link>missing.html</link></item><item><link>https://x.example/a</link></item>\
         </channel></rss>",
    )
    .unwrap();
    // Read through the folder: b.data is not listed (unknown extension), so read it by path too.
    let (docs, errors) = read(
        vec![dir.clone(), dir.join("b.data")],
        InputOptions::default(),
    );
    let got: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("a", "Oman hosted talks."),
            ("g1", "Egypt offered to mediate."),
            ("b", "Qatar urged calm.")
        ]
    );
    let d = dir.display();
    assert_eq!(
        errors,
        [
            format!("no text in page @ {d}/d.html"),
            format!("no text @ {d}/e.xml:1"),
            format!("link not read @ {d}/e.xml:1"),
            format!("link not read @ {d}/e.xml:1"),
        ]
    );
}

#[test]
fn bad_feeds_and_bad_bytes_name_the_file() {
    let dir = tempdir("bad");
    std::fs::write(
        dir.join("broken.rss"),
        "<rss><channel><item><title>x</item>",
    )
    .unwrap();
    std::fs::write(
        dir.join("latin1.html"),
        b"<html><body>caf\xe9</body></html>",
    )
    .unwrap();
    let (docs, errors) = read(
        vec![dir.join("broken.rss"), dir.join("latin1.html")],
        InputOptions::default(),
    );
    assert!(docs.is_empty());
    let d = dir.display();
    assert_eq!(
        errors,
        [
            format!("bad feed @ {d}/broken.rss"),
            format!("not utf-8 @ {d}/latin1.html")
        ]
    );
}

#[test]
fn pages_in_a_declared_legacy_charset_are_decoded() {
    let dir = tempdir("charset");
    let page = "<html lang=\"ar\"><head><meta http-equiv=\"Content-Type\" \
                content=\"text/html; charset=windows-1256\"></head>\
                <body><p>رفضت إيران المطالب الأمريكية.</p></body></html>";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(page);
    assert!(!unmappable);
    std::fs::write(dir.join("legacy.html"), &bytes).unwrap();
    let (docs, errors) = read(vec![dir.join("legacy.html")], InputOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs[0].text, "رفضت إيران المطالب الأمريكية.");
    assert_eq!(docs[0].lang, Some(Lang::Ar));
}

// ---------------------------------------------------------------------------------------------
// Issue 13: links from a feed on disk, document size, folder walks

/// A feed in `dir/feed/` whose one item has only `link`; returns the errors as `label: message`
/// and the texts read.
fn read_link(dir: &Path, link: &str) -> (Vec<String>, Vec<String>) {
    let feed = dir.join("feed/news.rss");
    std::fs::write(
        &feed,
        format!(
            "<rss version='2.0'><channel><title>T</title>\
             <item><guid>g</guid><link>{link}</link></item></channel></rss>"
        ),
    )
    .unwrap();
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    for item in Inputs::new(vec![feed], InputOptions::default()) {
        match item {
            Ok(d) => texts.push(d.text),
            Err(e) => errors.push(format!("{}: {e}", e.kind.label())),
        }
    }
    (texts, errors)
}

/// Issue 13, item 1: a feed on disk reads only pages inside its own folder.
#[test]
fn issue_13_a_feed_on_disk_reads_no_file_outside_its_folder() {
    let dir = tempdir("links");
    std::fs::create_dir_all(dir.join("feed/pages")).unwrap();
    let page = "<html><body><p>Oman hosted the talks.</p></body></html>";
    std::fs::write(dir.join("feed/pages/ok.html"), page).unwrap();
    std::fs::write(dir.join("secret.html"), page.replace("Oman", "Secret")).unwrap();
    let secret = dir.join("secret.html").canonicalize().unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, dir.join("feed/pages/escape.html")).unwrap();
        std::os::unix::fs::symlink(dir.join("feed/pages/ok.html"), dir.join("feed/inside.html"))
            .unwrap();
    }
    let refused = |link: &str, why: &str| {
        let (texts, errors) = read_link(&dir, link);
        assert!(texts.is_empty(), "{link} was read: {texts:?}");
        assert_eq!(errors.len(), 1, "{link}: {errors:?}");
        assert!(
            errors[0].starts_with("link not read: ") && errors[0].contains(why),
            "{link}: {errors:?}"
        );
        assert!(
            errors[0].to_lowercase().ends_with(&link.to_lowercase()),
            "the link is named: {errors:?}"
        );
    };
    // Inside the folder, also through a symlink that stays inside: read.
    for link in [
        "pages/ok.html",
        "./pages/../pages/ok.html",
        "pages/ok.html#top",
    ] {
        assert_eq!(
            read_link(&dir, link).0,
            ["Oman hosted the talks."],
            "{link}"
        );
    }
    refused("../secret.html", "leads outside the feed's folder");
    refused("pages/../../secret.html", "leads outside the feed's folder");
    refused(
        &secret.display().to_string(),
        "does not read absolute paths",
    );
    refused(
        &format!("file://{}", secret.display()),
        "does not read file: URLs",
    );
    refused("FILE:///etc/hostname", "does not read file: URLs");
    refused("/etc/hostname", "does not read absolute paths");
    refused("pages/missing.html", "not a saved page next to the feed");
    refused("mailto:a@b.example", "not a saved page next to the feed");
    #[cfg(unix)]
    {
        refused("pages/escape.html", "leads outside the feed's folder");
        assert_eq!(read_link(&dir, "inside.html").0, ["Oman hosted the talks."]);
    }
}

/// Issue 13, item 3: a document over the limit is skipped with its name and line, the lines after
/// it are read, and the reader never holds the long line.
#[test]
fn issue_13_documents_over_the_size_limit_are_skipped_and_named() {
    let dir = tempdir("limit");
    let long = "word ".repeat(400);
    std::fs::write(dir.join("big.txt"), &long).unwrap();
    std::fs::write(dir.join("small.txt"), "Oman hosted talks.").unwrap();
    std::fs::write(
        dir.join("lines.jsonl"),
        format!(
            "{{\"id\":\"a\",\"text\":\"short\"}}\n{{\"id\":\"b\",\"text\":\"{long}\"}}\n\
             {{\"id\":\"c\",\"text\":\"also short\"}}"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("page-feed.rss"),
        "<rss version='2.0'><channel><title>T</title>\
         <item><guid>g</guid><link>big.html</link></item></channel></rss>",
    )
    .unwrap();
    std::fs::write(
        dir.join("big.html"),
        format!("<html><body><p>{long}</p></body></html>"),
    )
    .unwrap();
    let options = InputOptions {
        max_doc_bytes: 1000,
        ..InputOptions::default()
    };
    let paths = ["big.txt", "small.txt", "lines.jsonl", "page-feed.rss"]
        .map(|p| dir.join(p))
        .to_vec();
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for item in Inputs::new(paths, options.clone()) {
        match item {
            Ok(d) => ids.push(d.id),
            Err(e) => {
                assert!(!e.is_fatal(), "{e}");
                errors.push(e.to_string());
            }
        }
    }
    assert_eq!(ids, ["small", "a", "c"]);
    let d = dir.display();
    assert_eq!(
        errors,
        [
            format!("{d}/big.txt: document of 2000 bytes is over the limit of 1000 bytes (--max-doc-bytes)"),
            format!("{d}/lines.jsonl:2: document of 2020 bytes is over the limit of 1000 bytes (--max-doc-bytes)"),
            format!("{d}/page-feed.rss:1: {}: document of 2033 bytes is over the limit of 1000 bytes (--max-doc-bytes)",
                dir.canonicalize().unwrap().join("big.html").display()),
        ]
    );
}

/// Issue 13, item 6: a symbolic link loop is reported, not walked, and a file reached through two
/// links is read once.
#[cfg(unix)]
#[test]
fn issue_13_symlink_loops_are_reported_and_each_file_read_once() {
    let dir = tempdir("loop");
    std::fs::create_dir_all(dir.join("news/sub")).unwrap();
    std::fs::write(dir.join("news/a.txt"), "Oman hosted talks.").unwrap();
    std::fs::write(dir.join("news/sub/b.txt"), "Qatar urged calm.").unwrap();
    // A loop back to the folder's root, a second way to the same file, and a link to a folder.
    std::os::unix::fs::symlink(dir.join("news"), dir.join("news/sub/loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("news/a.txt"), dir.join("news/sub/same.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("news/sub"), dir.join("news/z-sub")).unwrap();
    let (docs, errors) = read(vec![dir.join("news")], InputOptions::default());
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["Oman hosted talks.", "Qatar urged calm."]);
    let d = dir.display();
    assert_eq!(errors, [format!("symlink loop @ {d}/news/sub/loop")]);
}

// ---------------------------------------------------------------------------------------------
// HTTP

/// A canned answer: status line, headers, body; `delay` before answering.
#[derive(Clone)]
struct Reply {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delay: Duration,
}

impl Reply {
    fn ok(content_type: &str, body: &str) -> Reply {
        Reply {
            status: "200 OK",
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }
}

/// What the server saw: request path and `If-None-Match` header, in order.
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// Serves `routes` (path → reply) on a free local port until the test ends; `/etag.html` answers
/// 304 when sent its ETag back.
fn serve(routes: HashMap<&'static str, Reply>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let seen = log.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = routes.clone();
            let seen = seen.clone();
            thread::spawn(move || answer(stream, &routes, &seen));
        }
    });
    (base, log)
}

fn answer(mut stream: TcpStream, routes: &HashMap<&'static str, Reply>, seen: &Log) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(v.trim().to_string());
            }
        }
    }
    seen.lock()
        .unwrap()
        .push((path.clone(), if_none_match.clone()));
    let reply = match routes.get(path.as_str()) {
        Some(r) => {
            let etag = r.headers.iter().find(|(k, _)| *k == "ETag").map(|(_, v)| v);
            if etag.is_some() && etag == if_none_match.as_ref() {
                Reply {
                    status: "304 Not Modified",
                    headers: vec![],
                    body: vec![],
                    delay: Duration::ZERO,
                }
            } else {
                r.clone()
            }
        }
        None => Reply {
            status: "404 Not Found",
            headers: vec![],
            body: b"no such page".to_vec(),
            delay: Duration::ZERO,
        },
    };
    thread::sleep(reply.delay);
    let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", reply.status);
    let no_length = reply.headers.iter().any(|(k, _)| *k == "X-No-Length");
    for (k, v) in reply.headers.iter().filter(|(k, _)| *k != "X-No-Length") {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !no_length {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&reply.body);
}

fn http_options(cache: Option<PathBuf>) -> InputOptions {
    InputOptions {
        fetch: FetchOptions {
            cache,
            timeout: Duration::from_millis(500),
            max_bytes: 4096,
            per_host_delay: Duration::ZERO,
            max_linked_pages: 2,
        },
        ..InputOptions::default()
    }
}

const PAGE: &str = "<html lang='en'><head><title>Talks resume</title>\
    <meta property='article:published_time' content='2026-02-20T10:00:00Z'></head>\
    <body><p>Oman said a second round of talks would be held in Muscat.</p></body></html>";

#[test]
fn a_page_url_is_fetched_once_then_not_modified() {
    let mut page = Reply::ok("text/html; charset=utf-8", PAGE);
    page.headers.push(("ETag", "\"v1\"".to_string()));
    let (base, log) = serve(HashMap::from([("/etag.html", page)]));
    let url = format!("{base}/etag.html");
    let cache = tempdir("cache").join("fetch-cache.json");

    let mut inputs = Inputs::new(vec![PathBuf::from(&url)], http_options(Some(cache.clone())));
    let docs: Vec<InputDoc> = inputs.by_ref().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, url);
    assert_eq!(docs[0].origin, url);
    assert_eq!(docs[0].title.as_deref(), Some("Talks resume"));
    assert_eq!(docs[0].date, day("2026-02-20"));
    assert_eq!(docs[0].source.as_deref(), Some("127.0.0.1"));
    assert!(!cache.exists(), "the cache is written only when asked");
    inputs.save_fetch_cache().unwrap();
    assert!(std::fs::read_to_string(&cache)
        .unwrap()
        .contains("\\\"v1\\\""));

    // Second run with the saved validators: 304, nothing yielded, counted.
    let mut inputs = Inputs::new(vec![PathBuf::from(&url)], http_options(Some(cache.clone())));
    assert!(inputs.by_ref().next().is_none());
    assert_eq!(inputs.stats().not_modified, 1);
    let log = log.lock().unwrap();
    assert_eq!(log[0].1, None);
    assert_eq!(log[1].1.as_deref(), Some("\"v1\""));
}

#[test]
fn a_feed_url_gives_its_items_and_fetches_link_only_items_within_the_limit() {
    let feed = "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>\
        <item><guid>w1</guid><description>Iran and the United States will meet again.</description></item>\
        <item><link>/p1.html</link></item>\
        <item><link>/missing.html</link></item>\
        <item><link>/p1.html?again</link></item>\
        </channel></rss>";
    let (base, log) = serve(HashMap::from([
        ("/feed", Reply::ok("application/rss+xml", feed)),
        ("/p1.html", Reply::ok("text/html", PAGE)),
    ]));
    let url = format!("{base}/feed");
    let (docs, errors) = read(vec![PathBuf::from(&url)], http_options(None));
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let p1 = format!("{base}/p1.html");
    assert_eq!(ids, ["w1", p1.as_str()]);
    assert_eq!(docs[1].source.as_deref(), Some("Wire"));
    assert!(docs[1].text.contains("second round"));
    assert_eq!(
        errors,
        [
            format!("http error @ {base}/missing.html"),
            format!("link limit @ {url}:1"),
        ]
    );
    assert_eq!(
        log.lock().unwrap().len(),
        3,
        "the feed and two linked pages"
    );
}

#[test]
fn the_servers_charset_decodes_a_page() {
    let page = "<html><body><p>قال عراقجي إن المحادثات كانت جدية.</p></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(page);
    let mut reply = Reply::ok("text/html; charset=windows-1256", "");
    reply.body = bytes.into_owned();
    let (base, _) = serve(HashMap::from([("/ar", reply)]));
    let (docs, errors) = read(
        vec![PathBuf::from(format!("{base}/ar"))],
        http_options(None),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs[0].text, "قال عراقجي إن المحادثات كانت جدية.");
}

#[test]
fn every_http_failure_names_the_url() {
    let mut slow = Reply::ok("text/html", PAGE);
    slow.delay = Duration::from_secs(3);
    let big = Reply::ok("text/html", &"x".repeat(10_000));
    // Without a Content-Length the body runs to the end of the connection, and the reader counts.
    let mut stream = big.clone();
    stream.headers.push(("X-No-Length", String::new()));
    let (base, _) = serve(HashMap::from([
        ("/slow", slow),
        ("/big", big),
        ("/stream", stream),
    ]));
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        drop(l);
        format!("http://{addr}/gone")
    };
    let urls = [
        format!("{base}/slow"),
        format!("{base}/big"),
        format!("{base}/stream"),
        format!("{base}/nothing-here"),
        closed.clone(),
    ];
    let started = Instant::now();
    let (docs, errors) = read(urls.iter().map(PathBuf::from).collect(), http_options(None));
    assert!(docs.is_empty());
    assert_eq!(
        errors,
        [
            format!("timeout @ {}", urls[0]),
            format!("too large @ {}", urls[1]),
            format!("too large @ {}", urls[2]),
            format!("http error @ {}", urls[3]),
            format!("fetch failed @ {closed}"),
        ]
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout cut the slow answer short"
    );
    // The messages say what happened.
    let mut inputs = Inputs::new(vec![PathBuf::from(&urls[3])], http_options(None));
    let err: InputError = inputs.next().unwrap().unwrap_err();
    assert_eq!(err.to_string(), format!("{}: http status 404", urls[3]));
}

#[test]
fn requests_to_one_host_are_spaced() {
    let (base, _) = serve(HashMap::from([("/p1.html", Reply::ok("text/html", PAGE))]));
    let mut options = http_options(None);
    options.fetch.per_host_delay = Duration::from_millis(400);
    let url = PathBuf::from(format!("{base}/p1.html"));
    let started = Instant::now();
    let (docs, errors) = read(vec![url.clone(), url.clone(), url], options);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_unreadable_cache_is_fatal_and_named() {
    let dir = tempdir("badcache");
    let cache = dir.join("cache.json");
    std::fs::write(&cache, "{not json").unwrap();
    let mut inputs = Inputs::new(
        vec![PathBuf::from("http://127.0.0.1:9/x")],
        http_options(Some(cache.clone())),
    );
    let err = inputs.next().unwrap().unwrap_err();
    assert!(err.is_fatal());
    assert_eq!(err.origin, cache.display().to_string());
    assert_eq!(err.kind.label(), "fetch cache");
}

// ---------------------------------------------------------------------------------------------
// Property tests: no input makes a reader panic, and every error names its origin.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn html_reader_never_panics(body in ".{0,400}", tag in "[a-z]{1,6}", attr in "[ -~]{0,20}") {
        let html = format!("<html lang=\"{attr}\"><{tag} {attr}>{body}</{tag}><p>{body}</p>");
        let _ = marsad_ingest::html::read_html(&html, Some("https://x.example/a"));
        let _ = marsad_ingest::html::read_html(&body, None);
    }

    #[test]
    fn feed_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), text in ".{0,200}") {
        let _ = marsad_ingest::feed::read_feed(&bytes, None);
        let rss = format!("<rss version='2.0'><channel><title>{text}</title><item><link>{text}</link>\
                           <description>{text}</description></item></channel></rss>");
        let _ = marsad_ingest::feed::read_feed(rss.as_bytes(), Some("https://x.example/f"));
    }

    #[test]
    fn inputs_name_the_file_of_every_error(bytes in proptest::collection::vec(any::<u8>(), 0..300), ext in "(html|rss|xml|atom|txt|bin)") {
        let dir = tempdir("prop");
        let path = dir.join(format!("in.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let name = path.display().to_string();
        for item in Inputs::new(vec![path.clone()], InputOptions::default()) {
            match item {
                Ok(doc) => prop_assert!(doc.origin.starts_with(&name)),
                Err(e) => prop_assert!(e.origin.starts_with(&name), "{e}"),
            }
        }
    }
}

/// A fresh folder under the target directory's temp space, unique per test and process.
fn tempdir(name: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "marsad-ingest-readers-{}-{name}-{n}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
