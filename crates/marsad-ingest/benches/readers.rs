//! Speed of the page and feed readers on the test fixtures (an Arabic page of 2.7 KB, an English
//! one of 1.7 KB, a four-item RSS feed), in pages/s and feeds/s.
//! Real news pages are 50–300 KB, mostly markup around the article, and read proportionally slower.
//!
//! `cargo bench -p marsad-ingest --bench readers`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_ingest::feed::read_feed;
use marsad_ingest::html::read_html;

fn fixture(rel: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("the reader fixtures are in the repository")
}

fn bench(c: &mut Criterion) {
    let pages: Vec<String> = ["html/ar-muscat-talks.html", "html/en-sanctions.html"]
        .iter()
        .map(|p| String::from_utf8(fixture(p)).expect("utf-8 fixture"))
        .collect();
    let feed = fixture("feeds/news.rss");

    let mut g = c.benchmark_group("readers");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function("html pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| read_html(p, None).map_or(0, |page| page.text.len()))
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("rss feed of 4 items", |b| {
        b.iter(|| read_feed(&feed, None).map_or(0, |f| f.items.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
