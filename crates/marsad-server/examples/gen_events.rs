//! Writes a synthetic event database for the load test: `N` distinct merged events (default one
//! million) through the store's own write path, in one transaction.
//!
//! ```text
//! cargo run --release -p marsad-server --example gen_events -- load.db 1000000
//! cargo run --release -p marsad-server --example gen_events -- hot.db 1000 464000
//! ```
//!
//! With a third argument `HOT`, one more event (IRN→USA CONSULT on 2026-02-06) gets `HOT`
//! mentions, one article each, with sentences of about 1.2 KB: the shape of the largest event of
//! a real archive (issue 13), for measuring the server while it answers `/api/events/{id}` and
//! `/events/{id}` of such an event. The event's id is printed at the end.
//!
//! Each article holds ten one-sentence reports. Event `i` gets a day out of three years
//! (2024–2026), one of the 16 PLOVER types and a directed dyad from a fixed list in which IRN→USA
//! and USA→IRN come first, so that the dyad filters of the load test select about 1/60 of the
//! events each. The texts are English templates; the sentence offsets are real, so every page of
//! the dashboard can show and highlight them.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use marsad_coder::record::{ActorRef, EventRecord, SentenceRef, TextSpan};
use marsad_store::{content_hash, Article, Store};

const TYPES: [(&str, &str, &str, u8, f32); 16] = [
    ("AGREE", "agreed with", "030", 1, 4.0),
    ("CONSULT", "met", "040", 1, 1.0),
    ("SUPPORT", "backed", "050", 1, 3.5),
    ("CONCEDE", "made concessions to", "080", 2, 5.0),
    ("COOPERATE", "cooperated with", "060", 2, 6.0),
    ("AID", "sent aid to", "070", 2, 7.0),
    ("RETREAT", "withdrew from", "087", 2, 5.0),
    ("REQUEST", "urged", "020", 1, 3.0),
    ("ACCUSE", "accused", "112", 3, -2.0),
    ("REJECT", "rejected the demands of", "120", 3, -4.0),
    ("THREATEN", "threatened", "130", 3, -6.0),
    ("PROTEST", "protested against", "140", 3, -6.5),
    ("SANCTION", "imposed sanctions on", "163", 4, -8.0),
    ("MOBILIZE", "mobilised against", "150", 4, -7.2),
    ("COERCE", "seized a ship of", "170", 4, -7.0),
    ("ASSAULT", "attacked", "190", 4, -10.0),
];

const COUNTRIES: [(&str, &str); 12] = [
    ("IRN", "Iran"),
    ("USA", "the United States"),
    ("ISR", "Israel"),
    ("OMN", "Oman"),
    ("QAT", "Qatar"),
    ("EGY", "Egypt"),
    ("TUR", "Turkey"),
    ("SAU", "Saudi Arabia"),
    ("IRQ", "Iraq"),
    ("LBN", "Lebanon"),
    ("RUS", "Russia"),
    ("CHN", "China"),
];

