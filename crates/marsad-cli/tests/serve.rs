//! `marsad serve` over HTTP: every API response checked against the OpenAPI document, the
//! dashboard pages, the security headers and limits, hostile article text, and the token-gated
//! ingest endpoint. Each test builds its database with `marsad ingest` and starts the real binary.

mod serve_support;

use std::collections::BTreeSet;

use serde_json::Value;
use serve_support::{example_db, ingest, request, watch_file, Server, TempDir};

/// Every documented endpoint is called with real arguments and its response validated against
/// the document; the documented paths must be exactly the ones this test knows how to call.
#[test]
fn api_responses_match_the_openapi_document() {
    let (_dir, db) = example_db();
    let watch = watch_file();
    let server = Server::start(&db, &["--watch", watch.to_str().unwrap()]);
    let doc = server.json("/api/openapi.json");
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..2]), Some("3."));

    let page = server.json("/api/events?dyad=IRN-USA&limit=5");
    let first_id = page["events"][0]["id"]
        .as_str()
        .expect("an IRN-USA event")
        .to_string();
    let watches = server.json("/api/watches");
    let watch_name = watches["watches"][0]["name"]
        .as_str()
        .expect("a watch")
        .to_string();

    // (documented path, method, concrete request, expected status)
    let calls: Vec<(&str, &str, String, u16)> = vec![
        ("/api/events", "get", "/api/events".into(), 200),
        (
            "/api/events",
            "get",
            "/api/events?actor=IRN&event=CONSULT,AGREE&all=true&limit=3&offset=1".into(),
            200,
        ),
        ("/api/events", "get", "/api/events?limit=501".into(), 400),
        ("/api/events", "get", "/api/events?colour=red".into(), 400),
        (
            "/api/events/{id}",
            "get",
            format!("/api/events/{first_id}"),
            200,
        ),
        (
            "/api/events/{id}",
            "get",
            format!("/api/events/{first_id}?limit=1&offset=1"),
            200,
        ),
        (
            "/api/events/{id}",
            "get",
            format!("/api/events/{first_id}?limit=501"),
            400,
        ),
        (
            "/api/events/{id}",
            "get",
            "/api/events/ev-0000000000000000".into(),
            404,
        ),
        ("/api/watches", "get", "/api/watches".into(), 200),
        (
            "/api/watches/{name}",
            "get",
            format!("/api/watches/{watch_name}"),
            200,
        ),
        (
            "/api/watches/{name}",
            "get",
            "/api/watches/no-such-watch".into(),
            404,
        ),
        (
            "/api/events/{id}/around",
            "get",
            format!("/api/events/{first_id}/around?hours=48"),
            200,
        ),
        (
            "/api/events/{id}/around",
            "get",
            format!("/api/events/{first_id}/around?hours=0"),
            400,
        ),
        (
            "/api/events/{id}/around",
            "get",
            "/api/events/ev-0000000000000000/around".into(),
            404,
        ),
        (
            "/api/watches/{name}/compare",
            "get",
            format!("/api/watches/{watch_name}/compare"),
            200,
        ),
        (
            "/api/watches/{name}/compare",
            "get",
            format!("/api/watches/{watch_name}/compare?a_from=2026-02-10&a_to=2026-02-01"),
            400,
        ),
        (
            "/api/watches/{name}/compare",
            "get",
            "/api/watches/no-such-watch/compare".into(),
            404,
        ),
        ("/api/actors", "get", "/api/actors?q=ir".into(), 200),
        ("/api/actors", "get", "/api/actors".into(), 200),
        ("/api/stats", "get", "/api/stats".into(), 200),
        ("/api/openapi.json", "get", "/api/openapi.json".into(), 200),
        ("/api/ingest", "post", "/api/ingest".into(), 404),
        // Under `marsad serve` no monitor runs: `running` is false (issue 14, item 5).
        ("/api/monitor", "get", "/api/monitor".into(), 200),
    ];
    let mut errors = Vec::new();
    for (template, method, url, status) in &calls {
        let r = request(server.addr, &method.to_ascii_uppercase(), url, &[], b"{}");
        assert_eq!(r.status, *status, "{method} {url}: {}", r.text());
        assert!(
            r.header("content-type")
                .unwrap_or("")
                .starts_with("application/json"),
            "{url}: content-type {:?}",
            r.header("content-type")
        );
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        let schema = &doc["paths"][template][method]["responses"][status.to_string()]["content"]
            ["application/json"]["schema"];
        assert!(
            !schema.is_null(),
            "{method} {template} documents no {status} response"
        );
        validate(&doc, schema, &body, url, &mut errors);
    }
    assert!(
        errors.is_empty(),
        "responses differ from the document:\n{}",
        errors.join("\n")
    );

    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (p.clone(), m.clone()))
        })
        .collect();
    let called: BTreeSet<(String, String)> = calls
        .iter()
        .map(|(p, m, _, _)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(
        documented, called,
        "documented operations and tested operations differ"
    );

    // Nothing undocumented answers under /api.
    for path in ["/api/event", "/api/admin", "/api/events/x/mentions"] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
}

