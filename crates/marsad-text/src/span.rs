//! Code-point spans and the [`Document`] that owns the original text they point into.

use serde::Serialize;

/// A half-open range `[start, end)` of Unicode code points into a document's text.
///
/// Code points, not bytes, because the event record promises Python slicing semantics:
/// `doc["text"][start:end]` in Python gives back the surface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The original text of one document with a code-point → byte index, so that code-point spans
/// can be sliced in constant time.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    /// Byte offset of every code point, plus one final entry for the text's length.
    byte_of: Vec<usize>,
}

impl Document {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        Document { text, byte_of }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.byte_of.len() - 1
    }

    /// Byte offset of code point `index`; the text's byte length for `index == char_len()`.
    /// Indexes past the end are clamped to the end.
    pub fn byte_offset(&self, index: usize) -> usize {
        self.byte_of[index.min(self.byte_of.len() - 1)]
    }

    /// Code-point index of the character that starts at or contains byte `byte`.
    pub fn char_index(&self, byte: usize) -> usize {
        match self.byte_of.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The surface of a span; out-of-range ends are clamped, never a panic.
    pub fn slice(&self, span: Span) -> &str {
        let start = self.byte_offset(span.start);
        let end = self.byte_offset(span.end).max(start);
        &self.text[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_arabic_by_code_points() {
        let doc = Document::new("رفضت إيران المطالب");
        assert_eq!(doc.slice(Span::new(5, 10)), "إيران");
        assert_eq!(doc.char_len(), 18);
        assert_eq!(doc.char_index(doc.byte_offset(5)), 5);
        assert_eq!(doc.slice(Span::new(15, 99)), "الب");
    }
}
