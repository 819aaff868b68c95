//! Fuzzes the watch reader: any TOML text is a watch or an error naming a place, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_watch::{Vocabulary, Watch};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = Watch::from_toml(&text, "fuzz.toml", Vocabulary::embedded()) {
        assert!(e.to_string().starts_with("fuzz.toml"), "{e}");
    }
});
