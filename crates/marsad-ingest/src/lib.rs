//! Reading news into Marsad.
//!
//! - [`input`]: plain text files, folders of them, stdin and JSONL, streamed one document at a time
//!   with errors that name the file and line.
pub mod input;
