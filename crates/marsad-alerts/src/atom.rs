//! A watch's alerts as an Atom feed (RFC 4287), readable by any feed reader.
//!
//! The feed's id is `urn:marsad:watch:<id>` and each entry's `urn:marsad:alert:<alert id>`, so a
//! reader that has shown an alert never shows it again; an entry's `updated` is the time the alert
//! was first recorded. Its link leads to the first event behind it on the dashboard
//! (`/events/{id}`), and its summary is the alert's message followed by the evidence sentences.
//! Links are relative to the server that serves the feed, as RFC 4287 allows (they resolve against
//! the feed's own URL). Written by hand rather than with a crate: the format is a dozen elements,
//! and every value goes through [`text`], which escapes markup and drops the characters XML 1.0
//! forbids.

use std::fmt::Write;

use marsad_store::StoredAlert;

/// The most entries a feed carries: the newest alerts (feed readers keep what they have seen).
pub const MAX_ENTRIES: usize = 100;

/// The Atom document of `alerts` (newest first, as [`marsad_store::Store::alerts`] gives them) of
/// the watch `id` named `name`. `now` (RFC 3339) is the feed's `updated` when it has no entry.
pub fn feed(id: &str, name: &str, alerts: &[StoredAlert], now: &str) -> String {
    let updated = alerts
        .iter()
        .map(|a| a.raised_at.as_str())
        .max()
        .unwrap_or(now);
    let watch_path = format!("/watches/{}", path_segment(id));
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <id>urn:marsad:watch:{urn}</id>\n\
         <title>{title}</title>\n\
         <subtitle>Alerts of the Marsad watch {title}</subtitle>\n\
         <updated>{updated}</updated>\n\
         <author><name>Marsad</name></author>\n\
         <generator>Marsad</generator>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_href}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"/#watch-{anchor}\"/>\n",
        urn = text(&path_segment(id)),
        title = text(&format!("{name}: alerts")),
        updated = text(updated),
        self_href = text(&format!("{watch_path}/alerts.atom")),
        anchor = text(&path_segment(id)),
    );
    for a in alerts.iter().take(MAX_ENTRIES) {
        let href = a
            .detail
            .get("evidence_ids")
            .and_then(|v| v.get(0))
            .and_then(|v| v.as_str())
            .map(|ev| format!("/events/{}", path_segment(ev)))
            .unwrap_or_else(|| format!("/#watch-{}", path_segment(id)));
        let _ = write!(
            out,
            "<entry>\n\
             <id>urn:marsad:alert:{id}</id>\n\
             <title>{title}</title>\n\
             <updated>{updated}</updated>\n\
             <published>{updated}</published>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{href}\"/>\n\
             <category term=\"{kind}\"/>\n\
             <summary type=\"text\">{summary}</summary>\n\
             </entry>\n",
            id = text(&path_segment(&a.id)),
            title = text(&entry_title(a)),
            updated = text(&a.raised_at),
            href = text(&href),
            kind = text(&a.kind),
            summary = text(&summary(a)),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// `Threshold: sanctions-new 2026-02-03 to 2026-02-16 (value 1)`.
fn entry_title(a: &StoredAlert) -> String {
    let mut kind = a.kind.clone();
    if let Some(first) = kind.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let when = if a.start == a.end {
        a.start.to_string()
    } else {
        format!("{} to {}", a.start, a.end)
    };
    format!("{kind}: {} {when} (value {})", a.indicator, a.value)
}

/// The message, then one line per evidence event: date, type, who to whom, and the sentence.
fn summary(a: &StoredAlert) -> String {
    let mut s = a.message.clone();
    let evidence = a.detail.get("evidence").and_then(|v| v.as_array());
    for e in evidence.into_iter().flatten() {
        let field = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or("");
        let _ = write!(
            s,
            "\n{} {} {} → {}: {}",
            field("date"),
            field("event"),
            field("actor"),
            field("recipient"),
            field("text")
        );
    }
    s
}

/// XML character data and attribute values: markup escaped, and the characters XML 1.0 forbids
/// (C0 controls other than tab and line ends, U+FFFE, U+FFFF) left out.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes everything but unreserved characters, for a URL path segment or a URN.
fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
