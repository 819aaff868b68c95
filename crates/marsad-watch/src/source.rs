//! The sources a watch reads: `[[source]]` entries naming a feed or page URL, its language, the
//! outlet's name and how often to poll it (issue 14, item 5).
//!
//! A watch's sources are what `marsad monitor` polls; the rest of the watch never reads them, so
//! a watch without sources is still a complete watch for `marsad report` and the dashboard.
//! The format is documented in `watches/README.md`; this module checks it, with `file:line:column`
//! positions through the caller's problem list (see `def.rs`).

use std::collections::HashSet;
use std::str::FromStr;

use marsad_text::lang::Lang;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// One source of a watch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The `http(s)://` URL of an RSS/Atom feed or of a page.
    pub url: String,
    /// The outlet's name (`BBC Arabic`): stored as each article's source, shown on the status page.
    pub outlet: String,
    /// The language of its articles (`ar`, `en`, `fa`, `other`); `None`: detect it per article.
    pub lang: Option<String>,
    /// Seconds between two polls.
    pub every_seconds: u64,
}

/// The polling interval when a source gives none: 15 minutes, often enough for news that an
/// analyst reads in the morning and at noon, rarely enough not to burden a news site.
pub const DEFAULT_EVERY_SECONDS: u64 = 15 * 60;

/// The longest polling interval accepted: one week.
pub const MAX_EVERY_SECONDS: u64 = 7 * 24 * 3600;

/// A `[[source]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    url: Spanned<String>,
    outlet: Option<String>,
    lang: Option<Spanned<String>>,
    every: Option<Spanned<RawEvery>>,
}

/// `every = 900` (seconds) or `every = "15m"` (`s`, `m`, `h`, `d`).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawEvery {
    Seconds(i64),
    Text(String),
}

/// Checks the sources; each problem goes to `problem(byte offset, message)`.
pub(crate) fn check(raw: Vec<RawSource>, problem: &mut dyn FnMut(usize, String)) -> Vec<Source> {
    let mut seen = HashSet::new();
    let mut sources = Vec::new();
    for s in raw {
        let at = s.url.span().start;
        let url = s.url.into_inner().trim().to_owned();
        if let Err(why) = check_url(&url) {
            problem(at, format!("source url {url:?} {why}"));
        }
        if !seen.insert(url.clone()) {
            problem(at, format!("duplicate source {url:?}"));
        }
        let lang = match s.lang {
            None => None,
            Some(l) => match Lang::from_str(l.get_ref()) {
                Ok(lang) => Some(lang.as_str().to_owned()),
                Err(_) => {
                    problem(
                        l.span().start,
                        format!(
                            "unknown source language {:?} (expected ar, en, fa or other)",
                            l.get_ref()
                        ),
                    );
                    None
                }
            },
        };
        let every_seconds = match s.every {
            None => DEFAULT_EVERY_SECONDS,
            Some(e) => {
                let at = e.span().start;
                match parse_every(e.get_ref()) {
                    Ok(n) => n,
                    Err(msg) => {
                        problem(at, msg);
                        DEFAULT_EVERY_SECONDS
                    }
                }
            }
        };
        let outlet = s
            .outlet
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| host_of(&url).to_owned());
        sources.push(Source {
            url,
            outlet,
            lang,
            every_seconds,
        });
    }
    sources
}

/// An `http://` or `https://` URL with a host; anything else is refused with the reason.
fn check_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("is not an http(s) url")?;
    if host_of(url).is_empty() || rest.chars().any(char::is_whitespace) {
        return Err("has no host or contains spaces");
    }
    Ok(())
}

/// The host part of an http(s) URL (`www.aljazeera.net`), the default outlet name.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    host.split(':').next().unwrap_or("")
}

