//! The one error type of the watch crate: what went wrong, and where (file:line:column or file).

use std::fmt;

/// An error with the place it comes from (`watches/iran-us-talks.toml:12:9`, a chart name, a path).
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct Error {
    pub origin: String,
    pub kind: ErrorKind,
}

/// What kind of error it is.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
    /// The watch file is not valid TOML, or does not have the watch's shape.
    #[error("{0}")]
    Toml(String),
    /// The watch is well-formed but names something unknown or inconsistent.
    #[error("{0}")]
    Invalid(String),
    /// A chart could not be drawn.
    #[error("cannot draw chart: {0}")]
    Chart(String),
}

impl Error {
    pub fn new(origin: impl fmt::Display, kind: ErrorKind) -> Self {
        Error {
            origin: origin.to_string(),
            kind,
        }
    }
}

/// `file:line:column` of a byte offset into `text` (both 1-based, columns in characters).
pub(crate) fn position(file: &str, text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{file}:{line}:{column}")
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::position;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let text = "a = 1\nبب = \"x\"\n";
        assert_eq!(position("w.toml", text, 0), "w.toml:1:1");
        assert_eq!(position("w.toml", text, 6), "w.toml:2:1");
        // After two Arabic letters (4 bytes) and a space: column 4.
        assert_eq!(position("w.toml", text, 11), "w.toml:2:4");
    }
}
