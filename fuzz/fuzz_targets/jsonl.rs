//! Fuzzes the JSONL reader: no line may panic, and an accepted line keeps its text and id exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_ingest::input::{parse_json_line, InputOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = InputOptions::default();
    for (i, line) in text.lines().enumerate() {
        let origin = format!("fuzz.jsonl:{}", i + 1);
        if let Ok(doc) = parse_json_line(line, &origin, &options) {
            // The reader must hand on the article's own text, never a changed copy.
            let value: serde_json::Value =
                serde_json::from_str(line).expect("accepted line is JSON");
            assert_eq!(value["text"].as_str(), Some(doc.text.as_str()));
            assert_eq!(doc.origin, origin);
        }
    }
});
