//! How long a watch takes over a year of events: `cargo bench -p marsad-watch`.
//!
//! The corpus is synthetic (a fixed pseudo-random stream of 100 000 events over 365 days among the
//! flagship watch's parties, mediators and bystanders), so the figure does not depend on a database.

use std::path::Path;

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use marsad_coder::ActorRef;
use marsad_watch::{chart, evaluate, render, Period, StoredEvent, Watch};

const TYPES: &[(&str, u8, f32)] = &[
    ("CONSULT", 1, 1.0),
    ("AGREE", 1, 4.0),
    ("REQUEST", 3, -2.0),
    ("REJECT", 3, -4.0),
    ("THREATEN", 3, -4.4),
    ("MOBILIZE", 4, -7.2),
    ("SANCTION", 4, -8.0),
    ("ASSAULT", 4, -10.0),
    ("RETREAT", 2, 7.0),
    ("SUPPORT", 1, 3.4),
];
const CODES: &[&str] = &[
    "IRN", "USA", "OMN", "QAT", "EGY", "TUR", "ISR", "SAU", "IRQ", "GBR",
];
const CONTEXTS: &[&str] = &["diplomatic", "cbrn", "military", "economic"];

fn corpus(n: usize) -> Vec<StoredEvent> {
    let start = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    let actor = |code: &str| ActorRef {
        text: code.to_owned(),
        start: 0,
        end: 0,
        code: Some(code.to_owned()),
        sector: Some("GOV".to_owned()),
        name: None,
        wikidata: None,
        inferred: None,
    };
    (0..n)
        .map(|i| {
            let (event, quad, goldstein) = TYPES[next(TYPES.len())];
            let a = CODES[next(4).min(next(CODES.len()))];
            let r = CODES[next(CODES.len())];
            let date = start.checked_add_days(Days::new(next(365) as u64)).unwrap();
            StoredEvent {
                id: format!("ev-{i:016x}"),
                event: event.to_owned(),
                mode: None,
                context: vec![CONTEXTS[next(CONTEXTS.len())].to_owned()],
                cameo: None,
                quad_code: Some(quad),
                event_scale: Some(goldstein),
                goldstein: Some(goldstein),
                date: Some(date),
                date_end: None,
                negated: next(50) == 0,
                aux: Vec::new(),
                actor: vec![actor(a)],
                recipient: if next(3) == 0 {
                    Vec::new()
                } else {
                    vec![actor(r)]
                },
                actor_codes: vec![a.to_owned()],
                recipient_codes: vec![r.to_owned()],
                location: None,
                trigger: String::new(),
                text: format!("Sentence {i}."),
                language: "en".to_owned(),
                mentions: 1 + next(4) as u32,
                articles: 1,
                sources: 1,
                tables: None,
                confidence: None,
                reported_at: None,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../watches/iran-us-talks.toml");
    let watch = Watch::load(&path).unwrap();
    let events = corpus(100_000);
    let period = Period {
        from: NaiveDate::from_ymd_opt(2025, 3, 1),
        to: NaiveDate::from_ymd_opt(2026, 2, 28),
    };
    c.bench_function("evaluate 100k events, 365 daily buckets", |b| {
        b.iter(|| evaluate(&watch, &events, period).unwrap())
    });
    let a = evaluate(&watch, &events, period).unwrap();
    let charts = chart::charts(&a);
    c.bench_function("svg, 7 charts of 365 points", |b| {
        b.iter(|| charts.iter().map(|c| c.svg().len()).sum::<usize>())
    });
    c.bench_function("png, 1 chart of 365 points", |b| {
        b.iter(|| charts[0].png().unwrap())
    });
    c.bench_function("text report", |b| b.iter(|| render::text(&a)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
