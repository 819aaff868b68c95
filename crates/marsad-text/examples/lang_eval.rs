//! Compares Marsad's language id ([`marsad_text::lang::detect`]) with `whatlang` alone on the
//! labelled sentences of `lang_cases.tsv`: accuracy per language and time per sentence.
//!
//! Run with `cargo run --release -p marsad-text --example lang_eval`.

use std::time::Instant;

use marsad_text::lang::{detect, detect_whatlang, Lang};

const CASES: &str = include_str!("lang_cases.tsv");

/// A language identifier under evaluation.
type Detector = fn(&str) -> Lang;

fn main() {
    let cases: Vec<(Lang, &str)> = CASES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (lang, text) = l.split_once('\t')?;
            Some((lang.parse().ok()?, text))
        })
        .collect();
    let candidates: [(&str, Detector); 2] = [
        ("marsad hybrid", detect),
        ("whatlang alone", detect_whatlang),
    ];
    for (name, f) in candidates {
        println!("== {name}");
        for lang in [Lang::Ar, Lang::Fa, Lang::En, Lang::Other] {
            let of: Vec<_> = cases.iter().filter(|(l, _)| *l == lang).collect();
            let right = of.iter().filter(|(l, t)| f(t) == *l).count();
            println!("  {:<5} {right}/{}", lang.as_str(), of.len());
        }
        for (l, t) in &cases {
            let got = f(t);
            if got != *l {
                println!("  wrong: expected {l}, got {got}: {t}");
            }
        }
        let rounds = 2000;
        let start = Instant::now();
        let mut sink = 0usize;
        for _ in 0..rounds {
            for (_, t) in &cases {
                sink += f(std::hint::black_box(t)) as usize;
            }
        }
        let per = start.elapsed().as_secs_f64() / (rounds * cases.len()) as f64;
        println!("  {:.2} µs per sentence (checksum {sink})", per * 1e6);
    }
}
