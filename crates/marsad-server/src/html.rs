//! HTML building: the one escaping function every byte of data goes through, safe links, the
//! evidence highlighter and the layout every dashboard page shares.
//!
//! Pages are written by hand into a `String` rather than with a template engine (askama, maud):
//! there are six pages, and one escaping function that every value passes through is easier to
//! audit than a template language's rules about which contexts auto-escape. Attribute values are
//! always double-quoted and escaped with the same function, which also escapes both quote kinds.

use std::fmt::{self, Write};

/// Displays `s` with `& < > " '` escaped, safe in element content and in quoted attribute values.
pub fn esc(s: &str) -> Escaped<'_> {
    Escaped(s)
}

/// The [`Display`](fmt::Display) wrapper returned by [`esc`].
pub struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// The URL itself when it is an absolute `http` or `https` URL, else `None`: article URLs come
/// from the input, and a `javascript:` or `data:` URL must never become a link.
pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim_start().get(..8).unwrap_or("").to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim_start())
}

/// Percent-encodes a query-string value (everything but unreserved characters).
pub fn url_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// What a highlighted span of an evidence sentence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Actor,
    Trigger,
    Recipient,
}

impl Role {
    fn class(self) -> &'static str {
        match self {
            Role::Actor => "actor",
            Role::Trigger => "trigger",
            Role::Recipient => "recipient",
        }
    }
}

/// A span to highlight, in code points relative to the start of the highlighted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub role: Role,
}

/// Escapes `text` and wraps each mark in `<mark class="actor|trigger|recipient">`.
///
/// Marks that fall outside the text, are empty, or overlap an earlier mark are left out: the
/// sentence is always shown whole, and a bad offset costs a highlight, never the text.
pub fn highlight(text: &str, marks: &[Mark]) -> String {
    let mut marks: Vec<Mark> = marks.to_vec();
    marks.sort_by_key(|m| (m.start, m.end));
    // Byte offset of every code point, plus the end.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bytes.len() - 1;
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for m in marks {
        if m.start < at || m.end <= m.start || m.end > chars {
            continue;
        }
        let _ = write!(
            out,
            "{}<mark class=\"{}\">{}</mark>",
            esc(&text[bytes[at]..bytes[m.start]]),
            m.role.class(),
            esc(&text[bytes[m.start]..bytes[m.end]])
        );
        at = m.end;
    }
    let _ = write!(out, "{}", esc(&text[bytes[at]..]));
    out
}

/// `dir` and `lang` attributes for text in `language`: right-to-left for Arabic and Persian.
pub fn dir_attrs(language: &str) -> String {
    let dir = if matches!(language, "ar" | "fa") {
        "rtl"
    } else {
        "ltr"
    };
    if language.len() == 2 && language.bytes().all(|b| b.is_ascii_lowercase()) {
        format!(" dir=\"{dir}\" lang=\"{language}\"")
    } else {
        format!(" dir=\"{dir}\"")
    }
}

/// The navigation entries of the layout: path and label.
const NAV: &[(&str, &str)] = &[
    ("/", "Watches"),
    ("/timeline", "Dyad timeline"),
    ("/events", "Events"),
    ("/status", "Ingest status"),
    ("/monitor", "Monitor"),
    ("/api/openapi.json", "API"),
];

/// Wraps a page body in the shared layout. `title` is escaped; `body` is trusted HTML built by
/// the page functions with [`esc`].
pub fn layout(title: &str, current: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · Marsad</title>\n\
         <link rel=\"stylesheet\" href=\"/assets/style.css\">\n\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n\
         </head>\n<body>\n<header><a class=\"brand\" href=\"/\">Marsad <span lang=\"ar\">مرصد</span></a><nav>",
        esc(title)
    );
    for (path, label) in NAV {
        let class = if *path == current {
            " class=\"current\""
        } else {
            ""
        };
        let _ = write!(out, "<a href=\"{path}\"{class}>{label}</a>");
    }
    let _ = write!(
        out,
        "</nav></header>\n<main>\n<h1>{}</h1>\n{body}\n</main>\n\
         <footer>Marsad: political events coded from Arabic and English news (PLOVER/CAMEO).</footer>\n\
         </body>\n</html>\n",
        esc(title)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_escape(input: &str, expected: &str) {
        assert_eq!(esc(input).to_string(), expected, "escaping {input:?}");
    }

    #[test]
    fn escapes_markup_and_both_quotes() {
        check_escape("plain", "plain");
        check_escape("", "");
        check_escape(
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        );
        check_escape(
            "\"'><img src=x onerror=alert(1)>",
            "&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;",
        );
        check_escape("a & b", "a &amp; b");
        check_escape("رفضت إيران <المطالب>", "رفضت إيران &lt;المطالب&gt;");
    }

    #[test]
    fn only_http_links() {
        assert_eq!(
            safe_href("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(safe_href("HTTP://x"), Some("HTTP://x"));
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" data:text/html,x"), None);
        assert_eq!(safe_href("/relative"), None);
        assert_eq!(safe_href("ht"), None);
    }

    fn check_highlight(text: &str, marks: &[(usize, usize, Role)], expected: &str) {
        let marks: Vec<Mark> = marks
            .iter()
            .map(|&(start, end, role)| Mark { start, end, role })
            .collect();
        assert_eq!(highlight(text, &marks), expected);
    }

    #[test]
    fn highlights_code_point_spans() {
        // Arabic: offsets are code points, not bytes.
        check_highlight(
            "رفضت إيران المطالب",
            &[(0, 4, Role::Trigger), (5, 10, Role::Actor)],
            "<mark class=\"trigger\">رفضت</mark> <mark class=\"actor\">إيران</mark> المطالب",
        );
        // Out of range, empty and overlapping marks are dropped; the text is kept and escaped.
        check_highlight(
            "Iran <b> USA",
            &[
                (0, 4, Role::Actor),
                (2, 6, Role::Trigger),
                (9, 12, Role::Recipient),
                (9, 40, Role::Actor),
                (3, 3, Role::Actor),
            ],
            "<mark class=\"actor\">Iran</mark> &lt;b&gt; <mark class=\"recipient\">USA</mark>",
        );
    }

    #[test]
    fn layout_escapes_title() {
        let page = layout("<x>", "/", "<p>ok</p>");
        assert!(page.contains("<h1>&lt;x&gt;</h1>"));
        assert!(page.contains("<p>ok</p>"));
        assert!(page.contains("href=\"/\" class=\"current\""));
    }

    #[test]
    fn rtl_for_arabic_and_persian() {
        assert_eq!(dir_attrs("ar"), " dir=\"rtl\" lang=\"ar\"");
        assert_eq!(dir_attrs("fa"), " dir=\"rtl\" lang=\"fa\"");
        assert_eq!(dir_attrs("en"), " dir=\"ltr\" lang=\"en\"");
        assert_eq!(dir_attrs("\"x"), " dir=\"ltr\"");
    }
}
