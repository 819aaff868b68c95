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
//!
//! ## A report that lacks one side (issue 13, item 13)
//!
//! One event told in two languages is often coded with one side in one language only: the English
//! wire names Iran as the target of a Treasury designation, the Arabic one names only "15
//! companies" (whose country the coder leaves null, or fills from the scene). The exact key keeps
//! them apart and the watch counts two designations. So a single-day report with no event of its
//! own key merges into a *partner*: an event of the same type, negation and day (not a range)
//! whose sides agree with the report's, where a side agrees when
//!
//! - both sides state the same set of country codes, or
//! - exactly one of the two lacks the side and the other states its codes. A side is lacking
//!   when it names no participant, or only participants whose code the coder inferred from the
//!   scene (`inferred: "scene"`: a guess, not a reading). A side naming a participant the
//!   lexicon cannot code (`gunmen`) is not lacking: it names someone else, and stays apart as
//!   before,
//!
//! and at least one side is stated, and equal, in both. Two reports that both lack the same side
//! are not partners: they merge only by their exact key (names), as before, so that two unrelated
//! unknown targets of one actor on one day stay apart.
//! When the partner lacks a side the report states, the event takes the report's side (its
//! participants, codes and dyad indexes): the stated reading replaces the guess, whichever came
//! first. Candidates are read in id order; a report with more than one partner merges into none
//! (it would be a guess between two events) and creates its own event.
//!
//! Determinism: the result depends only on the input order, as everything in the store does.
//! Order-independence holds for the counts when a story has one partner: Arabic then English and
//! English then Arabic give one event with the same sides and the same mentions; only the event's
//! id and representative sentence (those of the first report) differ. It does not hold when
//! partners are ambiguous: a partial report that arrives after two candidate events stays apart,
//! while one that arrives before them absorbs the first and the second stays apart.

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
    /// The codes each side states (read from the words, not inferred from the scene); `None`
    /// when the report lacks that side, which makes it a candidate for a partner event (see the
    /// module docs).
    pub actor_stated: Option<Vec<String>>,
    pub recipient_stated: Option<Vec<String>>,
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
            actor_stated: stated_codes(&record.actor),
            recipient_stated: stated_codes(&record.recipient),
        }
    }

    /// True when a stored event with these stated sides is this report's partner (the rule in
    /// the module docs).
    pub fn is_partner(
        &self,
        actor_stated: &Option<Vec<String>>,
        recipient_stated: &Option<Vec<String>>,
    ) -> bool {
        // Per side: `Some(true)` stated alike, `Some(false)` one lacks what the other states,
        // `None` they disagree (or neither says who).
        let agree = |a: &Option<Vec<String>>, b: &Option<Vec<String>>| match (a, b) {
            (Some(x), Some(y)) => (x == y && !x.is_empty()).then_some(true),
            (None, Some(y)) | (Some(y), None) => (!y.is_empty()).then_some(false),
            (None, None) => None,
        };
        match (
            agree(&self.actor_stated, actor_stated),
            agree(&self.recipient_stated, recipient_stated),
        ) {
            (Some(x), Some(y)) => x || y,
            _ => false,
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

/// The sorted, deduplicated codes a side states (read from the text, not inferred), or `None`
/// when the side is lacking: no participant, or only participants the coder inferred.
pub fn stated_codes(actors: &[ActorRef]) -> Option<Vec<String>> {
    let stated: Vec<&ActorRef> = actors.iter().filter(|a| a.inferred.is_none()).collect();
    if stated.is_empty() {
        return None;
    }
    let mut codes: Vec<String> = stated.iter().filter_map(|a| a.code.clone()).collect();
    codes.sort();
    codes.dedup();
    Some(codes)
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

    /// Issue 13, item 13: the partner rule, side by side.
    #[test]
    fn issue_13_a_report_lacking_one_side_has_the_event_stating_it_as_partner() {
        // `-` lacks the side, `?` names someone uncoded, else codes joined with `+`.
        let v = |s: &str| -> Option<Vec<String>> {
            match s {
                "-" => None,
                "?" => Some(vec![]),
                _ => Some(s.split('+').map(str::to_owned).collect()),
            }
        };
        let check = |report: (&str, &str), event: (&str, &str), expected: bool| {
            let key = MergeKey {
                base: String::new(),
                date: None,
                date_end: None,
                actor_codes: vec![],
                recipient_codes: vec![],
                actor_stated: v(report.0),
                recipient_stated: v(report.1),
            };
            assert_eq!(
                key.is_partner(&v(event.0), &v(event.1)),
                expected,
                "report {report:?}, event {event:?}"
            );
        };
        check(("USA", "-"), ("USA", "IRN"), true); // the Arabic report, the English event
        check(("USA", "IRN"), ("USA", "-"), true); // the other order
        check(("-", "IRN"), ("USA", "IRN"), true);
        check(("USA", "IRN"), ("USA", "IRN"), true);
        check(("USA", "-"), ("USA", "-"), false); // both lack it: exact key only
        check(("USA", "-"), ("GBR", "IRN"), false);
        check(("USA", "IRQ"), ("USA", "IRN"), false);
        check(("-", "-"), ("USA", "IRN"), false);
        check(("USA", "-"), ("-", "IRN"), false); // nothing stated in common
        check(("?", "IRN"), ("USA", "IRN"), false); // gunmen are not the United States
        check(("USA", "-"), ("USA", "?"), false); // an uncoded target supplies nothing
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
