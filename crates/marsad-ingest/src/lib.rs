//! Reading news into Marsad.
//!
//! - [`input`]: plain text files, folders of them, stdin, JSONL, HTML pages, RSS/Atom feeds and
//!   `http(s)` URLs, streamed one document at a time with errors that name the file and line or the
//!   URL; it routes each input to the readers below.
//! - [`html`]: an HTML page's main text (Readability) and metadata.
//! - [`feed`]: RSS and Atom feeds, one document per item.
//! - [`fetch`]: polite, bounded HTTP GETs with conditional requests.
//! - [`poll`]: one poll of one feed or page for a long-running monitor, with its outcome.
//! - [`neardup`]: SimHash fingerprints and the index that clusters wire copies.
//! - [`pipeline`]: the ingest itself, from documents to the store.
//! - [`queue`]: the same through the work queue of a PostgreSQL store, for many workers.
pub mod feed;
pub mod fetch;
pub mod html;
pub mod input;
pub mod neardup;
pub mod pipeline;
pub mod poll;
pub mod queue;
