//! RSS and Atom feeds (and RSS 1.0 and JSON Feed, which `feed-rs` reads too): one item per article.
//!
//! Each item gives an id (its `guid` or Atom `id`, else its link), a title, a publication day
//! (`pubDate`/`published`, else `updated`), a link, a language (the item's, else the feed's) and a
//! text: `content:encoded` or Atom `content`, else `description`/`summary`, with HTML turned into
//! plain text one paragraph per line.
//! An item with neither has no text here; the caller reads the page its link points to
//! ([`crate::input`] does, from disk next to the feed or over HTTP).
//!
//! Ids must not change between runs, because the store recognises an article it has already seen by
//! its id: `feed-rs` would invent a random UUID for an RSS item without a `guid` and a link, so such
//! an item gets an empty id here and the caller numbers it after the feed.

use std::fmt;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use feed_rs::model::{Entry, Text};
use feed_rs::parser::{self, ParseFeedError};
use marsad_text::lang::Lang;

use crate::html::{fragment_text, lang_of_tag};

/// A parsed feed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    /// The feed's title, used as the `source` of its items.
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

/// One feed item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedItem {
    /// `guid` or Atom `id`, else the link; empty when the item has neither.
    pub id: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The item's publication time. A time of exactly midnight UTC is taken for a bare date
    /// (`feed-rs` turns `2026-02-06` into midnight), so it gives `None`.
    pub published_at: Option<DateTime<Utc>>,
    /// The article's link, made absolute when the feed's own URL is known.
    pub link: Option<String>,
    pub lang: Option<Lang>,
    /// The item's text, or `None` when it carries only a link.
    pub text: Option<String>,
}

/// Why bytes are not a feed; the message comes from `feed-rs` and, when it gives one, a byte
/// position that [`FeedError::line`] turns into a line number.
#[derive(Debug)]
pub struct FeedError {
    pub message: String,
    /// 1-based line of the error, when known.
    pub line: Option<usize>,
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: not a valid feed: {}", self.message),
            None => write!(f, "not a valid feed: {}", self.message),
        }
    }
}

/// Parses a feed; `url` is the feed's own URL when it was fetched, to make relative links absolute.
pub fn read_feed(bytes: &[u8], url: Option<&str>) -> Result<Feed, FeedError> {
    // A stable id or none: see the module documentation.
    let parser = parser::Builder::new()
        .base_uri(url)
        .id_generator(|links, _title, _uri| {
            links.first().map(|l| l.href.clone()).unwrap_or_default()
        })
        .build();
    let feed = parser.parse(bytes).map_err(|e| feed_error(e, bytes))?;
    let base = url.and_then(|u| url::Url::parse(u).ok());
    let feed_lang = feed.language.as_deref().and_then(lang_of_tag);
    let items = feed
        .entries
        .into_iter()
        .map(|e| item(e, base.as_ref(), feed_lang))
        .collect();
    Ok(Feed {
        title: feed.title.map(|t| plain(&t)).filter(|t| !t.is_empty()),
        items,
    })
}

fn item(e: Entry, base: Option<&url::Url>, feed_lang: Option<Lang>) -> FeedItem {
    // An alternate link is the article; prefer it over enclosures and comments.
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| match base {
            Some(b) => b
                .join(&l.href)
                .map_or_else(|_| l.href.clone(), |u| u.to_string()),
            None => l.href.clone(),
        });
    let content = e
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(html_or_plain)
        .filter(|t| !t.is_empty());
    let text = content.or_else(|| e.summary.as_ref().map(plain).filter(|t| !t.is_empty()));
    let id = if e.id.trim().is_empty() {
        link.clone().unwrap_or_default()
    } else {
        e.id.trim().to_string()
    };
    FeedItem {
        id,
        title: e.title.as_ref().map(plain).filter(|t| !t.is_empty()),
        published: e.published.or(e.updated).map(|d| d.date_naive()),
        published_at: e
            .published
            .or(e.updated)
            .filter(|d| d.num_seconds_from_midnight() != 0),
        link,
        lang: e.language.as_deref().and_then(lang_of_tag).or(feed_lang),
        text,
    }
}

