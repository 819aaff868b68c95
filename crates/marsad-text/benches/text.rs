//! Throughput of the text layer on about 1 MB of Arabic and of English news text written for
//! the bench: sentence split + tokenize + normalise (the work every article goes through), each
//! stage alone, and language id on one short sentence (Marsad's hybrid against `whatlang`).
//!
//! Run with `cargo bench -p marsad-text --bench text`; criterion prints MB/s (throughput is set
//! in bytes of input text).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_text::clitic::segmentations;
use marsad_text::lang::{detect, detect_whatlang};
use marsad_text::normalize::{key, Level, MatchKey};
use marsad_text::sentence::split;
use marsad_text::token::{for_each_token, tokenize, tokenize_into, Token};
use marsad_text::{Document, Span};

const ARABIC: &str = "\
أعلنت سلطنة عُمان، مساء الجمعة، أن الجولة الثانية من المحادثات غير المباشرة بين إيران والولايات المتحدة ستُعقد في مسقط الأسبوع المقبل. \
وقال وزير الخارجية العُماني للصحفيين إن الطرفين أبديا «رغبة جدية» في مواصلة الحوار، مضيفاً أن الوسطاء نقلوا رسائل مكتوبة بين الوفدين. \
في المقابل، أكد وزير الخارجية الإيراني عباس عراقجي أن بلاده لن تتخلى عن حقها في تخصيب اليورانيوم، وأن أي اتفاق يجب أن يبدأ برفع العقوبات.

وفرضت وزارة الخزانة الأمريكية، يوم الخميس ٥ شباط/فبراير ٢٠٢٦، عقوبات جديدة على شبكة من الشركات المتهمة بتهريب النفط الإيراني إلى آسيا. \
وردّت طهران بأن هذه الخطوة «تقوّض الثقة» وتثير الشكوك حول جدية واشنطن، فيما دعت قطر ومصر إلى ضبط النفس والعودة إلى طاولة المفاوضات. \
وذكرت مصادر دبلوماسية أن نسبة التخصيب بلغت ٦٠٫٥٪ في منشأة فوردو، وأن مفتشي الوكالة الدولية للطاقة الذرية طالبوا بالوصول إلى المواقع كافة.

وأسقطت القوات الأمريكية طائرة مسيّرة اقتربت من حاملة الطائرات في بحر العرب، بحسب بيان للبنتاغون لم يذكر تفاصيل إضافية. \
ولم تعلّق طهران على الحادث، لكن المتحدث باسم الخارجية قال إن «التهديدات لن تجدي نفعاً» وإن إيران مستعدة للاتفاق إذا احتُرمت حقوقها.
";

const ENGLISH: &str = "\
Oman said on Friday evening that the second round of indirect talks between Iran and the United States would be held in Muscat next week. \
The Omani foreign minister told reporters that both sides had shown a \"serious desire\" to keep talking, adding that mediators had carried written messages between the delegations. \
Iran's foreign minister, Abbas Araghchi, insisted that his country would not give up its right to enrich uranium, and that any deal must begin with sanctions relief.

The U.S. Treasury on Thursday, Feb. 5, 2026, designated a network of companies accused of smuggling Iranian oil to Asia. \
Tehran said the step \"undermines trust\" and raised doubts about Washington's seriousness, while Qatar and Egypt urged restraint and a return to the table. \
Diplomatic sources said enrichment had reached 60.5% at the Fordow site, and that inspectors of the IAEA had asked for access to all locations.

U.S. forces shot down a drone that approached an aircraft carrier in the Arabian Sea, according to a Pentagon statement that gave no further details. \
Tehran did not comment on the incident, but a foreign ministry spokesman said \"threats will not work\" and that Iran was ready for a deal if its rights were respected.
";

/// Repeats a paragraph block to about 1 MB.
fn corpus(block: &str) -> String {
    let n = (1 << 20) / block.len() + 1;
    block.repeat(n)
}

