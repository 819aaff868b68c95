//! Fuzzes the date finder: no input may panic, and every date's span must slice back to its text.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use marsad_text::Document;

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose a publication date (or none); the rest is the text.
    let (publication, rest) = match data {
        [0, 0, rest @ ..] => (None, rest),
        [a, b, rest @ ..] => {
            let days = i64::from(u16::from_le_bytes([*a, *b]));
            let base = NaiveDate::from_ymd_opt(1900, 1, 1);
            (
                base.and_then(|d| d.checked_add_days(chrono::Days::new(days as u64 * 3))),
                rest,
            )
        }
        _ => (None, data),
    };
    let text = String::from_utf8_lossy(rest);
    let doc = Document::new(text.as_ref());
    for date in marsad_text::dates::find_dates(&text, publication) {
        assert_eq!(doc.slice(date.span), date.text);
        assert_eq!(date.start.is_some(), date.end.is_some());
    }
});
