//! The aligned table that `marsad code --format table`, `marsad events` and `marsad run` print
//! for people, with the Arabic sentence kept right to left, and every cell made safe for the
//! terminal (`marsad_watch::render::terminal_safe`: no escape sequences or bidi overrides from an
//! article reach it).

use std::io::{self, Write};

use marsad_watch::render::terminal_safe;

/// Writes `rows` under `header`, columns aligned by character count; the last column is written
/// as is, inside a Unicode isolate, so that the terminal's bidi algorithm shows an Arabic sentence
/// right to left without reordering the columns before it.
pub fn write_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    // The last column is not padded: it is the sentence, and padding after it would only add
    // trailing blanks.
    let shown = header.len().saturating_sub(1);
    let mut widths: Vec<usize> = header
        .iter()
        .take(shown)
        .map(|h| h.chars().count())
        .collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    // Cells come from articles and databases: sanitised once here, before widths are measured.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| terminal_safe(c).into_owned()).collect())
        .collect();
    let rows = &rows;
    for r in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (c, w) in r.iter().zip(&widths) {
            line.push_str(c);
            line.extend(std::iter::repeat_n(' ', w - c.chars().count() + 2));
        }
        if let Some(s) = r.get(shown) {
            // First strong isolate … pop directional isolate.
            line.push('\u{2068}');
            line.push_str(s);
            line.push('\u{2069}');
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `rows` under `header` and compares the text with `expected`.
    fn check(header: &[&str], rows: &[&[&str]], expected: &str) {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let mut out = Vec::new();
        write_table(&mut out, header, &rows).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn columns_align_by_characters_and_the_sentence_is_isolated() {
        check(
            &["id", "trigger", "sentence"],
            &[
                &["a:0:0", "دان", "ودان رئيس الحكومة الغارة."],
                &["b", "", "Talks."],
            ],
            "id     trigger  \u{2068}sentence\u{2069}\n\
             a:0:0  دان      \u{2068}ودان رئيس الحكومة الغارة.\u{2069}\n\
             b               \u{2068}Talks.\u{2069}\n",
        );
    }

    #[test]
    fn issue_13_escape_sequences_and_bidi_overrides_never_reach_the_terminal() {
        check(
            &["id", "sentence"],
            &[&["a\u{1b}[2J", "x\u{1b}]0;owned\u{7}\u{9b}31m\u{202e}evil\u{2066}\ny"]],
            "id     \u{2068}sentence\u{2069}\n\
             a\u{fffd}[2J  \u{2068}x\u{fffd}]0;owned\u{fffd}\u{fffd}31m\u{fffd}evil\u{fffd} y\u{2069}\n",
        );
    }

    #[test]
    fn no_rows_is_the_header_alone() {
        check(&["id", "sentence"], &[], "id  \u{2068}sentence\u{2069}\n");
    }
}
