//! Fuzzes whole-file reading through `Inputs`, the way `marsad code` and `marsad ingest` read a
//! path: JSONL line splitting, byte-order marks, UTF-8 checks, an HTML page's declared charset,
//! format sniffing, and a feed's items with their saved pages. No file may panic, and every error
//! names the file it came from.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use marsad_ingest::input::{InputOptions, Inputs};

/// The extensions the first byte chooses from; the last one leaves the format to sniffing.
const EXTENSIONS: &[&str] = &["jsonl", "html", "rss", "atom", "xml", "txt", "data"];

/// A folder of this process's own, so that a feed's relative links find nothing unexpected.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("marsad-fuzz-input-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a scratch folder");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((choice, rest)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(*choice) % EXTENSIONS.len()];
    let path = dir().join(format!("input.{ext}"));
    // A full disk is the machine's problem, not the reader's: skip the input rather than report
    // it as a crash (issue 13's first run stopped on one).
    if std::fs::write(&path, rest).is_err() {
        return;
    }
    let name = path.display().to_string();
    for item in Inputs::new(vec![path.clone()], InputOptions::default()) {
        match item {
            Ok(doc) => assert!(doc.origin.starts_with(&name), "{}", doc.origin),
            Err(e) => assert!(e.to_string().starts_with(&name), "{e}"),
        }
    }
    let _ = std::fs::remove_file(&path);
});
