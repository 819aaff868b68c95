//! The text layer of Marsad: everything the coder needs to know about a document's characters,
//! and nothing about the world.
//!
//! It identifies the language of a document or a sentence ([`lang`]), builds normalised matching
//! keys next to the original text ([`normalize`]), splits sentences ([`sentence`]), cuts tokens
//! with code-point offsets ([`token`]), proposes Arabic clitic segmentations ([`clitic`]) and finds
//! date expressions resolved against a publication date ([`dates`]), and bounded excerpts of long
//! sentences for display ([`excerpt`]).
//!
//! It does not know names, verbs or countries (that is `marsad-lexicon`) and does no I/O.
//!
//! Invariant: every span this crate returns is a range of Unicode code points into the original
//! text, so that slicing the text at the span gives back its surface ([`Document::slice`]).
//! Normalisation never replaces the text: it builds a key that maps back to those offsets.

pub mod clitic;
pub mod dates;
pub mod excerpt;
pub mod lang;
pub mod normalize;
pub mod sentence;
pub mod span;
pub mod token;

pub use dates::{find_dates, DateExpr, Precision};
pub use span::{Document, Span};