/// A feed text as plain text: RSS puts HTML in `description` without saying so, so anything that
/// looks like markup is read as HTML.
fn plain(t: &Text) -> String {
    html_or_plain(&t.content)
}

fn html_or_plain(s: &str) -> String {
    let looks_like_html = s
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || s.contains("&lt;")
        || s.contains("&amp;");
    if looks_like_html {
        fragment_text(s)
    } else {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn feed_error(e: ParseFeedError, bytes: &[u8]) -> FeedError {
    let message = match &e {
        ParseFeedError::ParseError(kind) => kind.to_string(),
        other => other.to_string(),
    };
    // feed-rs and quick-xml report byte positions ("at position 123"); a line is easier to find.
    let line = message
        .split("position ")
        .nth(1)
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<usize>().ok()
        })
        .map(|pos| line_of(bytes, pos));
    FeedError { message, line }
}

/// The 1-based line of byte `pos`.
fn line_of(bytes: &[u8], pos: usize) -> usize {
    1 + bytes[..pos.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = include_str!("../tests/fixtures/feeds/news.rss");
    const ATOM: &str = include_str!("../tests/fixtures/feeds/wire.atom");

    #[test]
    fn rss_items_with_content_summary_and_link_only() {
        let feed = read_feed(RSS.as_bytes(), None).unwrap();
        assert_eq!(feed.title.as_deref(), Some("أخبار المثال - سياسة"));
        assert_eq!(feed.items.len(), 4);
        let [a, b, c, d] = &feed.items[..] else {
            unreachable!()
        };
        assert_eq!(a.id, "akhbar-2026-02-06-muscat");
        assert_eq!(a.lang, Some(Lang::Ar));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 2, 6));
        // Issue 14: the item's time is kept, in UTC, to order events of one day.
        assert_eq!(
            a.published_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-02-06T14:20:00+00:00")
        );
        assert_eq!(
            b.published_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-02-07T06:00:00+00:00")
        );
        let text = a.text.as_deref().unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.starts_with("عقد مفاوضون"), "{text}");
        // No guid: the link is the id; HTML in the description becomes text.
        assert_eq!(b.id, "https://akhbar.example/2026/02/07/sanctions");
        assert_eq!(
            b.text.as_deref(),
            Some("فرضت وزارة الخزانة الأمريكية عقوبات جديدة & قالت طهران إنها خطوة عدائية.")
        );
        // Only a link: the caller reads the page.
        assert_eq!(c.text, None);
        assert_eq!(c.link.as_deref(), Some("pages/ar-muscat-talks.html"));
        // Neither guid nor link: an empty id for the caller to number.
        assert_eq!(d.id, "");
        assert_eq!(d.published, None);
    }

    #[test]
    fn atom_entries_and_relative_links_against_the_feed_url() {
        let feed = read_feed(
            ATOM.as_bytes(),
            Some("https://wire.example/feeds/iran.atom"),
        )
        .unwrap();
        assert_eq!(feed.title.as_deref(), Some("Example Wire: Iran"));
        assert_eq!(feed.items.len(), 2);
        let a = &feed.items[0];
        assert_eq!(a.id, "tag:wire.example,2026:muscat-round-two");
        assert_eq!(a.lang, Some(Lang::En));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 2, 20));
        assert_eq!(
            a.link.as_deref(),
            Some("https://wire.example/stories/round-two")
        );
        assert!(a.text.as_deref().unwrap().contains("second round"));
        // `updated` stands in for a missing `published`.
        assert_eq!(
            feed.items[1].published,
            NaiveDate::from_ymd_opt(2026, 2, 21)
        );
    }

    #[test]
    fn errors_give_a_line() {
        let err = read_feed(b"<html><body>not a feed</body></html>", None).unwrap_err();
        assert!(err.to_string().contains("not a valid feed"), "{err}");
        let bad = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<item><title>x</titl></item>\n";
        let err = read_feed(bad.as_bytes(), None).unwrap_err();
        assert!(err.to_string().contains("not a valid feed"), "{err}");
    }
}
