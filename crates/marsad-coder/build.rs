//! Embeds the event scorer's weights (`lexicon/scorer.tsv`) when the file exists, so a checkout
//! without one (before the first `marsad train`) still builds and codes by the rules alone.

use std::path::Path;

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lexicon/scorer.tsv");
    println!("cargo:rerun-if-changed={}", path.display());
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("model.rs");
    let code = match path.canonicalize() {
        Ok(p) if p.is_file() => format!("Some(include_str!({:?}))", p.display().to_string()),
        _ => "None".to_string(),
    };
    std::fs::write(&out, code).expect("write model.rs");
}