const DAYS: u64 = 1096;
const PER_ARTICLE: usize = 10;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen_events DB [EVENTS] [HOT]");
        std::process::exit(2);
    };
    let n: usize = match args.next().map(|s| s.parse()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("gen_events: EVENTS: {e}");
            std::process::exit(2);
        }
    };
    let hot: usize = match args.next().map(|s| s.parse()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("gen_events: HOT: {e}");
            std::process::exit(2);
        }
    };
    if path.exists() {
        eprintln!("gen_events: {} exists; remove it first", path.display());
        std::process::exit(1);
    }
    // Directed dyads, IRN→USA and USA→IRN first.
    let mut dyads = vec![(0usize, 1usize), (1, 0)];
    for a in 0..COUNTRIES.len() {
        for b in 0..COUNTRIES.len() {
            if a != b && !dyads.contains(&(a, b)) {
                dyads.push((a, b));
            }
        }
    }
    let dyads = &dyads[..60.min(dyads.len())];
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let t0 = Instant::now();
    let mut store = Store::open(&path).unwrap_or_else(|e| fail(e));
    let mut batch = store.batch().unwrap_or_else(|e| fail(e));
    let mut i = 0;
    let mut article_no = 0;
    while i < n {
        let mut text = String::new();
        let mut records = Vec::new();
        let mut chars = 0;
        let doc_id = format!("synthetic-{article_no}");
        for s in 0..PER_ARTICLE.min(n - i) {
            let day = (i as u64) % DAYS;
            let (event, verb, cameo, quad, goldstein) = TYPES[(i / DAYS as usize) % TYPES.len()];
            let (a, b) = dyads[(i / (DAYS as usize * TYPES.len())) % dyads.len()];
            let (a_code, a_name) = COUNTRIES[a];
            let (b_code, b_name) = COUNTRIES[b];
            let date = start.checked_add_days(Days::new(day)).unwrap();
            let sentence = format!("{a_name} {verb} {b_name} on {date}, report {i}. ");
            let len = |s: &str| s.chars().count();
            let sent_start = chars;
            let a_span = (sent_start, sent_start + len(a_name));
            let v_span = (a_span.1 + 1, a_span.1 + 1 + len(verb));
            let b_span = (v_span.1 + 1, v_span.1 + 1 + len(b_name));
            let sentence_text = sentence.trim_end().to_string();
            records.push(EventRecord {
                id: format!("{doc_id}:{s}:0"),
                doc_id: doc_id.clone(),
                language: "en".into(),
                sentence: SentenceRef {
                    index: s,
                    start: sent_start,
                    end: sent_start + len(&sentence_text),
                },
                text: sentence_text,
                date: Some(date.to_string()),
                date_source: "text".into(),
                date_end: None,
                event: event.into(),
                mode: None,
                context: vec![],
                cameo: Some(cameo.into()),
                quad_code: Some(quad),
                event_scale: Some(goldstein),
                goldstein: Some(goldstein),
                negated: false,
                aux: vec![],
                actor: vec![actor(a_name, a_span, a_code)],
                recipient: vec![actor(b_name, b_span, b_code)],
                event_text: vec![TextSpan {
                    text: verb.into(),
                    start: v_span.0,
                    end: v_span.1,
                }],
                location: None,
                tables: None,
                confidence: None,
            });
            chars += len(&sentence);
            text.push_str(&sentence);
            i += 1;
        }
        let article = Article {
            id: doc_id.clone(),
            url: Some(format!("https://example.org/synthetic/{article_no}")),
            title: Some(format!("Synthetic article {article_no}")),
            source: Some(format!("Synthetic Wire {}", article_no % 7)),
            language: "en".into(),
            published: records[0].date.as_deref().and_then(|d| d.parse().ok()),
            fetched: "2026-02-01T00:00:00Z".into(),
            content_hash: content_hash(&text),
            duplicate_of: None,
            copies: 0,
            origin: "gen_events".into(),
            published_at: None,
        };
        batch
            .add(&article, &text, &records, None)
            .unwrap_or_else(|e| fail(e));
        article_no += 1;
        if article_no % 10_000 == 0 {
            eprintln!(
                "gen_events: {i} events, {:.0} s",
                t0.elapsed().as_secs_f64()
            );
        }
    }
    for h in 0..hot {
        let (article, text, records) = hot_mention(h);
        batch
            .add(&article, &text, &records, None)
            .unwrap_or_else(|e| fail(e));
        if (h + 1) % 50_000 == 0 {
            eprintln!(
                "gen_events: {} mentions of the hot event, {:.0} s",
                h + 1,
                t0.elapsed().as_secs_f64()
            );
        }
    }
    batch.commit().unwrap_or_else(|e| fail(e));
    if hot > 0 {
        let (_, _, records) = hot_mention(0);
        let id = marsad_store::MergeKey::of(&records[0], None).event_id();
        eprintln!("gen_events: the hot event is {id} ({hot} mentions)");
    }
    let stats = store.stats().unwrap_or_else(|e| fail(e));
    eprintln!(
        "gen_events: {} events, {} mentions, {} articles in {:.1} s",
        stats.events,
        stats.mentions,
        stats.articles,
        t0.elapsed().as_secs_f64()
    );
}

/// The `h`-th report of the hot event: its own article, one sentence of about 1.2 KB.
fn hot_mention(h: usize) -> (Article, String, Vec<EventRecord>) {
    let doc_id = format!("hot-{h}");
    let lead = "Iran";
    let verb = "met";
    let target = "the United States";
    let mut text = format!("{lead} {verb} {target} in Muscat on Friday, report {h}, ");
    while text.len() < 1200 {
        text.push_str("as officials of both delegations described the indirect talks at length, ");
    }
    text.push_str("the agency said.");
    let len = |s: &str| s.chars().count();
    let a_span = (0, len(lead));
    let v_span = (a_span.1 + 1, a_span.1 + 1 + len(verb));
    let b_span = (v_span.1 + 1, v_span.1 + 1 + len(target));
    let date = "2026-02-06";
    let record = EventRecord {
        id: format!("{doc_id}:0:0"),
        doc_id: doc_id.clone(),
        language: "en".into(),
        sentence: SentenceRef {
            index: 0,
            start: 0,
            end: len(&text),
        },
        text: text.clone(),
        date: Some(date.into()),
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
        actor: vec![actor(lead, a_span, "IRN")],
        recipient: vec![actor(target, b_span, "USA")],
        event_text: vec![TextSpan {
            text: verb.into(),
            start: v_span.0,
            end: v_span.1,
        }],
        location: None,
        tables: None,
        confidence: None,
    };
    let article = Article {
        id: doc_id.clone(),
        url: Some(format!("https://example.org/hot/{h}")),
        title: Some(format!("Hot report {h}")),
        source: Some(format!("Hot Wire {}", h % 7)),
        language: "en".into(),
        published: date.parse().ok(),
        published_at: None,
        fetched: "2026-02-07T00:00:00Z".into(),
        content_hash: content_hash(&text),
        duplicate_of: None,
        copies: 0,
        origin: "gen_events".into(),
    };
    (article, text, vec![record])
}

fn actor(text: &str, (start, end): (usize, usize), code: &str) -> ActorRef {
    ActorRef {
        text: text.into(),
        start,
        end,
        code: Some(code.into()),
        sector: Some("GOV".into()),
        name: None,
        wikidata: None,
        inferred: None,
    }
}

fn fail(e: impl std::fmt::Display) -> ! {
    eprintln!("gen_events: {e}");
    std::process::exit(1);
}
