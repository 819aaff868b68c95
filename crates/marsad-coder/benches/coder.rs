//! Speed of the coder on one core: the example articles (`examples/articles.jsonl`), coded with
//! the full embedded lexicon, reported as sentences per second (criterion's elements/s) and bytes
//! per second.
//! Issue 4's target is ≥ 50,000 sentences/s per core for the whole run; the end-to-end figure
//! (read, split, code, write JSON) comes from `scripts/measure-coder-speed.sh`.
//!
//! `cargo bench -p marsad-coder --bench coder`

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_coder::{Coder, DocumentInput, Options};
use marsad_lexicon::Lexicon;
use serde_json::Value;

/// The example corpus as (id, text, date) triples.
fn articles() -> Vec<(String, String, Option<NaiveDate>)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/articles.jsonl");
    let text = std::fs::read_to_string(path).expect("examples/articles.jsonl is in the repository");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("examples are valid JSONL");
            let field = |k: &str| v[k].as_str().map(str::to_string);
            let date = field("date").and_then(|d| d.parse().ok());
            (
                field("id").unwrap_or_default(),
                field("text").unwrap_or_default(),
                date,
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let lexicon = Lexicon::embedded().expect("the embedded lexicon loads");
    let coder = Coder::new(&lexicon);
    let docs = articles();
    let opts = Options {
        all: true,
        ..Options::default()
    };
    let code_all = || {
        docs.iter()
            .map(|(id, text, date)| {
                let doc = DocumentInput {
                    id,
                    text,
                    date: *date,
                    lang: None,
                };
                coder.code_counted(&doc, &opts)
            })
            .collect::<Vec<_>>()
    };
    let sentences: usize = code_all().iter().map(|c| c.sentences).sum();
    let bytes: usize = docs.iter().map(|(_, t, _)| t.len()).sum();

    let mut group = c.benchmark_group("coder");
    group.throughput(Throughput::Elements(sentences as u64));
    group.bench_function("examples, sentences", |b| b.iter(code_all));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("examples, bytes", |b| b.iter(code_all));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
