//! The merge rule: which event records are reports of the same event, and the event's stable id.
//!
//! Two records are the same event when they agree on
//! the PLOVER type, the set of actor country codes, the set of recipient country codes, `negated`,
//! and the date (the record's date, else the article's publication date).
//! A side with no country code at all is keyed on the normalised surface of its actors instead
//! (`~` + the lossy match key), so that two unrelated unknown actors do not merge.
//! The trigger is not part of the key: one event is reported with different verbs in different
//! languages (`أسقطت`, `shot down`), and the PLOVER type already names what happened; the event keeps
//! the trigger of its first mention.
//!
//! Everything but the date forms the *base* of the key; the date completes it.
//! A record with a date range (`date_end` after `date`) merges into the earliest event of the same
//! base whose date falls in the range; a dated record with no event on its exact date merges into
//! an event of the same base whose range covers it.
//! An event keeps the date (and range) of the report that created it: merging a month into a known
//! day does not blur the day.
//! The event id is `ev-` + 16 hex digits of the FNV-1a hash of the full key of the report that
//! created it, so ids are the same on every run over the same input in the same order.

use chrono::NaiveDate;
use marsad_coder::record::{ActorRef, EventRecord};

/// The parts of a record that decide which event it reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeKey {
    /// Type, dyad and negation, as text: `ASSAULT|USA|IRN|0`.
    pub base: String,
    /// The first day of the report's date, if any.
    pub date: Option<NaiveDate>,
    /// The last day when the date is a range, after `date`.
    pub date_end: Option<NaiveDate>,
    /// Sorted, deduplicated country codes of each side (empty when a side is keyed by names).
    pub actor_codes: Vec<String>,
    pub recipient_codes: Vec<String>,
}

impl MergeKey {
    /// The key of `record`; `published` stands in when the record has no date.
    pub fn of(record: &EventRecord, published: Option<NaiveDate>) -> Self {
        let date = record.date.as_deref().and_then(parse_day).or(published);
        let date_end = record
            .date_end
            .as_deref()
            .and_then(parse_day)
            .filter(|e| date.is_some_and(|d| *e > d));
        let (actor_side, actor_codes) = side(&record.actor);
        let (recipient_side, recipient_codes) = side(&record.recipient);
        let base = format!(
            "{}|{}|{}|{}",
            record.event,
            actor_side,
            recipient_side,
            u8::from(record.negated)
        );
        MergeKey {
            base,
            date,
            date_end,
            actor_codes,
            recipient_codes,
        }
    }

    /// The hash of the base, stored so that range lookups find candidate events by index.
    pub fn base_hash(&self) -> String {
        format!("{:016x}", fnv1a64(self.base.as_bytes()))
    }

    /// The id an event created from this key gets.
    pub fn event_id(&self) -> String {
        let date = match (self.date, self.date_end) {
            (Some(d), Some(e)) => format!("{d}..{e}"),
            (Some(d), None) => d.to_string(),
            (None, _) => "-".to_string(),
        };
        let full = format!("{}|{date}", self.base);
        format!("ev-{:016x}", fnv1a64(full.as_bytes()))
    }

    /// True when the report's date is a range of days.
    pub fn is_range(&self) -> bool {
        self.date_end.is_some()
    }
}

/// One side of the dyad as key text, and its country codes.
fn side(actors: &[ActorRef]) -> (String, Vec<String>) {
    let mut codes: Vec<String> = actors.iter().filter_map(|a| a.code.clone()).collect();
    codes.sort();
    codes.dedup();
    if !codes.is_empty() {
        return (codes.join("+"), codes);
    }
    let mut names: Vec<String> = actors
        .iter()
        .map(|a| format!("~{}", marsad_text::normalize::key(a.text.trim())))
        .collect();
    names.sort();
    names.dedup();
    (names.join("+"), codes)
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// 64-bit FNV-1a: tiny, and stable across Rust versions and platforms (unlike `DefaultHasher`).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The content hash of an article: 64 hex digits of the SHA-256 of its text with whitespace runs
/// collapsed to one space and trimmed, so that re-wrapped copies of one text hash alike.
///
/// It decides that an article is "already present", so it must be collision resistant: with the
/// 128-bit FNV-1a used before issue 13, anyone who feeds a source could craft a text with the hash
/// of a real article that has not arrived yet, and the real one would then be skipped.
/// Databases made before are rehashed by migration 4 ([`crate::schema`]), through the SQL function
/// `marsad_content_hash` that the store registers on every connection.
/// FNV-1a stays where a hash is only a non-adversarial name (event ids, near-duplicate shingles).
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            h.update(b" ");
        }
        h.update(word.as_bytes());
    }
    format!("{:x}", h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_published_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn content_hash_is_sha256_of_the_text_and_ignores_whitespace_layout() {
        assert_eq!(content_hash("a  b\nc "), content_hash(" a b c"));
        // The published SHA-256 test vector of "abc", and of the empty string.
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            content_hash(" \n "),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(content_hash("a b c"), content_hash(" a\tb  c"));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
    }
}
