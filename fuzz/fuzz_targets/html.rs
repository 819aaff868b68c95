//! Fuzzes the HTML page reader (Readability and metadata): no page may panic, and an accepted page
//! has text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_ingest::html::{fragment_text, read_html};

fuzz_target!(|data: &[u8]| {
    // The first byte chooses whether the page has a URL of its own, as a fetched page does.
    let (url, rest) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Some("https://example.org/news/1.html"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    let html = String::from_utf8_lossy(rest);
    if let Ok(page) = read_html(&html, url) {
        assert!(!page.text.is_empty());
    }
    // A feed item's content goes through the fragment reader.
    let _ = fragment_text(&html);
});
