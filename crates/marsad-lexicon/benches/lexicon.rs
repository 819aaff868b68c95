//! Speed of the shipped lexicon: load + validate + compile, and matching throughput over
//! tokenised Arabic and English news-like text (targets: ≤ 100 ms, ≥ 100 MB/s, release).
//!
//! `cargo bench -p marsad-lexicon --bench lexicon`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_lexicon::Lexicon;

/// Sentences written for this benchmark in the register of the news the coder reads.
const SENTENCES: &[&str] = &[
    "وأعلنت وزارة الخارجية الأمريكية فرض عقوبات جديدة على شركات إيرانية، فيما رفضت طهران المطالب.",
    "والتقى وزير الخارجية العماني بنظيره الإيراني في مسقط لبحث استئناف المحادثات النووية.",
    "وقالت الوكالة الدولية للطاقة الذرية إن مستوى تخصيب اليورانيوم ارتفع خلال الأشهر الماضية.",
    "وأسقطت القوات الأمريكية طائرة مسيرة قرب حاملة الطائرات في بحر العرب، بحسب مسؤولين.",
    "سيلتقي المفاوضون الإيرانيون والأميركيون مرة أخرى الأسبوع المقبل في العاصمة القطرية.",
    "The U.S. Treasury imposed sanctions on Iranian shipping firms after the talks in Muscat.",
    "Iran's foreign minister rejected the demands and said the negotiations would continue.",
    "Protesters gathered in Tehran as Israeli officials warned of strikes on nuclear sites.",
    "Qatar and Egypt offered to mediate between Washington and Tehran, diplomats said.",
];

fn corpus(bytes: usize) -> String {
    let mut text = String::new();
    while text.len() < bytes {
        for s in SENTENCES {
            text.push_str(s);
            text.push(' ');
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    c.bench_function("load+compile embedded lexicon", |b| {
        b.iter(|| {
            let lx = Lexicon::check_embedded();
            lx.matcher()
        })
    });

    let lx = Lexicon::check_embedded();
    let m = lx.matcher();
    let text = corpus(1 << 20);
    let tokens = marsad_text::token::tokenize(&text);
    let mut g = c.benchmark_group("match");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("find over 1 MiB of tokenised text", |b| {
        b.iter(|| m.find(&tokens).len())
    });
    g.bench_function("find_in over 1 MiB of tokenised text", |b| {
        b.iter(|| m.find_in(&text, &tokens).len())
    });
    // The coder calls `find` once per sentence, so the per-call memo of clitic readings only
    // sees repeats inside one sentence: this is the realistic figure.
    g.bench_function("find per 25-token chunk over 1 MiB", |b| {
        b.iter(|| tokens.chunks(25).map(|c| m.find(c).len()).sum::<usize>())
    });
    g.bench_function("find_cached per 25-token chunk over 1 MiB", |b| {
        let mut cache = marsad_lexicon::MatchCache::default();
        b.iter(|| {
            tokens
                .chunks(25)
                .map(|c| m.find_cached(&mut cache, None, c).len())
                .sum::<usize>()
        })
    });
    g.bench_function("tokenize + find over 1 MiB", |b| {
        b.iter(|| m.find(&marsad_text::token::tokenize(&text)).len())
    });
    g.finish();

    // The sample article of the shared data, when present (it is not part of the repository).
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/samples/muscat-talks-2026-02.ar.txt");
    match std::fs::read_to_string(&sample) {
        Ok(article) => {
            let tokens = marsad_text::token::tokenize(&article);
            let mut g = c.benchmark_group("sample article");
            g.throughput(Throughput::Bytes(article.len() as u64));
            g.bench_function("find per 25-token chunk", |b| {
                b.iter(|| tokens.chunks(25).map(|c| m.find(c).len()).sum::<usize>())
            });
            g.bench_function("find_cached per 25-token chunk", |b| {
                let mut cache = marsad_lexicon::MatchCache::default();
                b.iter(|| {
                    tokens
                        .chunks(25)
                        .map(|c| m.find_cached(&mut cache, None, c).len())
                        .sum::<usize>()
                })
            });
            g.finish();
        }
        Err(_) => eprintln!(
            "skipping the sample-article bench: {} not found",
            sample.display()
        ),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