/// The pages render, carry the security headers, and show what the data holds.
#[test]
fn dashboard_pages_render_with_security_headers() {
    let (_dir, db) = example_db();
    let watch = watch_file();
    let server = Server::start(&db, &["--watch", watch.to_str().unwrap()]);
    let page = server.json("/api/events?dyad=IRN-USA&limit=1");
    let id = page["events"][0]["id"].as_str().unwrap().to_string();
    for path in [
        "/",
        "/timeline",
        "/timeline?dyad=IRN-USA",
        "/events",
        "/events?dyad=IRN-USA&limit=5",
        &format!("/events/{id}"),
        "/status",
    ] {
        let r = server.get_ok(path);
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'self'"), "{path}: CSP {csp:?}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        let html = r.text();
        assert!(html.starts_with("<!doctype html>"), "{path}");
        // No inline script or style anywhere: the CSP would block it.
        assert!(!html.contains("<script"), "{path} has a script");
        assert!(!html.contains("style="), "{path} has an inline style");
    }
    let events = server.get_ok("/events?dyad=IRN-USA").text();
    assert!(
        events.contains("dir=\"rtl\" lang=\"ar\""),
        "an Arabic evidence sentence, right to left"
    );
    assert!(events.contains("<mark class=\"actor\">"));
    assert!(events.contains("<mark class=\"trigger\">"));
    let event = server.get_ok(&format!("/events/{id}")).text();
    assert!(event.contains("class=\"mentions\""));
    let status = server.get_ok("/status").text();
    assert!(status.contains("Articles"));
    // Assets are served from the binary.
    let css = server.get_ok("/assets/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(server.get("/no-such-page").status, 404);
    assert_eq!(server.get("/events/ev-0000000000000000").status, 404);
    assert_eq!(server.get("/events?limit=100000").status, 400);
}

/// Limits: page size, offset, query length and body size are refused beyond their bounds.
#[test]
fn requests_beyond_the_limits_are_refused() {
    let (_dir, db) = example_db();
    let server = Server::start(&db, &[]);
    for (path, fragment) in [
        ("/api/events?limit=501", "limit: expected 1 to 500"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?offset=100001", "offset: at most"),
        ("/api/events?from=2026-02-30", "from: expected YYYY-MM-DD"),
        ("/api/events?dyad=IRN", "dyad"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 400, "{path}");
        assert!(r.text().contains(fragment), "{path}: {}", r.text());
    }
    let long = format!("/api/events?actor={}", "A".repeat(3000));
    assert_eq!(server.get(&long).status, 400);
    let big = vec![b'x'; 200 * 1024];
    let r = request(
        server.addr,
        "POST",
        "/api/ingest",
        &[("Content-Type", "application/json")],
        &big,
    );
    assert!(r.status == 404 || r.status == 413, "{}", r.status);
    // The page size is honoured exactly, and `next` pages through everything once.
    let total = server.json("/api/events?limit=1")["total"]
        .as_u64()
        .unwrap();
    let mut seen = BTreeSet::new();
    let mut next = Some("limit=7&offset=0".to_string());
    while let Some(q) = next {
        let page = server.json(&format!("/api/events?{q}"));
        let events = page["events"].as_array().unwrap();
        assert!(events.len() <= 7);
        for e in events {
            assert!(
                seen.insert(e["id"].as_str().unwrap().to_string()),
                "an event on two pages"
            );
        }
        next = page["next"].as_str().map(str::to_string);
    }
    assert_eq!(seen.len() as u64, total);
}

/// A hostile article (script tags and attribute-breaking quotes in every field) is shown as text.
#[test]
fn hostile_article_text_is_escaped() {
    let dir = TempDir::new("hostile");
    let input = dir.path().join("hostile.jsonl");
    let evil = r#"<script>alert(1)</script>"'><img src=x onerror=alert(2)>"#;
    let line = serde_json::json!({
        "id": format!("hostile-{evil}"),
        "date": "2026-02-06",
        "lang": "en",
        "title": format!("Title {evil}"),
        "source": format!("Source {evil}"),
        "url": "javascript:alert(3)",
        "text": format!("Iran rejected the American demands on Friday. {evil} Iran and the United States held talks in Muscat {evil} on Friday."),
    });
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let db = dir.path().join("hostile.db");
    ingest(&db, &input);
    let server = Server::start(&db, &[]);
    let page = server.json("/api/events?all=true");
    let ids: Vec<String> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!ids.is_empty(), "the hostile article yields events: {page}");
    let mut paths = vec![
        "/events?all=true".to_string(),
        "/status".into(),
        "/timeline".into(),
    ];
    paths.extend(ids.iter().map(|id| format!("/events/{id}")));
    let mut shown_escaped = false;
    for path in &paths {
        let html = server.get_ok(path).text();
        for raw in ["<script", "<img", "onerror=alert(2)>", "javascript:"] {
            assert!(!html.contains(raw), "{path} contains {raw:?} unescaped");
        }
        shown_escaped |=
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img");
    }
    assert!(
        shown_escaped,
        "the hostile text is shown, escaped, somewhere"
    );
    // The JSON API returns the text as data, unchanged.
    let detail = server.json(&format!("/api/events/{}", ids[0]));
    assert!(detail["mentions"][0]["title"]
        .as_str()
        .unwrap()
        .contains(evil));
}

/// `POST /api/ingest` is off without a token file, and needs the right bearer token with one.
#[test]
fn ingest_endpoint_needs_the_configured_token() {
    let (dir, db) = example_db();
    let off = Server::start(&db, &[]);
    let r = request(off.addr, "POST", "/api/ingest", &[], br#"{"paths": []}"#);
    assert_eq!(r.status, 404, "{}", r.text());
    drop(off);

    let token = "0123456789abcdef-test-token";
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{token}\n")).unwrap();
    let server = Server::start(&db, &["--token-file", token_file.to_str().unwrap()]);
    let extra = dir.path().join("extra.jsonl");
    let line = serde_json::json!({
        "id": "extra-1", "date": "2026-02-20", "lang": "en", "source": "Test Wire",
        "text": "Oman hosted talks between Iran and the United States on Friday."
    });
    std::fs::write(&extra, format!("{line}\n")).unwrap();
    let body = serde_json::json!({ "paths": [extra] }).to_string();
    let before = server.json("/api/stats")["articles"].as_u64().unwrap();
    let r = request(server.addr, "POST", "/api/ingest", &[], body.as_bytes());
    assert_eq!(r.status, 401, "{}", r.text());
    let r = request(
        server.addr,
        "POST",
        "/api/ingest",
        &[("Authorization", "Bearer wrong-token-wrong-token")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let auth = format!("Bearer {token}");
    let r = request(
        server.addr,
        "POST",
        "/api/ingest",
        &[("Authorization", &auth)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let summary: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(summary["stored"], 1, "{summary}");
    assert_eq!(
        server.json("/api/stats")["articles"].as_u64().unwrap(),
        before + 1
    );
    // A body over the limit is refused as too large, once the token is right.
    let big = vec![b' '; 200 * 1024];
    let r = request(
        server.addr,
        "POST",
        "/api/ingest",
        &[("Authorization", &auth)],
        &big,
    );
    assert_eq!(r.status, 413, "{}", r.text());
    // A missing file is reported with its path, and nothing else changes.
    let body = serde_json::json!({ "paths": [dir.path().join("missing.jsonl")] }).to_string();
    let r = request(
        server.addr,
        "POST",
        "/api/ingest",
        &[("Authorization", &auth)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("missing.jsonl"), "{}", r.text());
}

/// Checks `value` against an OpenAPI 3.1 schema: `$ref`, `anyOf`, `type` (one or a list),
/// `enum`, `format: date`, `items`, `properties` with `required`; an object with documented
/// `properties` may hold no other property unless `additionalProperties` is `true`.
fn validate(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(doc, |v, k| &v[k]))
            .unwrap_or(&Value::Null);
        assert!(!target.is_null(), "unresolved $ref {r}");
        return validate(doc, target, value, at, errors);
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        let ok = branches.iter().any(|b| {
            let mut e = Vec::new();
            validate(doc, b, value, at, &mut e);
            e.is_empty()
        });
        if !ok {
            errors.push(format!("{at}: {value} matches no anyOf branch"));
        }
        return;
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits = types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
        if !fits {
            errors.push(format!("{at}: expected {types:?}, got {actual} ({value})"));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            errors.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        if let Some(s) = value.as_str() {
            if chrono_like_date(s).is_none() {
                errors.push(format!("{at}: {s:?} is not a YYYY-MM-DD date"));
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            validate(doc, items, v, &format!("{at}[{i}]"), errors);
        }
    }
    if let (Some(props), Some(object)) = (
        schema.get("properties").and_then(Value::as_object),
        value.as_object(),
    ) {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap();
            if !object.contains_key(name) {
                errors.push(format!("{at}: missing required property {name:?}"));
            }
        }
        for (name, v) in object {
            match props.get(name) {
                Some(s) => validate(doc, s, v, &format!("{at}.{name}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(true)) => {}
                None => errors.push(format!("{at}: undocumented property {name:?}")),
            }
        }
    }
}

/// `Some(())` when `s` is `YYYY-MM-DD` with a plausible month and day.
fn chrono_like_date(s: &str) -> Option<()> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && y.len() == 4
        && m.len() == 2
        && d.len() == 2
        && y.parse::<u32>().is_ok()
        && (1..=12).contains(&m.parse::<u32>().ok()?)
        && (1..=31).contains(&d.parse::<u32>().ok()?);
    ok.then_some(())
}

/// Issue 13, item 2: hundreds of half-sent requests do not keep a normal request from being
/// answered at once, and a half-sent request is closed after the header timeout.
/// <https://github.com/marsad/marsad/issues/13>
#[test]
fn issue_13_half_sent_requests_do_not_stall_the_server() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};
    let (_dir, db) = example_db();
    let server = Server::start(&db, &["--header-timeout", "3"]);
    let mut half_sent = Vec::new();
    for _ in 0..300 {
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .unwrap();
        half_sent.push(s);
    }
    let t = Instant::now();
    let stats = server.json("/api/stats");
    assert!(stats["events"].as_u64().unwrap() > 0);
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "a normal request took {:?} beside 300 half-sent ones",
        t.elapsed()
    );
    // Each half-sent request is closed once its header timeout has passed, unanswered.
    let t = Instant::now();
    for s in half_sent.iter_mut().take(5) {
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut got = Vec::new();
        let closed = s.read_to_end(&mut got);
        assert!(
            closed.is_ok() || t.elapsed() < Duration::from_secs(20),
            "a half-sent request still open after {:?}",
            t.elapsed()
        );
        assert!(!String::from_utf8_lossy(&got).contains("200 OK"));
    }
    assert!(
        t.elapsed() < Duration::from_secs(15),
        "closed after {:?}",
        t.elapsed()
    );
    // The server still answers.
    server.get_ok("/api/stats");
}

/// Issue 13, item 2: the connection limit holds: past it a request waits for a free slot (here
/// freed by the header timeout of the connections that hold them) and is then answered.
#[test]
fn issue_13_connections_past_the_limit_wait_for_a_slot() {
    use std::io::Write;
    use std::net::TcpStream;
    use std::time::{Duration, Instant};
    let (_dir, db) = example_db();
    let server = Server::start(&db, &["--max-connections", "4", "--header-timeout", "2"]);
    let mut holders = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        holders.push(s);
    }
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    server.get_ok("/api/stats");
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_millis(1200) && waited < Duration::from_secs(15),
        "the fifth connection waited {waited:?} (the slots free after 2 s)"
    );
}

/// A database with one event of `n` mentions (one article each, sentences of about 1.2 KB, the
/// shape of the largest event of a real archive), written through the store's own path.
fn big_event_db(dir: &std::path::Path, n: usize) -> (std::path::PathBuf, String) {
    use marsad_coder::record::{ActorRef, EventRecord, SentenceRef, TextSpan};
    use marsad_store::{content_hash, Article, Store};
    let db = dir.join("big-event.db");
    let mut store = Store::open(&db).unwrap();
    let mut batch = store.batch().unwrap();
    let actor = |text: &str, start: usize, code: &str| ActorRef {
        text: text.into(),
        start,
        end: start + text.chars().count(),
        code: Some(code.into()),
        sector: Some("GOV".into()),
        name: None,
        wikidata: None,
        inferred: None,
    };
    for i in 0..n {
        let mut text = format!("Iran met the United States in Muscat on Friday, report {i}, ");
        while text.len() < 1200 {
            text.push_str("as officials of both delegations described the indirect talks, ");
        }
        text.push_str("the agency said.");
        let doc = format!("big-{i}");
        let record = EventRecord {
            id: format!("{doc}:0:0"),
            doc_id: doc.clone(),
            language: "en".into(),
            sentence: SentenceRef {
                index: 0,
                start: 0,
                end: text.chars().count(),
            },
            text: text.clone(),
            date: Some("2026-02-06".into()),
            date_source: "text".into(),
            date_end: None,
            event: "CONSULT".into(),
            mode: None,
            context: vec![],
            cameo: Some("040".into()),
            quad_code: Some(1),
            event_scale: Some(1.0),
            goldstein: Some(1.0),
            negated: false,
            aux: vec![],
            actor: vec![actor("Iran", 0, "IRN")],
            recipient: vec![actor("the United States", 9, "USA")],
            event_text: vec![TextSpan {
                text: "met".into(),
                start: 5,
                end: 8,
            }],
            location: None,
            tables: None,
            confidence: None,
        };
        let article = Article {
            id: doc.clone(),
            url: Some(format!("https://example.org/big/{i}")),
            title: Some(format!("Report {i}")),
            source: Some(format!("Wire {}", i % 7)),
            language: "en".into(),
            published: "2026-02-06".parse().ok(),
            published_at: None,
            fetched: "2026-02-07T00:00:00Z".into(),
            content_hash: content_hash(&text),
            duplicate_of: None,
            copies: 0,
            origin: "test".into(),
        };
        batch.add(&article, &text, &[record], None).unwrap();
    }
    batch.commit().unwrap();
    let id = store
        .events(&marsad_store::EventQuery::default())
        .unwrap()
        .remove(0)
        .id;
    (db, id)
}

/// The server's peak resident memory in kB (`VmHWM`), where `/proc` tells it.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Issue 13, item 2: an event with very many mentions is answered a page at a time, on the API
/// and on its page, so the response and the server's memory follow the page size, not the event
/// (one event of 464,000 mentions was a 570 MB response; six of them took the server to 5.8 GB).
#[test]
fn issue_13_the_largest_event_is_answered_a_page_at_a_time() {
    const MENTIONS: usize = 40_000;
    let dir = TempDir::new("big-event");
    let (db, id) = big_event_db(dir.path(), MENTIONS);
    let server = Server::start(&db, &["--readers", "2"]);
    let base = peak_rss_kb(server.pid());
    let r = server.get_ok(&format!("/api/events/{id}"));
    // 50 mentions of about 1.2 KB, twice (the record's text and the evidence sentence).
    assert!(r.body.len() < 400_000, "{} bytes", r.body.len());
    let detail: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(detail["event"]["mentions"], MENTIONS as u64);
    assert_eq!(detail["mentions"].as_array().unwrap().len(), 50);
    assert_eq!(detail["next"], "limit=50&offset=50");
    // Parallel requests for the largest page, as in the issue's trial.
    let threads: Vec<_> = (0..6)
        .map(|k| {
            let addr = server.addr;
            let id = id.clone();
            std::thread::spawn(move || {
                let r = request(
                    addr,
                    "GET",
                    &format!("/api/events/{id}?limit=500&offset={}", k * 500),
                    &[],
                    b"",
                );
                assert_eq!(r.status, 200);
                let v: Value = serde_json::from_slice(&r.body).unwrap();
                v["mentions"].as_array().unwrap().len()
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 500);
    }
    // The last page, and past it.
    let last = server.json(&format!(
        "/api/events/{id}?limit=500&offset={}",
        MENTIONS - 10
    ));
    assert_eq!(last["mentions"].as_array().unwrap().len(), 10);
    assert!(last["next"].is_null());
    let past = server.json(&format!("/api/events/{id}?offset={}", MENTIONS + 5));
    assert_eq!(past["mentions"].as_array().unwrap().len(), 0);
    // The event page shows one page with links to the next.
    let html = server.get_ok(&format!("/events/{id}")).text();
    assert_eq!(html.matches("<li><p class=\"evidence\"").count(), 50);
    assert!(html.contains(&format!("href=\"/events/{id}?limit=50&amp;offset=50\"")));
    assert!(html.len() < 400_000, "{} bytes", html.len());
    let html = server
        .get_ok(&format!("/events/{id}?limit=10&offset=20"))
        .text();
    assert_eq!(html.matches("<li><p class=\"evidence\"").count(), 10);
    assert!(html.contains("Showing 21 to 30 of 40000"));
    assert_eq!(server.get(&format!("/events/{id}?limit=0")).status, 400);
    // Memory: the event's mentions are 50 MB of text, and each was a 200 MB response before
    // (six at once: over a gigabyte). Now the growth is the pages' (six of 500 mentions at once)
    // plus SQLite's page cache, at most 64 MB for each of the two connections.
    if let (Some(base), Some(peak)) = (base, peak_rss_kb(server.pid())) {
        assert!(
            peak.saturating_sub(base) < 250_000,
            "the server grew from {base} kB to {peak} kB answering pages of one event"
        );
    }
}

/// Restores write permission on the folders a test made read-only, so they can be removed.
struct Writable(Vec<std::path::PathBuf>);

impl Drop for Writable {
    fn drop(&mut self) {
        for p in &self.0 {
            set_mode(p, 0o755);
        }
    }
}

#[cfg(unix)]
fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(path: &std::path::Path, mode: u32) {
    let mut p = std::fs::metadata(path).unwrap().permissions();
    p.set_readonly(mode & 0o222 == 0);
    std::fs::set_permissions(path, p).unwrap();
}

/// The names, sizes and modification times of the files in `dir`.
fn listing(dir: &std::path::Path) -> Vec<(String, u64, std::time::SystemTime)> {
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

/// Issue 13, item 7: a database whose file and folder nobody may write is read by `events`,
/// `report` and `serve`, and none of them creates or changes a file in the folder. Checking the
/// folder makes the test mean something when it runs as root, who may write anyway.
#[test]
fn issue_13_events_report_and_serve_read_a_database_in_a_read_only_folder() {
    use std::process::Command;
    let dir = TempDir::new("read-only");
    let folder = dir.path().join("ro");
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("news.db");
    ingest(&db, &serve_support::repo().join("examples/articles.jsonl"));
    set_mode(&db, 0o444);
    set_mode(&folder, 0o555);
    let _restore = Writable(vec![folder.clone(), db.clone()]);
    let before = listing(&folder);
    assert_eq!(before.len(), 1, "only the database: {before:?}");
    let marsad = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "marsad {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let events = marsad(&["events", "--dyad", "IRN-USA", "--format", "jsonl"]);
    assert!(events.lines().count() > 0, "events: {events}");
    let watch = watch_file();
    let report = marsad(&[
        "report",
        "--watch",
        watch.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(report.contains("\"verdict\""), "report: {report}");
    let server = Server::start(&db, &[]);
    let page = server.json("/api/events?dyad=IRN-USA");
    assert!(page["total"].as_u64().unwrap() > 0);
    let id = page["events"][0]["id"].as_str().unwrap().to_string();
    server.get_ok(&format!("/events/{id}"));
    drop(server);
    assert_eq!(
        listing(&folder),
        before,
        "a reader created or changed a file"
    );
}

/// Issue 13, item 2: `marsad report` refuses a period the API refuses (over ten years), with
/// exit code 2, instead of reading it all.
#[test]
fn issue_13_report_caps_its_period_as_the_api_does() {
    use std::process::Command;
    let (_dir, db) = example_db();
    let watch = watch_file();
    let server = Server::start(&db, &["--watch", watch.to_str().unwrap()]);
    let name = server.json("/api/watches")["watches"][0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let report = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_marsad"))
            .args(["report", "--format", "json", "--watch"])
            .arg(&watch)
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    for (from, to, ok) in [
        ("2016-01-01", Some("2026-01-08"), true),
        ("2016-01-01", Some("2026-01-09"), false),
        ("2000-01-01", None, false),
    ] {
        let mut query = format!("/api/watches/{name}?from={from}");
        let mut args = vec!["--from", from];
        if let Some(to) = to {
            query.push_str(&format!("&to={to}"));
            args.extend(["--to", to]);
        }
        let out = report(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if ok {
            assert_eq!(server.get(&query).status, 200, "{query}");
            assert!(out.status.success(), "{args:?}: {stderr}");
        } else {
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains("at most ten years"), "{stderr}");
            if to.is_some() {
                assert_eq!(server.get(&query).status, 400, "{query}");
            }
        }
    }
}
