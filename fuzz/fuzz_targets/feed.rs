//! Fuzzes the RSS/Atom reader: no feed may panic, with or without the feed's own URL, and a
//! refused feed says why.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_ingest::feed::read_feed;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses whether the feed has a URL of its own, as a fetched feed does.
    let (url, rest) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Some("https://example.org/feed.rss"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    match read_feed(rest, url) {
        Ok(_) => {}
        Err(e) => assert!(e.to_string().contains("not a valid feed"), "{e}"),
    }
});
