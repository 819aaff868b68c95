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
