//! HTML pages: the article's main text and its metadata, through `dom_smoothie` (a port of
//! Mozilla's Readability, the algorithm behind Firefox's reader view).
//!
//! A news page is mostly not the article: menus, related links, comments, cookie notices.
//! `dom_smoothie` scores the page's blocks and keeps the one that reads like prose, which is what
//! the coder should see.
//! Its text comes out in its "formatted" mode, which ends every paragraph, heading and list item
//! with a line break, because the sentence splitter ends a sentence at every newline and a page's
//! paragraphs must not run together.
//!
//! Metadata comes from the page's head, in order of trust:
//! - title: `dom_smoothie`'s choice (JSON-LD `headline`, `og:title` and the like, then `<title>`
//!   without the site's suffix);
//! - publication date: JSON-LD `datePublished` and `article:published_time` (read by `dom_smoothie`),
//!   then `<meta>` tags named `date`, `pubdate`, `publishdate`, `dc.date`, `og:published_time` or
//!   with `itemprop="datePublished"`, then the first `<time datetime>`;
//!   ISO 8601 and RFC 2822 dates are understood, and the calendar day as written is kept;
//! - language: `<html lang>`, then `<meta http-equiv="content-language">`, then `og:locale`; only the
//!   primary subtag counts (`ar-EG` is Arabic), and a language Marsad does not know is left for
//!   detection; `dir` is kept for display;
//! - URL: `<link rel="canonical">`, then `og:url`, made absolute against the page's own URL;
//! - source: `og:site_name`, then `application-name`, then the host of the URL.
//!
//! The page is parsed once (html5ever through `dom_query`, which `dom_smoothie` builds on); the
//! metadata is read before `dom_smoothie` reshapes the tree.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use dom_query::Document;
use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};
use marsad_text::lang::Lang;

use crate::input::{parse_date, parse_time};

/// What was read from one HTML page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HtmlPage {
    /// The headline, if the page has one.
    pub title: Option<String>,
    /// The main text, one paragraph per line.
    pub text: String,
    /// The publication day, from the page's metadata.
    pub published: Option<NaiveDate>,
    /// The publication time, when the same metadata gives one with the day.
    pub published_at: Option<DateTime<Utc>>,
    /// The page's declared language, when it is one Marsad knows.
    pub lang: Option<Lang>,
    /// The text direction the page declares (`rtl`, `ltr`).
    pub dir: Option<String>,
    /// The canonical URL (absolute when the page's own URL is known).
    pub url: Option<String>,
    /// The site's name, for the article's `source`.
    pub site_name: Option<String>,
}

/// Why a page gave no article.
#[derive(Debug)]
#[non_exhaustive]
pub enum HtmlError {
    /// Readability found no block of text that reads like an article, and the page body is empty.
    NoText,
    /// The page has more elements than the reader is allowed to walk.
    TooLarge { elements: usize },
    /// The page's elements nest deeper than the parser can afford (see [`MAX_MARKUP_DEPTH`]).
    TooDeep { depth: usize },
}

/// The most elements a page may have; a news article has a few thousand, and a page far beyond
/// this is a listing or a trap, not an article.
pub const MAX_ELEMENTS: usize = 200_000;

/// The deepest nesting of markup read at all.
/// Parsing costs grow with the square of the depth (2,000 nested `<div>`s took 23 ms, 5,000 took
/// 0.1 s, measured on these machines), and a 10 MB page could nest two million; news pages nest a
/// few dozen deep.
pub const MAX_MARKUP_DEPTH: usize = 5_000;

/// The deepest page given to Readability; deeper pages (still under [`MAX_MARKUP_DEPTH`]) keep
/// their whole body text.
/// Readability's cost grows faster than the square of the depth (2,000 nested `<div>`s took
/// 0.85 s, 5,000 took 5.8 s, 20,000 took 90 s), while real articles stay far below this.
pub const MAX_READABILITY_DEPTH: usize = 256;

impl fmt::Display for HtmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HtmlError::NoText => write!(f, "no article text found in the page"),
            HtmlError::TooLarge { elements } => {
                write!(f, "page has more than {elements} elements")
            }
            HtmlError::TooDeep { depth } => {
                write!(f, "page markup nests more than {depth} deep")
            }
        }
    }
}

