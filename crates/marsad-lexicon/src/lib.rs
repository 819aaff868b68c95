//! Marsad's world knowledge: the `lexicon/` files loaded, checked and compiled into a matcher.
//!
//! The lexicon is plain tab-separated data (format in `lexicon/README.md`): countries with their
//! names, nisba adjectives and capitals; actors with dated country + sector roles; agents (generic
//! nouns that give a sector); event triggers (Arabic lemmas + verb form, English lemmas) with
//! their PLOVER event, mode and CAMEO code; context keywords; places; modifiers; and the CAMEO,
//! PLOVER and sector code tables.
//!
//! - [`tsv`] reads any of these files with `file:line:column` errors;
//! - [`Lexicon`] loads them all ([`Lexicon::load_dir`], or the copy compiled into the binary,
//!   [`Lexicon::embedded`]), validates codes, dates and aliases into [`Diagnostic`]s, and expands
//!   every entry into [`Pattern`]s with the generators of [`conjugate`];
//! - [`Matcher`] finds every entry in a token sequence, through Arabic clitics and spelling
//!   variants (all keys are `marsad_text::normalize::key`);
//! - [`collision`] checks generated trigger forms against frequency lists, and
//!   `collisions.tsv` allows or blocks the ones spelled like frequent words;
//! - [`import`] converts PETRARCH/TABARI dictionaries into our format.
//!
//! It does not decide who did what to whom (that is the coder) and reads files only in
//! [`Lexicon::load_dir`].
//!
//! ```
//! use marsad_lexicon::{Entry, Lexicon};
//! let lexicon = Lexicon::from_sources(&[
//!     ("countries.tsv", Some("code\tnames_ar\tadj_ar\nIRN\tإيران\tإيراني\n")),
//!     ("sectors.tsv", Some("code\tname\nGOV\tgovernment\n")),
//!     ("cameo.tsv", Some("cameo\tquad\tgoldstein\n")),
//!     ("plover.tsv", Some("event\tquad\tscore\n")),
//! ]);
//! let tokens = marsad_text::token::tokenize("رفضت إيران المطالب");
//! let found = lexicon.matcher().find(&tokens);
//! assert!(matches!(found[0].entry, Entry::Country { .. }));
//! assert_eq!(found[0].span, marsad_text::Span::new(5, 10));
//! ```

pub mod collision;
pub mod conjugate;
pub mod error;
pub mod import;
mod lexicon;
pub mod matcher;
pub mod model;
pub mod report;
mod text;
pub mod tsv;

pub use conjugate::{Gender, Number, Person, Pos, Tense, VerbForm};
pub use error::{Diagnostic, Error, ErrorKind, Origin, Severity};
pub use lexicon::{Lexicon, FILES, NON_STATE_CODES};
pub use matcher::{Match, MatchCache, Matcher};
pub use model::*;
pub use text::key;
