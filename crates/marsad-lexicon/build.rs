//! Embeds the shipped `lexicon/` files into the library (see `Lexicon::embedded`).
//!
//! A build script rather than plain `include_str!` so that a file missing from `lexicon/` is
//! embedded as absent (and reported by `marsad lexicon check`) instead of breaking the build.

use std::{env, fs, path::PathBuf};

const FILES: &[&str] = &[
    "countries.tsv",
    "sectors.tsv",
    "cameo.tsv",
    "plover.tsv",
    "actors.tsv",
    "agents.tsv",
    "triggers.ar.tsv",
    "triggers.en.tsv",
    "triggers.fa.tsv",
    "contexts.tsv",
    "places.tsv",
    "modifiers.tsv",
    "collisions.tsv",
];

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../lexicon");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut code =
        String::from("/// The shipped lexicon files, `None` when absent at build time.\n");
    code.push_str("pub(crate) static EMBEDDED: &[(&str, Option<&str>)] = &[\n");
    for name in FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_file() {
            let abs = fs::canonicalize(&path).expect("lexicon file path");
            code.push_str(&format!(
                "    ({name:?}, Some(include_str!({:?}))),\n",
                abs.display().to_string()
            ));
        } else {
            code.push_str(&format!("    ({name:?}, None),\n"));
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(out, code).expect("write embedded.rs");
}
