//! [`poll`] against a local HTTP server (issue 14, item 5): the answer it reports (a body, a
//! `304`, a failure), the source's own error apart from its items' errors, the outlet written on
//! what it stores, and only new articles stored by a second poll.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use marsad_coder::Coder;
use marsad_ingest::poll::{poll, Answer, PollOptions, PollOutcome, PollSource};
use marsad_lexicon::Lexicon;
use marsad_store::Store;

/// Path → (ETag, body); a path not listed answers 500. Bodies can be changed while serving.
type Routes = Arc<Mutex<HashMap<String, (String, String)>>>;

fn serve(routes: Routes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split(' ').nth(1).unwrap_or("/").to_string();
            let mut if_none_match = None;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    if k.eq_ignore_ascii_case("if-none-match") {
                        if_none_match = Some(v.trim().to_string());
                    }
                }
            }
            let route = routes.lock().unwrap().get(&path).cloned();
            let _ = match route {
                Some((etag, _)) if if_none_match.as_ref() == Some(&etag) => write!(
                    stream,
                    "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n"
                ),
                Some((etag, body)) => write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
                None => write!(
                    stream,
                    "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
            };
        }
    });
    base
}

fn rss(items: &[(&str, &str)]) -> String {
    let mut out = String::from("<rss version=\"2.0\"><channel><title>Feed title</title>");
    for (id, text) in items {
        out.push_str(&format!(
            "<item><guid>{id}</guid><pubDate>Fri, 06 Feb 2026 09:00:00 GMT</pubDate><description>{text}</description></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

/// Polls `url` once and gives (answer, error, read, stored, item errors).
fn check(
    store: &mut Store,
    coder: &Coder<'_>,
    url: &str,
    cache: &Path,
) -> (Answer, Option<String>, usize, usize, usize) {
    let source = PollSource {
        url: url.to_string(),
        lang: None,
        outlet: Some("Test Outlet".to_string()),
    };
    let options = PollOptions {
        fetch_cache: Some(cache.to_path_buf()),
        max_doc_bytes: 1 << 20,
    };
    let PollOutcome {
        answer,
        error,
        summary,
        item_errors,
    } = poll(store, coder, &source, &options).unwrap();
    (
        answer,
        error,
        summary.read,
        summary.stored,
        item_errors.len(),
    )
}

#[test]
fn issue_14_a_poll_reports_how_the_source_answered_and_stores_only_what_is_new() {
    let routes: Routes = Arc::default();
    let first = (
        "muscat",
        "Iran's foreign minister met the American envoy in Muscat on Friday.",
    );
    let second = (
        "oman",
        "Oman said a second round of talks would be held in Muscat.",
    );
    routes
        .lock()
        .unwrap()
        .insert("/feed.xml".into(), ("\"v1\"".into(), rss(&[first])));
    let base = serve(routes.clone());
    let dir = std::env::temp_dir().join(format!("marsad-ingest-poll-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cache = dir.join("fetch.json");
    let lexicon = Lexicon::embedded().unwrap();
    let coder = Coder::new(&lexicon);
    let mut store = Store::open_in_memory().unwrap();
    let feed = format!("{base}/feed.xml");

    assert_eq!(
        check(&mut store, &coder, &feed, &cache),
        (Answer::Fetched, None, 1, 1, 0)
    );
    let articles = store.articles(None, 0).unwrap();
    assert_eq!(articles[0].source.as_deref(), Some("Test Outlet"));
    assert_eq!(store.count_articles_from("Test Outlet").unwrap(), 1);

    // Unchanged: asked with its ETag, answered 304, nothing read.
    assert_eq!(
        check(&mut store, &coder, &feed, &cache),
        (Answer::NotModified, None, 0, 0, 0)
    );

    // A new item: both are read, only the new one is stored.
    routes
        .lock()
        .unwrap()
        .insert("/feed.xml".into(), ("\"v2\"".into(), rss(&[first, second])));
    assert_eq!(
        check(&mut store, &coder, &feed, &cache),
        (Answer::Fetched, None, 2, 1, 0)
    );
    assert_eq!(store.count_articles_from("Test Outlet").unwrap(), 2);

    // A failing source: its error, without the URL the caller shows beside it.
    assert_eq!(
        check(&mut store, &coder, &format!("{base}/gone.xml"), &cache),
        (Answer::Failed, Some("http status 500".to_string()), 0, 0, 0)
    );

    // An item without text or link is the item's error, not the source's.
    routes.lock().unwrap().insert(
        "/items.xml".into(),
        ("\"i1\"".into(), rss(&[("empty", "")])),
    );
    assert_eq!(
        check(&mut store, &coder, &format!("{base}/items.xml"), &cache),
        (Answer::Fetched, None, 0, 0, 1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
