//! The dashboard in a real browser: headless Chromium loads the overview and the event list from
//! `marsad serve` over a database built from `examples/`, and the test checks the DOM (the verdict,
//! the five test panels, an Arabic evidence sentence laid out right to left), takes a screenshot,
//! and fails on any console message (a script error, a blocked inline style, a missing asset).
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it). Without it the test prints why
//! it is skipped, unless `MARSAD_REQUIRE_BROWSER` is set, in which case a missing browser fails.
//! `MARSAD_CHROMIUM` names another binary.

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serve_support::{example_db, watch_file, Server, TempDir};

/// Seconds one Chromium run may take before it is killed and the test fails.
const CHROMIUM_TIMEOUT: u64 = 120;

#[test]
fn dashboard_in_headless_chromium() {
    let Some(chromium) = find_chromium() else {
        if std::env::var_os("MARSAD_REQUIRE_BROWSER").is_some() {
            panic!("MARSAD_REQUIRE_BROWSER is set but no chromium was found (apt-get install chromium)");
        }
        eprintln!("skipped: chromium not found (apt-get install chromium, or set MARSAD_CHROMIUM)");
        return;
    };
    let (_dir, db) = example_db();
    let watch = watch_file();
    let server = Server::start(&db, &["--watch", watch.to_str().unwrap()]);
    let base = format!("http://{}", server.addr);

    // The overview: verdict, five panels, Arabic evidence.
    let overview = chromium_run(&chromium, &["--dump-dom", &format!("{base}/")]);
    overview.assert_no_console_messages("/");
    let dom = &overview.stdout;
    let verdict = element_text(dom, "id=\"verdict-iran-us-talks\"")
        .expect("the Iran–US watch's verdict in the DOM");
    assert!(
        ["progress", "managed stalemate", "escalation"].contains(&verdict.as_str()),
        "verdict {verdict:?}"
    );
    let panels = dom.matches("<article class=\"panel\"").count();
    assert_eq!(panels, 5, "five test panels on the overview");
    for test in [
        "scope",
        "enrichment",
        "military",
        "sanctions",
        "back-channel",
    ] {
        assert!(
            dom.contains(&format!("id=\"iran-us-talks-test-{test}\"")),
            "panel {test}"
        );
    }
    assert!(
        has_arabic_rtl_evidence(dom),
        "an Arabic evidence sentence with dir=\"rtl\" on the overview"
    );

    // The event list: highlighted spans inside an Arabic sentence.
    let events = chromium_run(
        &chromium,
        &[
            "--dump-dom",
            &format!("{base}/events?dyad=IRN-USA&limit=100"),
        ],
    );
    events.assert_no_console_messages("/events");
    assert!(
        has_arabic_rtl_evidence(&events.stdout),
        "Arabic evidence in the event list"
    );
    assert!(events.stdout.contains("<mark class=\"actor\">"));

    // The screenshot, kept under the test scratch folder for a person to look at.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard.png");
    let _ = std::fs::remove_file(&shot);
    let run = chromium_run(
        &chromium,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2200",
            "--hide-scrollbars",
            &format!("{base}/"),
        ],
    );
    run.assert_no_console_messages("/ (screenshot)");
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a screenshot of a drawn page, {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
}

