//! Fuzzes the tokenizer: no input may panic, and every token's span must slice the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_text::Document;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = Document::new(text.as_ref());
    for token in marsad_text::token::tokenize(&text) {
        assert_eq!(
            &text[token.byte_start..token.byte_end],
            doc.slice(token.span)
        );
    }
});