/// Reads one HTML page; `url` is the page's own absolute URL when known (it makes relative
/// canonical links absolute and names the source when the page does not).
pub fn read_html(html: &str, url: Option<&str>) -> Result<HtmlPage, HtmlError> {
    if markup_depth_estimate(html) > MAX_MARKUP_DEPTH {
        return Err(HtmlError::TooDeep {
            depth: MAX_MARKUP_DEPTH,
        });
    }
    let doc = Document::from(html);
    let readable = tree_depth(&doc, MAX_READABILITY_DEPTH) <= MAX_READABILITY_DEPTH;
    let published = meta_date(&doc);
    let mut page = HtmlPage {
        published: published.as_deref().and_then(parse_any_date),
        published_at: published.as_deref().and_then(parse_time),
        dir: root_attr(&doc, "dir"),
        url: canonical_url(&doc, url),
        ..HtmlPage::default()
    };
    let lang_tag = root_attr(&doc, "lang")
        .or_else(|| meta_content(&doc, r#"meta[http-equiv="content-language" i]"#))
        .or_else(|| meta_content(&doc, r#"meta[property="og:locale"]"#));
    page.lang = lang_tag.as_deref().and_then(lang_of_tag);
    let app_name = meta_content(&doc, r#"meta[name="application-name" i]"#);
    let fallback_text = || doc.select("body").formatted_text().to_string();
    let body_text = fallback_text();

    // Only an absolute http(s) URL is given to dom_smoothie, which rejects anything else.
    let base = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let article = if readable {
        Readability::with_document(doc, base, Some(config)).and_then(|mut r| r.parse())
    } else {
        Err(ReadabilityError::GrabFailed)
    };
    let (text, article) = match article {
        Ok(a) => (a.text_content.to_string(), Some(a)),
        Err(ReadabilityError::TooManyElements(n, _)) => {
            return Err(HtmlError::TooLarge {
                elements: n.min(MAX_ELEMENTS),
            })
        }
        // A page too short or too plain for Readability's scoring is still a page: keep its body.
        Err(_) => (body_text, None),
    };
    page.text = tidy_text(&text);
    if page.text.is_empty() {
        return Err(HtmlError::NoText);
    }
    if let Some(a) = article {
        page.title = non_empty(a.title);
        if let Some(d) = a.published_time.as_deref().and_then(parse_any_date) {
            page.published = Some(d);
            page.published_at = a.published_time.as_deref().and_then(parse_time);
        }
        page.site_name = a.site_name.and_then(non_empty);
        if page.url.is_none() {
            page.url = a.url.and_then(non_empty);
        }
        if page.lang.is_none() {
            page.lang = a.lang.as_deref().and_then(lang_of_tag);
        }
        if page.dir.is_none() {
            page.dir = a.dir;
        }
    }
    page.site_name = page
        .site_name
        .or(app_name)
        .or_else(|| page.url.as_deref().or(url).and_then(host_of));
    Ok(page)
}

/// Plain text from an HTML fragment (a feed item's content), one paragraph per line.
/// A fragment nested deeper than [`MAX_MARKUP_DEPTH`] is not parsed; its tags are dropped.
pub fn fragment_text(html: &str) -> String {
    if markup_depth_estimate(html) > MAX_MARKUP_DEPTH {
        let mut text = String::with_capacity(html.len());
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        return tidy_text(&text);
    }
    tidy_text(&Document::fragment(html).formatted_text())
}

/// Parses a date as pages and feeds write it: ISO 8601 (`2026-02-06`, `2026-02-06T09:30:00+03:00`)
/// or RFC 2822 (`Fri, 06 Feb 2026 09:30:00 GMT`); the calendar day as written is kept.
pub fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    parse_date(s)
        .or_else(|| DateTime::parse_from_rfc2822(s).ok().map(|d| d.date_naive()))
        .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|d| d.date_naive()))
}

/// The language of a BCP 47 tag (`ar`, `ar-EG`, `en_US`, `fa-IR`, `per`), if Marsad knows it.
pub fn lang_of_tag(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "ara" => Some(Lang::Ar),
        "eng" => Some(Lang::En),
        "fas" | "per" | "prs" | "pes" => Some(Lang::Fa),
        other => Lang::from_str(other).ok().filter(|l| *l != Lang::Other),
    }
}

/// An upper estimate of how deep the markup nests, from the raw text: start tags add one, end tags
/// take one away; void elements and the tags HTML closes by itself (`p`, `li`, table cells, …) are
/// not counted, so sloppy pages are not overestimated.
fn markup_depth_estimate(html: &str) -> usize {
    const NOT_COUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody", "thead",
        "tfoot", "rt", "rp", "optgroup", "colgroup", "caption",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = bytes
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        if NOT_COUNTED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The depth of the parsed tree, counting no further than `limit + 1`.
fn tree_depth(doc: &Document, limit: usize) -> usize {
    let mut max = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        max = max.max(depth);
        if max > limit {
            break;
        }
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    max
}

/// Names of `<meta name=…>` and `<meta property=…>` tags that carry a publication date, after the
/// ones `dom_smoothie` reads itself.
const DATE_METAS: &[&str] = &[
    r#"meta[name="date" i]"#,
    r#"meta[name="pubdate" i]"#,
    r#"meta[name="publishdate" i]"#,
    r#"meta[name="publish-date" i]"#,
    r#"meta[name="dc.date" i]"#,
    r#"meta[name="dc.date.issued" i]"#,
    r#"meta[name="article:published_time" i]"#,
    r#"meta[property="og:published_time"]"#,
    r#"meta[property="og:article:published_time"]"#,
    r#"meta[itemprop="datePublished"]"#,
];

/// The publication date as written in `<meta>` tags, then in the first `<time datetime>`: the
/// first value that parses as a day (it may carry a time as well).
fn meta_date(doc: &Document) -> Option<String> {
    DATE_METAS
        .iter()
        .filter_map(|sel| meta_content(doc, sel))
        .find(|v| parse_any_date(v).is_some())
        .or_else(|| {
            doc.select("time[datetime]")
                .nodes()
                .iter()
                .filter_map(|n| n.attr("datetime"))
                .map(|v| v.to_string())
                .find(|v| parse_any_date(v).is_some())
        })
}

fn canonical_url(doc: &Document, page_url: Option<&str>) -> Option<String> {
    let href = doc
        .select(r#"link[rel~="canonical" i]"#)
        .attr("href")
        .map(|s| s.to_string())
        .and_then(non_empty)
        .or_else(|| meta_content(doc, r#"meta[property="og:url"]"#))?;
    match page_url.and_then(|u| url::Url::parse(u).ok()) {
        Some(base) => Some(base.join(&href).map_or(href, |u| u.to_string())),
        None => Some(href),
    }
}

/// The first non-empty `content` of the tags `selector` finds.
fn meta_content(doc: &Document, selector: &str) -> Option<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .filter_map(|n| n.attr("content"))
        .map(|c| c.trim().to_string())
        .find(|c| !c.is_empty())
}

/// An attribute of `<html>`, else of `<body>`.
fn root_attr(doc: &Document, name: &str) -> Option<String> {
    ["html", "body"].iter().find_map(|tag| {
        doc.select(tag)
            .attr(name)
            .map(|v| v.trim().to_string())
            .and_then(non_empty)
    })
}

fn host_of(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_string();
    Some(
        host.strip_prefix("www.")
            .map(str::to_string)
            .unwrap_or(host),
    )
}

/// Trims each line, drops empty ones, and joins them with one newline: paragraphs stay one per line
/// and the coder sees no runs of blank lines or indentation.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else if t.len() == s.len() {
        Some(s)
    } else {
        Some(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AR_PAGE: &str = include_str!("../tests/fixtures/html/ar-muscat-talks.html");
    const EN_PAGE: &str = include_str!("../tests/fixtures/html/en-sanctions.html");

    #[test]
    fn arabic_page() {
        let page = read_html(AR_PAGE, None).unwrap();
        assert_eq!(page.lang, Some(Lang::Ar));
        assert_eq!(page.dir.as_deref(), Some("rtl"));
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2026, 2, 6));
        // Issue 14: the meta time, in UTC; the day stays the one the page writes.
        assert_eq!(
            page.published_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-02-06T14:20:00+00:00")
        );
        assert_eq!(
            page.title.as_deref(),
            Some("جولة أولى من المحادثات غير المباشرة في مسقط")
        );
        assert_eq!(
            page.url.as_deref(),
            Some("https://akhbar.example/2026/02/06/muscat-talks")
        );
        assert_eq!(page.site_name.as_deref(), Some("أخبار المثال"));
        let lines: Vec<&str> = page.text.lines().collect();
        assert!(lines.len() >= 4, "{}", page.text);
        assert!(
            lines[0].starts_with("عقد مفاوضون إيرانيون وأمريكيون"),
            "{}",
            page.text
        );
        assert!(
            !page.text.contains("اشترك في النشرة"),
            "navigation kept: {}",
            page.text
        );
        assert!(
            !page.text.contains("اقرأ أيضا"),
            "related links kept: {}",
            page.text
        );
    }

    #[test]
    fn english_page_with_json_ld_and_relative_canonical() {
        let page = read_html(EN_PAGE, Some("https://news.example/world/x?ref=feed")).unwrap();
        assert_eq!(page.lang, Some(Lang::En));
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2026, 2, 7));
        assert_eq!(
            page.url.as_deref(),
            Some("https://news.example/world/2026/02/07/treasury-sanctions")
        );
        assert_eq!(page.site_name.as_deref(), Some("news.example"));
        assert!(page.text.contains("Treasury Department"), "{}", page.text);
        assert!(!page.text.contains("Cookie"), "{}", page.text);
        assert!(page.text.lines().count() >= 3, "{}", page.text);
    }

    #[test]
    fn short_page_keeps_its_body_and_empty_page_is_an_error() {
        let page = read_html(
            "<html lang='en-GB'><body><p>Oman said talks would resume.</p>\
             <p>No date was given.</p><time datetime='2026-02-10'>10 Feb</time></body></html>",
            None,
        )
        .unwrap();
        assert_eq!(page.lang, Some(Lang::En));
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2026, 2, 10));
        assert_eq!(page.published_at, None, "a day alone has no time");
        assert!(page
            .text
            .starts_with("Oman said talks would resume.\nNo date was given."));
        assert!(matches!(
            read_html("<html><body> </body></html>", None),
            Err(HtmlError::NoText)
        ));
        assert!(matches!(read_html("", None), Err(HtmlError::NoText)));
    }

    #[test]
    fn deep_markup_is_bounded() {
        let nest = |n: usize| {
            format!(
                "<html><body>{}<p>Oman hosted the talks.</p>{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            )
        };
        let started = std::time::Instant::now();
        // Too deep for Readability: the body text is kept.
        let page = read_html(&nest(2 * MAX_READABILITY_DEPTH), None).unwrap();
        assert_eq!(page.text, "Oman hosted the talks.");
        assert!(matches!(
            read_html(&nest(MAX_MARKUP_DEPTH + 1), None),
            Err(HtmlError::TooDeep { .. })
        ));
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        // Unclosed paragraphs and line breaks do not count as depth.
        let sloppy = format!("<html><body>{}</body></html>", "<p>text<br>".repeat(20_000));
        assert!(markup_depth_estimate(&sloppy) <= 2);
    }

    #[test]
    fn dates_and_language_tags() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 6);
        assert_eq!(parse_any_date("2026-02-06T23:30:00-05:00"), d);
        assert_eq!(parse_any_date("Fri, 06 Feb 2026 09:30:00 GMT"), d);
        assert_eq!(parse_any_date(" 2026-02-06 "), d);
        assert_eq!(parse_any_date("6 February"), None);
        assert_eq!(lang_of_tag("ar-EG"), Some(Lang::Ar));
        assert_eq!(lang_of_tag("en_US"), Some(Lang::En));
        assert_eq!(lang_of_tag("fa-IR"), Some(Lang::Fa));
        assert_eq!(lang_of_tag("fr"), None);
        assert_eq!(lang_of_tag(""), None);
    }

    #[test]
    fn fragments_keep_paragraphs() {
        assert_eq!(
            fragment_text(
                "<p>First &amp; one.</p><p>Second<br>line.</p><ul><li>a</li><li>b</li></ul>"
            ),
            "First & one.\nSecond\nline.\na\nb"
        );
        assert_eq!(fragment_text("plain text"), "plain text");
        let deep = format!(
            "{}deep{}",
            "<b>".repeat(MAX_MARKUP_DEPTH + 1),
            "</b>".repeat(3)
        );
        assert_eq!(
            fragment_text(&deep).split_whitespace().collect::<Vec<_>>(),
            ["deep"]
        );
    }
}