/// Issue 14, items 2 and 4 in the browser: the overview's verdict strip has one cell per day of
/// the period (as many as the API's history), each change point links to an item on the page
/// that lists the events behind it, and those lead to the event and to the 72 hours around it;
/// the comparison page has two period pickers and a row per test.
#[test]
fn verdict_strip_timeline_and_comparison_in_headless_chromium() {
    let Some(chromium) = find_chromium() else {
        if std::env::var_os("MARSAD_REQUIRE_BROWSER").is_some() {
            panic!("MARSAD_REQUIRE_BROWSER is set but no chromium was found (apt-get install chromium)");
        }
        eprintln!("skipped: chromium not found (apt-get install chromium, or set MARSAD_CHROMIUM)");
        return;
    };
    let (_dir, db) = example_db();
    let watch = watch_file();
    let server = Server::start(&db, &["--watch", watch.to_str().unwrap()]);
    let base = format!("http://{}", server.addr);
    let history = server.json("/api/watches/iran-us-talks")["history"]
        .as_array()
        .expect("the history in the API")
        .len();
    assert_eq!(history, 28, "two 14-day windows of daily cells");

    let overview = chromium_run(&chromium, &["--dump-dom", &format!("{base}/")]);
    overview.assert_no_console_messages("/ (strip)");
    let dom = &overview.stdout;
    let at = dom
        .find("id=\"strip-iran-us-talks\"")
        .expect("the strip in the DOM");
    let strip = &dom[at..at + dom[at..].find("</div>").unwrap()];
    assert_eq!(
        strip.matches("class=\"cell ").count(),
        history,
        "one cell per window"
    );
    assert!(
        strip.contains("class=\"cell no-data") || strip.contains("class=\"cell managed-stalemate")
    );
    let targets: Vec<&str> = strip
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(
        !targets.is_empty(),
        "the examples' period has a change point"
    );
    let mut event_link = None;
    for t in &targets {
        let item = dom
            .find(&format!("<li id=\"{t}\">"))
            .unwrap_or_else(|| panic!("change point #{t} has no item on the page"));
        let item = &dom[item..];
        let item = &item[..item.find("</ol>").unwrap()];
        let href = item
            .split("href=\"/events/")
            .nth(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .unwrap_or_else(|| panic!("change point #{t} links to no event"));
        event_link.get_or_insert(format!("/events/{href}"));
    }
    // One click from the change point: the event, then the 72 hours around it.
    let event_link = event_link.unwrap();
    let event = chromium_run(&chromium, &["--dump-dom", &format!("{base}{event_link}")]);
    event.assert_no_console_messages(&event_link);
    assert!(
        event.stdout.contains("Mentions ("),
        "{event_link} is an event page"
    );
    let around_link = format!("{event_link}/around");
    assert!(
        event.stdout.contains(&format!("href=\"{around_link}\"")),
        "the event page links to its timeline"
    );
    let around = chromium_run(&chromium, &["--dump-dom", &format!("{base}{around_link}")]);
    around.assert_no_console_messages(&around_link);
    assert_eq!(around.stdout.matches("id=\"centre\"").count(), 1);
    assert!(around.stdout.matches("<li class=\"entry").count() >= 1);

    // Two periods side by side.
    let compare = chromium_run(
        &chromium,
        &[
            "--dump-dom",
            &format!("{base}/watches/iran-us-talks/compare"),
        ],
    );
    compare.assert_no_console_messages("/watches/iran-us-talks/compare");
    assert_eq!(
        compare.stdout.matches("type=\"date\"").count(),
        4,
        "two period pickers"
    );
    assert_eq!(
        compare.stdout.matches("<tr class=\"test\"").count(),
        5,
        "the five tests"
    );

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("verdict-strip.png");
    let _ = std::fs::remove_file(&shot);
    let run = chromium_run(
        &chromium,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1400",
            "--hide-scrollbars",
            &format!("{base}/#{}", targets[0]),
        ],
    );
    run.assert_no_console_messages("/ (strip screenshot)");
    assert!(std::fs::read(&shot)
        .expect("a screenshot")
        .starts_with(b"\x89PNG"));
    eprintln!("screenshot: {}", shot.display());
}

/// `MARSAD_CHROMIUM`, else `chromium` or `chromium-browser` on the `PATH`.
fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MARSAD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

struct ChromiumRun {
    stdout: String,
    stderr: String,
}

impl ChromiumRun {
    /// Chromium logs every console message as `...:CONSOLE:...` with `--enable-logging=stderr`;
    /// the pages use no script, so any such line is a failure (a CSP violation, a 404 asset).
    fn assert_no_console_messages(&self, page: &str) {
        let console: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
            .collect();
        assert!(
            console.is_empty(),
            "{page}: console messages:\n{}",
            console.join("\n")
        );
    }
}

/// Runs headless Chromium with a fresh profile and no background networking.
fn chromium_run(chromium: &Path, args: &[&str]) -> ChromiumRun {
    let profile = TempDir::new("chromium");
    let out_path = profile.path().join("stdout");
    let err_path = profile.path().join("stderr");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(CHROMIUM_TIMEOUT) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {args:?} took over {CHROMIUM_TIMEOUT} s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let run = ChromiumRun {
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    };
    assert!(
        status.success(),
        "chromium {args:?} failed ({status}):\n{}",
        run.stderr
    );
    run
}

/// The text content of the first element whose start tag contains `attr` (no nested tags).
fn element_text(dom: &str, attr: &str) -> Option<String> {
    let at = dom.find(attr)?;
    let rest = &dom[at..];
    let open_end = rest.find('>')?;
    let content = &rest[open_end + 1..];
    Some(content[..content.find('<')?].trim().to_string())
}

/// True when some `dir="rtl" lang="ar"` element holds Arabic letters.
fn has_arabic_rtl_evidence(dom: &str) -> bool {
    dom.match_indices("dir=\"rtl\" lang=\"ar\"").any(|(i, _)| {
        let rest = &dom[i..];
        let end = rest.find("</p>").unwrap_or(rest.len());
        rest[..end]
            .chars()
            .filter(|c| ('\u{0621}'..='\u{064A}').contains(c))
            .count()
            > 10
    })
}
