//! `marsad monitor` end to end (issue 14, item 5): the real binary polls feeds served by a local
//! HTTP server that this test changes between polls, and is stopped with SIGTERM.
//!
//! Checked: the second poll of a feed that gained an item stores only that item; an unchanged
//! feed is asked conditionally and its `304` is honoured; a failing source shows its error on the
//! status page and in `/api/monitor` while the others go on; the watches are reassessed and the
//! dashboard is served; SIGTERM ends the process with exit code 0.

mod serve_support;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use serve_support::{request, TempDir};

/// Stories of the example corpus's days, one per version of the changing feed.
const STORIES: &[(&str, &str, &str)] = &[
    (
        "talks-muscat",
        "Fri, 06 Feb 2026 09:00:00 GMT",
        "Iran's foreign minister met the American envoy Steve Witkoff in Muscat on Friday.",
    ),
    (
        "sanctions",
        "Sat, 07 Feb 2026 09:00:00 GMT",
        "The United States imposed new sanctions on Iran's oil exports on Saturday, hours after the talks in Muscat.",
    ),
];

/// What the feed server has been asked: (path, the If-None-Match it carried).
type RequestLog = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A local HTTP server of three feeds: `/news.xml` lists the first `version` stories with the
/// ETag `"vN"`, `/static.xml` never changes (ETag `"s1"`), `/broken.xml` answers 500.
struct FeedServer {
    addr: SocketAddr,
    version: Arc<Mutex<usize>>,
    log: RequestLog,
}

impl FeedServer {
    fn start() -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let version = Arc::new(Mutex::new(1));
        let log: RequestLog = Arc::default();
        let (v, l) = (version.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve_one(stream, &v, &l);
            }
        });
        FeedServer { addr, version, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self, path: &str) -> Vec<Option<String>> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, etag)| etag.clone())
            .collect()
    }
}

