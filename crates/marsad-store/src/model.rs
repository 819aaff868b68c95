//! What the store holds and hands out: articles, merged events, their mentions, and queries.
//!
//! These types are the contract between the store and its readers (the watch, the server, the CLI).
//! An event is *merged*: one row for the same happening (type, dyad, date, trigger) however many
//! sentences and articles report it; each report is a [`Mention`].

use chrono::{DateTime, NaiveDate, Utc};
use marsad_coder::record::{ActorRef, EventRecord, LocationRef};
use serde::{Deserialize, Serialize};

/// One stored article (a document as ingested).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The document id: the JSONL `id`, a file stem, or a feed item's guid/link.
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The outlet (JSONL `source`, feed title, or the URL's host).
    pub source: Option<String>,
    /// `ar`, `en`, `fa` or `other`.
    pub language: String,
    pub published: Option<NaiveDate>,
    /// The publication time, when the source gives one (a JSONL date with a time, a feed item's
    /// time, an HTML meta time); `None` when it gives a day only. Events stay dated by day: the
    /// time only orders two events of the same day (see `StoredEvent::reported_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
    /// When Marsad read it (UTC, RFC 3339).
    pub fetched: String,
    /// Hex hash of the normalised text: the same text is never stored twice.
    pub content_hash: String,
    /// The id of the article heading this one's near-duplicate cluster; `None` when it heads its own.
    pub duplicate_of: Option<String>,
    /// How many near-duplicate copies were seen of this article (0 for a copy itself).
    pub copies: u32,
    /// Where it was read from: `path`, `path:line` or a URL.
    pub origin: String,
}

/// One merged event: the fields of the event record that identify the happening, plus counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// Stable id derived from the merge key (`ev-` + 16 hex digits), the same on every run.
    pub id: String,
    pub event: String,
    pub mode: Option<String>,
    /// Union of the contexts of its mentions, sorted.
    pub context: Vec<String>,
    pub cameo: Option<String>,
    pub quad_code: Option<u8>,
    pub event_scale: Option<f32>,
    pub goldstein: Option<f32>,
    /// The event date (the earliest date its mentions give), `None` when no mention has one.
    pub date: Option<NaiveDate>,
    pub date_end: Option<NaiveDate>,
    pub negated: bool,
    /// Union of the aux modes of its mentions.
    pub aux: Vec<String>,
    /// Participants as in the first mention (the representative), with their spans in that mention.
    pub actor: Vec<ActorRef>,
    pub recipient: Vec<ActorRef>,
    /// Country codes of the actors and recipients, sorted and deduplicated (`None` codes left out).
    pub actor_codes: Vec<String>,
    pub recipient_codes: Vec<String>,
    pub location: Option<LocationRef>,
    /// The trigger's surface in the representative mention.
    pub trigger: String,
    /// The representative mention's sentence and language: the evidence a reader sees first.
    pub text: String,
    pub language: String,
    /// How many sentences, distinct articles and distinct sources report it (an article with no
    /// source counts as a source of its own).
    pub mentions: u32,
    pub articles: u32,
    pub sources: u32,
    /// Versions of the scoring tables behind `goldstein` and `event_scale`.
    pub tables: Option<String>,
    /// The highest confidence the coder's scorer gave any of its mentions (`None` when coded
    /// without a scorer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The earliest publication time of an article that reports the event on the event's own
    /// date: the latest the event can have happened, and what orders two events of one day
    /// (issue 14, item 1). `None` when no such article gives a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_at: Option<DateTime<Utc>>,
}

/// One report of an event: a sentence of an article, with the full record the coder wrote for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub event_id: String,
    pub article_id: String,
    /// The article's url, title and source, for links in the evidence.
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    /// The coder's record, offsets into the article text.
    pub record: EventRecord,
}

/// A filter over stored events; every field narrows, `None`/empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventQuery {
    /// Events with this country code among actors or recipients.
    pub actor: Option<String>,
    /// Events between these two codes, in either direction (`IRN`, `USA`).
    pub dyad: Option<(String, String)>,
    /// PLOVER event types (`ASSAULT`, `CONSULT`).
    pub events: Vec<String>,
    /// Event date bounds, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Negated events are left out unless this is set.
    pub include_negated: bool,
    /// Page size and offset, ordered by date then id; `None` means no limit.
    pub limit: Option<usize>,
    pub offset: usize,
}

/// Counts for status pages and the end of `marsad run`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: u64,
    /// Articles stored as near-duplicate copies of another.
    pub duplicates: u64,
    pub events: u64,
    pub mentions: u64,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}
