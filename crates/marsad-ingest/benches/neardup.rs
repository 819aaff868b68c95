//! Speed of near-duplicate detection: fingerprinting article texts (documents/s and bytes/s), and
//! filing fingerprints into an index that already holds many cluster heads (lookups/s).
//! Ingest's target is ≥ 2,000 articles/s for the whole pipeline, so both must be far faster.
//!
//! `cargo bench -p marsad-ingest --bench neardup`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use marsad_ingest::neardup::{fingerprint, NearDupIndex, DEFAULT_THRESHOLD};

/// The neardup fixtures, English and Arabic, 120–260 words each.
fn texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/neardup");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the neardup fixtures are in the repository")
        .map(|e| e.expect("readable fixture folder").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable fixture"))
        .collect()
}

/// Deterministic pseudo-random fingerprints (SplitMix64), standing in for unrelated articles.
fn random_fingerprints(n: usize, seed: u64) -> Vec<u64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = texts();
    let bytes: usize = docs.iter().map(String::len).sum();

    let mut g = c.benchmark_group("fingerprint");
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("documents", |b| {
        b.iter(|| docs.iter().map(|d| fingerprint(d)).fold(0, |a, f| a ^ f))
    });
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("bytes", |b| {
        b.iter(|| docs.iter().map(|d| fingerprint(d)).fold(0, |a, f| a ^ f))
    });
    g.finish();

    // An index of 200,000 heads at the default threshold, then 1,000 new fingerprints filed into it.
    let heads = 200_000;
    let mut index = NearDupIndex::with_threshold(DEFAULT_THRESHOLD);
    for (i, fp) in random_fingerprints(heads, 1).into_iter().enumerate() {
        index.add_head(&i.to_string(), fp);
    }
    let probes = random_fingerprints(1_000, 2);
    let ids: Vec<String> = (0..probes.len()).map(|i| format!("new-{i}")).collect();
    let mut g = c.benchmark_group("index");
    g.throughput(Throughput::Elements(probes.len() as u64));
    g.bench_function("find among 200k heads", |b| {
        b.iter(|| {
            probes
                .iter()
                .filter(|&&fp| index.find(fp).is_some())
                .count()
        })
    });
    g.bench_function("insert into 20k heads", |b| {
        b.iter_batched_ref(
            || {
                let mut small = NearDupIndex::with_threshold(DEFAULT_THRESHOLD);
                for (i, fp) in random_fingerprints(20_000, 3).into_iter().enumerate() {
                    small.add_head(&i.to_string(), fp);
                }
                small
            },
            |idx| {
                for (id, &fp) in ids.iter().zip(&probes) {
                    idx.insert(id, fp);
                }
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