fn serve_one(
    stream: TcpStream,
    version: &Mutex<usize>,
    log: &Mutex<Vec<(String, Option<String>)>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
    let mut if_none_match = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            }
        }
    }
    log.lock()
        .unwrap()
        .push((path.clone(), if_none_match.clone()));
    let (status, etag, body) = match path.as_str() {
        "/news.xml" => {
            let n = *version.lock().unwrap();
            (200, format!("\"v{n}\""), rss("Test News", &STORIES[..n]))
        }
        "/static.xml" => (
            200,
            "\"s1\"".to_string(),
            rss(
                "Static",
                &[(
                    "drone",
                    "Tue, 03 Feb 2026 09:00:00 GMT",
                    "US forces shot down an Iranian drone that approached the carrier on Tuesday.",
                )],
            ),
        ),
        _ => (500, String::new(), "internal error".to_string()),
    };
    let mut out = stream;
    if status == 200 && if_none_match.as_deref() == Some(etag.as_str()) {
        write!(
            out,
            "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n"
        )?;
        return out.flush();
    }
    let reason = if status == 200 {
        "OK"
    } else {
        "Internal Server Error"
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if !etag.is_empty() {
        head.push_str(&format!("ETag: {etag}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body.as_bytes())?;
    out.flush()
}

fn rss(title: &str, items: &[(&str, &str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://example.org/</link><description>test</description>\n"
    );
    for (id, date, text) in items {
        out.push_str(&format!(
            "<item><title>{id}</title><guid isPermaLink=\"false\">{id}</guid><pubDate>{date}</pubDate><description>{text}</description></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}

/// A running `marsad monitor`, killed if a test fails before it is stopped.
struct Monitor {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl Monitor {
    fn start(dir: &TempDir, watch: &std::path::Path) -> Monitor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("monitor")
            .arg("--db")
            .arg(dir.path().join("monitor.db"))
            .arg("--watch")
            .arg(watch)
            .args(["--addr", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start marsad monitor");
        let mut reader = BufReader::new(child.stderr.take().unwrap());
        let mut seen = String::new();
        let addr = loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                panic!("marsad monitor exited before listening:\n{seen}");
            }
            seen.push_str(&line);
            if let Some(rest) = line.split("serving http://").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        let stderr = Arc::new(Mutex::new(seen));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Monitor {
            child,
            addr,
            stderr,
        }
    }

    fn status(&self) -> Value {
        let r = request(self.addr, "GET", "/api/monitor", &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        serde_json::from_slice(&r.body).unwrap()
    }

    /// The status of the source whose URL ends with `path`.
    fn source(&self, path: &str) -> Value {
        let status = self.status();
        status["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["url"].as_str().unwrap().ends_with(path))
            .cloned()
            .unwrap_or_else(|| panic!("no source {path} in {status}"))
    }

    /// Waits (up to two minutes: a debug build codes slowly) until `ready` holds of the status.
    fn wait_for(&self, what: &str, ready: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        loop {
            let status = self.status();
            if ready(&status) {
                return status;
            }
            if start.elapsed() > Duration::from_secs(120) {
                panic!(
                    "timed out waiting for {what}; status: {status:#}\nstderr:\n{}",
                    self.stderr.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn source<'a>(status: &'a Value, path: &str) -> &'a Value {
    status["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["url"].as_str().unwrap().ends_with(path))
        .unwrap()
}

#[test]
fn monitor_polls_changing_feeds_reassesses_serves_and_stops_on_sigterm() {
    let feeds = FeedServer::start();
    let dir = TempDir::new("monitor");
    let watch = dir.path().join("talks.toml");
    std::fs::write(
        &watch,
        format!(
            r#"name = "Talks under test"
parties = [{{ code = "IRN", label = "Iran" }}, {{ code = "USA", label = "United States" }}]
[[test]]
id = "talks"
[[indicator]]
id = "meetings"
test = "talks"
direction = "progress"
events = ["CONSULT"]
scope = "dyad-or-open"

[[source]]
url = "{}"
outlet = "Test News"
lang = "en"
every = 1

[[source]]
url = "{}"
outlet = "Static Wire"
every = "1s"

[[source]]
url = "{}"
outlet = "Broken Agency"
every = 1
"#,
            feeds.url("/news.xml"),
            feeds.url("/static.xml"),
            feeds.url("/broken.xml"),
        ),
    )
    .unwrap();
    let monitor = Monitor::start(&dir, &watch);

    // The first round: one story stored from the news feed, the failing source shown as failing.
    let status = monitor.wait_for("a first poll of every source", |s| {
        s["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["polls"].as_u64() >= Some(1))
    });
    assert_eq!(status["running"], true);
    let news = source(&status, "/news.xml");
    assert_eq!(news["outlet"], "Test News");
    assert_eq!(news["articles"], 1, "{news}");
    assert!(news["last_fetch"].is_string());
    let broken = source(&status, "/broken.xml");
    assert_eq!(broken["failing"], true, "{broken}");
    assert_eq!(broken["last_answer"], "failed");
    assert!(
        broken["last_error"]
            .as_str()
            .unwrap()
            .contains("http status 500"),
        "{broken}"
    );
    let page = request(monitor.addr, "GET", "/monitor", &[], b"");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Broken Agency"), "{html}");
    assert!(html.contains("http status 500"), "{html}");
    assert!(html.contains("Test News"));

    // The unchanged feed is asked with its ETag and answers 304, which the monitor honours.
    let stat = monitor.wait_for("a 304 from the unchanged feed", |s| {
        source(s, "/static.xml")["last_answer"] == "not modified"
    });
    assert_eq!(source(&stat, "/static.xml")["articles"], 1);
    assert!(feeds
        .requests("/static.xml")
        .iter()
        .any(|etag| etag.as_deref() == Some("\"s1\"")));

    // The feed gains a story: the next poll reads both items and stores only the new one.
    *feeds.version.lock().unwrap() = 2;
    let status = monitor.wait_for("the second story", |s| {
        source(s, "/news.xml")["stored_since_start"] == 2
    });
    let news = source(&status, "/news.xml");
    assert_eq!(news["articles"], 2, "{news}");
    let log = monitor.stderr.lock().unwrap().clone();
    assert!(
        log.contains(&format!(
            "Test News ({}): fetched, 2 read, 1 new",
            feeds.url("/news.xml")
        )),
        "{log}"
    );
    // Its ETag is then sent back and honoured.
    monitor.wait_for("a 304 from the grown feed", |s| {
        source(s, "/news.xml")["last_answer"] == "not modified"
    });
    assert!(feeds
        .requests("/news.xml")
        .iter()
        .any(|etag| etag.as_deref() == Some("\"v2\"")));
    assert_eq!(monitor.source("/news.xml")["articles"], 2);

    // The watch was reassessed, and the dashboard shows the stored events.
    let status = monitor.status();
    let w = &status["watches"][0];
    assert!(w["assessed_at"].is_string(), "{status}");
    assert!(w["verdict"].is_string(), "{status}");
    assert!(monitor.stderr.lock().unwrap().contains("reassessed talks:"),);
    let stats: Value =
        serde_json::from_slice(&request(monitor.addr, "GET", "/api/stats", &[], b"").body).unwrap();
    assert_eq!(stats["articles"], 3, "{stats}");
    assert_eq!(
        request(monitor.addr, "GET", "/", &[], b"").status,
        200,
        "the dashboard"
    );

    // SIGTERM: the poll in progress ends, the server stops, the process exits 0.
    let mut monitor = monitor;
    let pid = monitor.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(status) = monitor.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "marsad monitor did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // Give the stderr reader a moment to see the last lines.
    std::thread::sleep(Duration::from_millis(200));
    let log = monitor.stderr.lock().unwrap().clone();
    assert!(exit.success(), "exit {exit:?}:\n{log}");
    assert!(log.contains("marsad: stopped"), "{log}");
    assert!(
        TcpStream::connect(monitor.addr).is_err(),
        "the server still listens"
    );
}

/// A watch without sources gives the monitor nothing to do: a clear error, exit code 1.
#[test]
fn monitor_refuses_watches_without_sources() {
    let dir = TempDir::new("monitor-nosources");
    let watch = dir.path().join("quiet.toml");
    std::fs::write(
        &watch,
        "name = \"No sources\"\nparties = [{ code = \"IRN\" }, { code = \"USA\" }]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("monitor")
        .arg("--db")
        .arg(dir.path().join("m.db"))
        .arg("--watch")
        .arg(&watch)
        .args(["--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no [[source]]"), "{stderr}");
}