fn parse_every(raw: &RawEvery) -> Result<u64, String> {
    let seconds = match raw {
        RawEvery::Seconds(n) => *n,
        RawEvery::Text(t) => {
            let t = t.trim();
            let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            let (number, unit) = t.split_at(split);
            let unit_seconds = match unit.trim() {
                "" | "s" => 1,
                "m" | "min" => 60,
                "h" => 3600,
                "d" => 86_400,
                _ => {
                    return Err(format!(
                        "every {t:?}: expected seconds, or a number with s, m, h or d (\"15m\")"
                    ))
                }
            };
            let n: i64 = number
                .parse()
                .map_err(|_| format!("every {t:?}: expected a number before the unit"))?;
            n.saturating_mul(unit_seconds)
        }
    };
    if seconds < 1 || seconds as u64 > MAX_EVERY_SECONDS {
        return Err(format!(
            "every must be 1 second to 7 days, got {seconds} seconds"
        ));
    }
    Ok(seconds as u64)
}

#[cfg(test)]
mod tests {
    use crate::{Vocabulary, Watch};

    /// A source as `(url, outlet, lang, seconds)`.
    type Row = (String, String, Option<String>, u64);

    /// Reads a watch with `sources` (TOML) appended; `Ok` the sources as `(url, outlet, lang,
    /// seconds)`, `Err` the error message.
    fn check(sources: &str) -> Result<Vec<Row>, String> {
        let text = format!(
            "name = \"w\"\nparties = [{{ code = \"IRN\" }}, {{ code = \"USA\" }}]\n{sources}"
        );
        Watch::from_toml(&text, "w.toml", Vocabulary::embedded())
            .map(|w| {
                w.sources
                    .into_iter()
                    .map(|s| (s.url, s.outlet, s.lang, s.every_seconds))
                    .collect()
            })
            .map_err(|e| e.to_string())
    }

    fn one(url: &str, outlet: &str, lang: Option<&str>, every: u64) -> Vec<Row> {
        vec![(url.into(), outlet.into(), lang.map(Into::into), every)]
    }

    #[test]
    fn sources_are_read_with_their_defaults() {
        assert_eq!(check(""), Ok(vec![]));
        assert_eq!(
            check("[[source]]\nurl = \"https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9\"\noutlet = \"الجزيرة نت\"\nlang = \"ar\"\nevery = \"10m\"\n"),
            Ok(one("https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9", "الجزيرة نت", Some("ar"), 600))
        );
        // No outlet: the host; no interval: 15 minutes; no language: detected per article.
        assert_eq!(
            check("[[source]]\nurl = \"http://127.0.0.1:8000/feed.xml\"\n"),
            Ok(one(
                "http://127.0.0.1:8000/feed.xml",
                "127.0.0.1",
                None,
                900
            ))
        );
        assert_eq!(
            check("[[source]]\nurl = \"https://a.example/rss\"\nevery = 30\n"),
            Ok(one("https://a.example/rss", "a.example", None, 30))
        );
        assert_eq!(
            check("[[source]]\nurl = \"https://a.example/rss\"\nevery = \"2h\"\n").map(|v| v[0].3),
            Ok(7200)
        );
    }

    #[test]
    fn bad_sources_are_reported_with_their_position() {
        let err = |s: &str| check(s).unwrap_err();
        assert_eq!(
            err("[[source]]\nurl = \"file:///etc/passwd\"\n"),
            "w.toml:4:7: source url \"file:///etc/passwd\" is not an http(s) url"
        );
        assert_eq!(
            err("[[source]]\nurl = \"https://a.example/rss\"\nlang = \"de\"\n"),
            "w.toml:5:8: unknown source language \"de\" (expected ar, en, fa or other)"
        );
        assert_eq!(
            err("[[source]]\nurl = \"https://a.example/rss\"\nevery = \"soon\"\n"),
            "w.toml:5:9: every \"soon\": expected seconds, or a number with s, m, h or d (\"15m\")"
        );
        assert_eq!(
            err("[[source]]\nurl = \"https://a.example/rss\"\nevery = 0\n"),
            "w.toml:5:9: every must be 1 second to 7 days, got 0 seconds"
        );
        assert!(err("[[source]]\nurl = \"https://a.example/rss\"\n[[source]]\nurl = \"https://a.example/rss\"\n")
            .contains("duplicate source"));
        assert!(
            err("[[source]]\nurl = \"https://a.example/rss\"\ncolour = 1\n")
                .contains("unknown field `colour`")
        );
    }
}