/// The whole per-article job: index the document, split sentences, tokenize each with document
/// offsets (every token carries its lossy key). Returns the token count.
fn pipeline(text: &str, toks: &mut Vec<Token>) -> usize {
    let doc = Document::new(text);
    let mut n = 0;
    for s in split(doc.text()) {
        toks.clear();
        tokenize_into(doc.text(), s, doc.byte_offset(s.start), toks);
        n += toks.len();
    }
    n
}

/// The same job with borrowed keys ([`for_each_token`]): what a coder that only looks keys up
/// pays. Returns a checksum of key lengths.
fn pipeline_borrowed(text: &str) -> usize {
    let doc = Document::new(text);
    let mut n = 0;
    for s in split(doc.text()) {
        for_each_token(doc.text(), s, doc.byte_offset(s.start), |t| {
            n += t.key.len()
        });
    }
    n
}

fn bench_pipeline(c: &mut Criterion) {
    for (name, block) in [("ar", ARABIC), ("en", ENGLISH)] {
        let text = corpus(block);
        let sentences = split(&text).len();
        let tokens = tokenize(&text).len();
        eprintln!(
            "{name}: {} bytes, {sentences} sentences, {tokens} tokens",
            text.len()
        );
        let mut g = c.benchmark_group(format!("text/{name}"));
        g.sample_size(20);
        g.throughput(Throughput::Bytes(text.len() as u64));
        let mut toks = Vec::new();
        g.bench_function("split+tokenize+normalise", |b| {
            b.iter(|| pipeline(black_box(&text), &mut toks))
        });
        g.bench_function("split+tokenize+normalise (borrowed keys)", |b| {
            b.iter(|| pipeline_borrowed(black_box(&text)))
        });
        g.bench_function("split", |b| b.iter(|| split(black_box(&text)).len()));
        g.bench_function("tokenize", |b| b.iter(|| tokenize(black_box(&text)).len()));
        g.bench_function("tokenize (borrowed keys)", |b| {
            b.iter(|| {
                let mut n = 0;
                let t = black_box(&text);
                for_each_token(t, Span::new(0, usize::MAX), 0, |tok| n += tok.key.len());
                n
            })
        });
        g.bench_function("key (lossy, no offsets)", |b| {
            b.iter(|| key(black_box(&text)).len())
        });
        g.bench_function("MatchKey (lossy, offsets)", |b| {
            b.iter(|| MatchKey::new(black_box(&text), Level::Lossy).key.len())
        });
        let keys: Vec<String> = tokenize(block).into_iter().map(|t| t.key).collect();
        g.throughput(Throughput::Elements(keys.len() as u64));
        g.bench_function("clitic segmentations (per token)", |b| {
            b.iter(|| {
                keys.iter()
                    .map(|k| segmentations(black_box(k)).count())
                    .sum::<usize>()
            })
        });
        g.finish();
    }
}

fn bench_lang(c: &mut Criterion) {
    let mut g = c.benchmark_group("lang");
    for (name, s) in [
        ("ar headline", "ترامب يهدد طهران بعقوبات جديدة"),
        (
            "fa sentence",
            "ایران خواسته‌های آمریکا را برای گسترش دستور کار مذاکرات رد کرد.",
        ),
        (
            "en sentence",
            "Iran rejected US demands to widen the agenda of the talks.",
        ),
    ] {
        g.bench_function(format!("marsad/{name}"), |b| {
            b.iter(|| detect(black_box(s)))
        });
        g.bench_function(format!("whatlang/{name}"), |b| {
            b.iter(|| detect_whatlang(black_box(s)))
        });
    }
    let doc = corpus(ARABIC);
    let cut = (0..=20_000)
        .rev()
        .find(|&i| doc.is_char_boundary(i))
        .unwrap_or(0);
    let doc = &doc[..cut];
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("marsad/ar 20 KB document", |b| {
        b.iter(|| detect(black_box(doc)))
    });
    g.finish();
}

criterion_group!(benches, bench_pipeline, bench_lang);
criterion_main!(benches);
