//! Reading documents: plain text files, folders of them, stdin, JSONL, HTML pages, RSS/Atom feeds,
//! and `http(s)://` URLs of pages and feeds.
//!
//! [`Inputs`] is a streaming iterator over the paths and URLs given on the command line.
//! It yields one [`InputDoc`] per document, or an [`InputError`] that names the file and line, or
//! the URL.
//! JSONL is read one line at a time through a `BufReader` with one reused buffer,
//! so memory stays flat however large the input is (issue 2 asks for a 1 GB file).
//!
//! Each input goes to its reader by what it is:
//! - a URL (`http://`, `https://`) is fetched ([`crate::fetch`]) and read by its `Content-Type`,
//!   else by sniffing; a page is one document whose id is the URL;
//! - `*.jsonl` is JSONL; `*.html`, `*.htm` are pages ([`crate::html`]); `*.xml`, `*.rss`, `*.atom`
//!   are feeds ([`crate::feed`]);
//! - anything else (and stdin) is sniffed: content starting with `<` that holds `<rss`, `<feed` or
//!   `<rdf:RDF` in its first kilobyte is a feed, with `<html` or `<!doctype html` a page, and
//!   everything else is one plain-text document;
//! - `--input` ([`InputOptions::format`]) forces one reader for every input (`text` turns sniffing
//!   off).
//!
//! A text file is one document whose id is the file stem; stdin read as text is the document `stdin`.
//! An HTML file is one document whose id is the file stem, with title, date, language, canonical URL
//! and site name from the page.
//! Text and JSONL must be UTF-8; a page that is not is decoded from the character set its server or
//! its `<meta>` declares (older Arabic sites still serve `windows-1256`).
//! A JSONL line is one object `{"id", "text", "date"?, "lang"?, "title"?, "url"?, "source"?}`
//! (`published` is read as `date` when `date` is absent; a date with a time also gives the
//! article's publication time);
//! unknown fields are ignored, `null` means absent, and a line without an id gets `file:line`.
//! Blank lines are skipped silently.
//!
//! A feed gives one document per item, with origin `feed:line` (the line where the item starts) and
//! id its `guid`, else its link, else `feed#n`; its `source` is the feed's title.
//! An item without text is read from the page its link names: for a feed on disk, a relative link
//! to a saved page inside the feed's folder (never the network); for a fetched feed, the linked
//! URL, at most [`crate::fetch::FetchOptions::max_linked_pages`] per feed.
//! A fetched feed never opens local files, and a feed on disk never opens a file outside its own
//! folder: a feed is data someone else wrote, so `../../secret.txt`, `/etc/passwd`,
//! `file:///etc/hostname` and a symlink that leads out of the folder are refused with the reason
//! (issue 13), after `..` and symlinks are resolved (`saved_page`).
//!
//! A document is at most [`InputOptions::max_doc_bytes`] bytes (10 MB unless `--max-doc-bytes`
//! says otherwise): a larger file, JSONL line or linked page is skipped with its name or
//! `file:line` and counted as `too large`.
//! The readers decide before they hold it: a file's size is asked of the file system, and a JSONL
//! line or a stream is read only up to the limit, the rest of an overlong line being passed over
//! without being kept: a 50 MB one-line file, which took 4.5 GB to code, is now skipped in
//! 111 MB (as text) or 140 MB (as JSONL) of peak memory, release build, most of it the lexicon
//! (issue 13; `scripts/measure-doc-cap.sh` re-measures it).
//!
//! Folders are walked with `walkdir`, which follows symbolic links but stops at a link that leads
//! back to a folder above it: such a loop is reported as an error (not fatal) instead of being
//! walked until the operating system gives up, which read one file 41 times.
//! A file reached twice (through two links, or a link and its target) is read once: files are
//! recognised by their canonical path.
//!
//! A `304 Not Modified` answer (see [`crate::fetch`]) yields nothing and is counted in
//! [`Inputs::stats`]; the caller saves the validators with [`Inputs::save_fetch_cache`] once it has
//! stored what it read.
//!
//! Errors come in two weights.
//! A bad line, an unreadable document, a page without text, a feed that does not parse or a URL
//! that fails is *recoverable*: the caller reports it, counts it and goes on (or stops, under
//! `--strict`).
//! A path that does not exist or cannot be opened, or a fetch cache that cannot be read, is *fatal*
//! ([`InputError::is_fatal`]), because it is a mistake on the command line rather than messy data.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use marsad_text::lang::Lang;
use serde_json::{Map, Value};

use crate::feed::{read_feed, FeedError, FeedItem};
use crate::fetch::{FetchError, FetchOptions, Fetched, Fetcher};
use crate::html::{read_html, HtmlError, HtmlPage};

/// One document as read, before any text processing.
#[derive(Clone, Debug, PartialEq)]
pub struct InputDoc {
    /// The document id: the JSONL `id`, the file stem, `stdin`, or `file:line` when a JSONL line has none.
    pub id: String,
    /// The document text, exactly as read (a leading byte-order mark is dropped).
    pub text: String,
    /// Publication date: the JSONL `date`, else the `--date` default.
    pub date: Option<NaiveDate>,
    /// Publication time, when the source gives one with the date (a JSONL `date` with a time, a
    /// feed item's time, an HTML meta time); it only orders same-day events (issue 14, item 1).
    pub published_at: Option<DateTime<Utc>>,
    /// Language: the JSONL `lang`, else the `--lang` default; `None` means "detect it".
    pub lang: Option<Lang>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// Where the document came from: `path` for a file, `path:line` for a JSONL line or a feed item,
    /// the URL for a fetched page.
    pub origin: String,
}

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// An HTML page: its main text and metadata.
    Html,
    /// An RSS or Atom feed: one document per item.
    Feed,
}

/// What applies to every document that does not say otherwise.
#[derive(Clone, Debug)]
pub struct InputOptions {
    /// Forces the format of every input; `None` picks by extension, content type and content.
    pub format: Option<InputFormat>,
    /// Publication date for documents without one.
    pub date: Option<NaiveDate>,
    /// Language for documents without one.
    pub lang: Option<Lang>,
    /// How URLs are fetched.
    pub fetch: FetchOptions,
    /// The largest document read, in bytes: a file, a JSONL line or a linked page over it is
    /// skipped as [`InputErrorKind::TooLarge`].
    pub max_doc_bytes: u64,
}

/// The default of [`InputOptions::max_doc_bytes`]: 10 MB, the cap fetched pages already had
/// ([`FetchOptions::max_bytes`]), far above any news article.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 10 * 1024 * 1024;

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: None,
            date: None,
            lang: None,
            fetch: FetchOptions::default(),
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

/// Why an input could not be read.
#[derive(Debug)]
pub struct InputError {
    /// `path` or `path:line`.
    pub origin: String,
    pub kind: InputErrorKind,
}

/// The kinds of [`InputError`]; `label` gives each a short name for summaries.
#[derive(Debug)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// A path given on the command line does not exist or cannot be opened or listed.
    Open(io::Error),
    /// Reading failed part-way through a file or stdin.
    Read(io::Error),
    /// The bytes are not UTF-8.
    NotUtf8 { byte: usize },
    /// A page's bytes are not valid in the character set it declares.
    BadEncoding { charset: String },
    /// A JSONL line is not valid JSON.
    BadJson(serde_json::Error),
    /// A JSONL line is valid JSON but not an object.
    NotAnObject { found: &'static str },
    /// The `text` field is absent or `null`.
    MissingText,
    /// A field has the wrong JSON type.
    BadField {
        field: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    /// The `date` field is not `YYYY-MM-DD`.
    BadDate { value: String },
    /// The `lang` field is not a language Marsad knows.
    BadLang { value: String },
    /// An HTML page gave no article.
    Html(HtmlError),
    /// A feed does not parse.
    Feed(FeedError),
    /// A URL could not be fetched.
    Fetch(FetchError),
    /// The fetch cache file cannot be read or written.
    FetchCache(String),
    /// A feed item has no text and no link.
    NoText,
    /// A feed item has only a link, and the link is not a page Marsad may read.
    LinkNotRead { link: String, why: &'static str },
    /// A fetched feed has more link-only items than may be fetched.
    TooManyLinks { limit: usize },
    /// A document is larger than [`InputOptions::max_doc_bytes`]; `bytes` is its size when known
    /// (a stream is not read past the limit).
    TooLarge { bytes: Option<u64>, limit: u64 },
    /// A symbolic link in a folder leads back to a folder above it; it is not followed.
    SymlinkLoop { ancestor: PathBuf },
}

/// A streaming iterator over the documents in a list of paths and URLs (`-` is stdin).
pub struct Inputs {
    options: InputOptions,
    /// Paths still to open, in reverse order so that `pop` takes the next one.
    pending: Vec<PathBuf>,
    current: Option<Source>,
    /// Documents and linked pages of the feed being read, in order.
    queue: VecDeque<Queued>,
    /// Made at the first URL.
    fetcher: Option<Fetcher>,
    stats: ReadStats,
    /// Canonical paths of the files listed from folders so far: a file reached again through
    /// another link is not listed twice.
    listed: HashSet<PathBuf>,
}

/// Counts of what [`Inputs`] did besides yielding documents and errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// URLs fetched with a body.
    pub fetched: usize,
    /// URLs answered `304 Not Modified`: nothing new, nothing yielded.
    pub not_modified: usize,
    /// Feeds read, and the items they listed.
    pub feeds: usize,
    pub feed_items: usize,
}

/// A feed item waiting to be yielded.
enum Queued {
    Ready(Result<InputDoc, InputError>),
    /// An item without text, to be read from its linked page.
    Linked {
        item: FeedItem,
        meta: FeedMeta,
        page: PageRef,
        origin: String,
    },
}

/// Where a linked page is.
enum PageRef {
    File(PathBuf),
    Url(String),
}

/// Where the bytes of one input came from.
struct Origin<'a> {
    /// The document id (file stem or URL).
    id: String,
    /// The name errors and origins carry (path or URL).
    name: String,
    /// The URL it was fetched from, after redirects.
    url: Option<&'a str>,
    /// The character set the server declared.
    charset: Option<&'a str>,
    /// The file it was read from.
    local: Option<&'a Path>,
}

/// What a feed's items share.
#[derive(Clone)]
struct FeedMeta {
    title: Option<String>,
}

impl InputError {
    /// True when the error is about the command line rather than one document.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self.kind,
            InputErrorKind::Open(_) | InputErrorKind::FetchCache(_)
        )
    }
}

impl InputErrorKind {
    /// A short stable name for the summary line (`bad json`, `missing text`, …).
    pub fn label(&self) -> &'static str {
        match self {
            InputErrorKind::Open(_) => "cannot open",
            InputErrorKind::Read(_) => "read error",
            InputErrorKind::NotUtf8 { .. } => "not utf-8",
            InputErrorKind::BadEncoding { .. } => "bad encoding",
            InputErrorKind::BadJson(_) => "bad json",
            InputErrorKind::NotAnObject { .. } => "not an object",
            InputErrorKind::MissingText => "missing text",
            InputErrorKind::BadField { .. } => "bad field",
            InputErrorKind::BadDate { .. } => "bad date",
            InputErrorKind::BadLang { .. } => "bad lang",
            InputErrorKind::Html(HtmlError::NoText) => "no text in page",
            InputErrorKind::Html(_) => "bad html",
            InputErrorKind::Feed(_) => "bad feed",
            InputErrorKind::Fetch(FetchError::Status(_)) => "http error",
            InputErrorKind::Fetch(FetchError::Timeout(_)) => "timeout",
            InputErrorKind::Fetch(FetchError::TooLarge { .. }) => "too large",
            InputErrorKind::Fetch(_) => "fetch failed",
            InputErrorKind::FetchCache(_) => "fetch cache",
            InputErrorKind::NoText => "no text",
            InputErrorKind::LinkNotRead { .. } => "link not read",
            InputErrorKind::TooManyLinks { .. } => "link limit",
            InputErrorKind::TooLarge { .. } => "too large",
            InputErrorKind::SymlinkLoop { .. } => "symlink loop",
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        match &self.kind {
            InputErrorKind::Open(e) => write!(f, "cannot open: {e}"),
            InputErrorKind::Read(e) => write!(f, "read error: {e}"),
            InputErrorKind::NotUtf8 { byte } => write!(f, "not utf-8 at byte {byte} of the line"),
            InputErrorKind::BadEncoding { charset } => {
                write!(f, "not valid {charset}, the character set the page declares")
            }
            InputErrorKind::BadJson(e) => {
                // serde_json ends its message with "at line 1 column N", where the line is always 1
                // because a JSONL record is one line; give the column only, next to the file line.
                let msg = e.to_string();
                let suffix = format!(" at line {} column {}", e.line(), e.column());
                let msg = msg.strip_suffix(&suffix).unwrap_or(&msg);
                write!(f, "bad json at column {}: {msg}", e.column())
            }
            InputErrorKind::NotAnObject { found } => {
                write!(f, "expected a json object, found {found}")
            }
            InputErrorKind::MissingText => write!(f, "missing field `text`"),
            InputErrorKind::BadField {
                field,
                expected,
                found,
            } => write!(f, "field `{field}` must be {expected}, found {found}"),
            InputErrorKind::BadDate { value } => {
                write!(f, "field `date` is not a YYYY-MM-DD date ({value})")
            }
            InputErrorKind::BadLang { value } => {
                write!(f, "field `lang` is not ar, en, fa or other ({value})")
            }
            InputErrorKind::Html(e) => write!(f, "{e}"),
            InputErrorKind::Feed(e) => write!(f, "{e}"),
            InputErrorKind::Fetch(e) => write!(f, "{e}"),
            InputErrorKind::FetchCache(e) => write!(f, "fetch cache: {e}"),
            InputErrorKind::NoText => write!(f, "feed item has no text and no link"),
            InputErrorKind::LinkNotRead { link, why } => {
                write!(f, "feed item has only a link, {why}: {link}")
            }
            InputErrorKind::TooManyLinks { limit } => write!(
                f,
                "feed item has only a link, not fetched: over the limit of {limit} linked pages per feed"
            ),
            InputErrorKind::TooLarge {
                bytes: Some(bytes),
                limit,
            } => write!(
                f,
                "document of {bytes} bytes is over the limit of {limit} bytes (--max-doc-bytes)"
            ),
            InputErrorKind::TooLarge { bytes: None, limit } => write!(
                f,
                "document is over the limit of {limit} bytes (--max-doc-bytes)"
            ),
            InputErrorKind::SymlinkLoop { ancestor } => write!(
                f,
                "symbolic link loops back to {}, not followed",
                ancestor.display()
            ),
        }
    }
}

/// No `source`: the message already includes the underlying error, and the binary prints the
/// cause chain, which would then repeat it.
impl std::error::Error for InputError {}

impl Inputs {
    /// Reads `paths` in order; no paths means stdin.
    /// A path that starts with `http://` or `https://` is a URL.
    /// Folders are walked recursively in sorted order and give their `*.txt`, `*.jsonl`, `*.html`,
    /// `*.htm`, `*.xml`, `*.rss` and `*.atom` files.
    pub fn new(paths: Vec<PathBuf>, options: InputOptions) -> Self {
        let mut pending = if paths.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            paths
        };
        pending.reverse();
        Inputs {
            options,
            pending,
            current: None,
            queue: VecDeque::new(),
            fetcher: None,
            stats: ReadStats::default(),
            listed: HashSet::new(),
        }
    }

    /// What was fetched, found unchanged, and read from feeds so far.
    pub fn stats(&self) -> ReadStats {
        self.stats
    }

    /// Writes the ETag / Last-Modified validators of the URLs fetched so far to
    /// [`FetchOptions::cache`]; call it once what was read is stored (see [`crate::fetch`]).
    /// Does nothing when no URL was fetched or no cache file is named.
    pub fn save_fetch_cache(&mut self) -> Result<(), InputError> {
        let Some(fetcher) = &mut self.fetcher else {
            return Ok(());
        };
        fetcher.save_cache().map_err(|e| InputError {
            origin: cache_name(&self.options.fetch),
            kind: InputErrorKind::FetchCache(format!("cannot write: {e}")),
        })
    }

    /// Opens the next path: a JSONL stream, a URL, a folder's files, or a whole document.
    fn open(&mut self, path: PathBuf) -> Option<Result<InputDoc, InputError>> {
        let is_stdin = path.as_os_str() == "-";
        if let Some(url) = path.to_str().filter(|p| is_url(p)) {
            return self.open_url(url.to_string());
        }
        let name = if is_stdin {
            "stdin".to_string()
        } else {
            path.display().to_string()
        };
        if !is_stdin && path.is_dir() {
            return match list_folder(&path, &mut self.listed) {
                Ok((files, errors)) => {
                    self.pending.extend(files.into_iter().rev());
                    self.queue
                        .extend(errors.into_iter().map(|e| Queued::Ready(Err(e))));
                    None
                }
                Err(e) => Some(Err(InputError {
                    origin: name,
                    kind: InputErrorKind::Open(e),
                })),
            };
        }
        let limit = self.options.max_doc_bytes;
        let format = self.options.format.or_else(|| format_of_path(&path));
        let reader: Box<dyn Read> = if is_stdin {
            Box::new(io::stdin().lock())
        } else {
            match File::open(&path) {
                Ok(f) => {
                    // A regular file says its size: one over the limit is refused unread.
                    // JSONL is bounded per line instead (see `Source`).
                    let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                    if format != Some(InputFormat::Jsonl) && size.is_some_and(|n| n > limit) {
                        return Some(Err(InputError {
                            origin: name,
                            kind: InputErrorKind::TooLarge { bytes: size, limit },
                        }));
                    }
                    Box::new(f)
                }
                Err(e) => {
                    return Some(Err(InputError {
                        origin: name,
                        kind: InputErrorKind::Open(e),
                    }))
                }
            }
        };
        if format == Some(InputFormat::Jsonl) {
            self.current = Some(Source {
                name,
                reader: BufReader::with_capacity(1 << 16, reader),
                line: 0,
                buf: Vec::new(),
            });
            return None;
        }
        let id = if is_stdin {
            "stdin".to_string()
        } else {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone())
        };
        let bytes = match read_bounded(reader, limit) {
            Ok(b) => b,
            Err(kind) => return Some(Err(InputError { origin: name, kind })),
        };
        let format = format.unwrap_or_else(|| sniff(&bytes));
        let source = Origin {
            id,
            name,
            url: None,
            charset: None,
            local: (!is_stdin).then_some(path.as_path()),
        };
        self.read_document(format, bytes, source)
    }

    /// Fetches a URL and reads it as a page, a feed or text.
    fn open_url(&mut self, url: String) -> Option<Result<InputDoc, InputError>> {
        let fetched = match self.fetch(&url) {
            Ok(Some(f)) => f,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let Fetched::Body {
            bytes,
            content_type,
            charset,
            url: final_url,
        } = fetched
        else {
            return None;
        };
        let format = self
            .options
            .format
            .or_else(|| content_type.as_deref().and_then(format_of_content_type))
            .unwrap_or_else(|| sniff(&bytes));
        let source = Origin {
            id: url.clone(),
            name: url,
            url: Some(&final_url),
            charset: charset.as_deref(),
            local: None,
        };
        self.read_document(format, bytes, source)
    }

    /// GETs `url`; `Ok(None)` when it has not changed since the last run.
    fn fetch(&mut self, url: &str) -> Result<Option<Fetched>, InputError> {
        if self.fetcher.is_none() {
            let fetcher = Fetcher::new(self.options.fetch.clone()).map_err(|e| InputError {
                origin: cache_name(&self.options.fetch),
                kind: InputErrorKind::FetchCache(e),
            })?;
            self.fetcher = Some(fetcher);
        }
        let fetcher = self.fetcher.as_mut().expect("made above");
        match fetcher.get(url) {
            Ok(Fetched::NotModified) => {
                self.stats.not_modified += 1;
                Ok(None)
            }
            Ok(body) => {
                self.stats.fetched += 1;
                Ok(Some(body))
            }
            Err(e) => Err(InputError {
                origin: url.to_string(),
                kind: InputErrorKind::Fetch(e),
            }),
        }
    }

    /// Reads the bytes of one input in `format`; a feed queues its items, which `next` yields.
    fn read_document(
        &mut self,
        format: InputFormat,
        bytes: Vec<u8>,
        source: Origin<'_>,
    ) -> Option<Result<InputDoc, InputError>> {
        let Origin {
            id,
            name: origin,
            url,
            charset,
            local,
        } = source;
        let err = |kind| {
            Some(Err(InputError {
                origin: origin.clone(),
                kind,
            }))
        };
        match format {
            InputFormat::Feed => match read_feed(&bytes, url) {
                Ok(feed) => {
                    self.queue_feed(feed, &bytes, &id, &origin, url.is_some(), local);
                    None
                }
                Err(e) => err(InputErrorKind::Feed(e)),
            },
            InputFormat::Html => Some(
                decode_html(bytes, charset)
                    .and_then(|text| read_html(&text, url).map_err(InputErrorKind::Html))
                    .map(|page| self.page_doc(page, id, origin.clone(), url))
                    .map_err(|kind| InputError {
                        origin: origin.clone(),
                        kind,
                    }),
            ),
            InputFormat::Text | InputFormat::Jsonl => {
                let text = match utf8(bytes) {
                    Ok(t) => t,
                    Err(kind) => return err(kind),
                };
                if format == InputFormat::Jsonl {
                    // A fetched JSONL body: small enough to hold, read line by line.
                    let name = origin.clone();
                    self.current = Some(Source {
                        name,
                        reader: BufReader::new(Box::new(io::Cursor::new(text.into_bytes()))),
                        line: 0,
                        buf: Vec::new(),
                    });
                    return None;
                }
                Some(Ok(InputDoc {
                    id,
                    text,
                    date: self.options.date,
                    published_at: None,
                    lang: self.options.lang,
                    title: None,
                    url: url.map(str::to_string),
                    source: None,
                    origin,
                }))
            }
        }
    }

    /// A document from a page read on its own.
    fn page_doc(&self, page: HtmlPage, id: String, origin: String, url: Option<&str>) -> InputDoc {
        InputDoc {
            id,
            text: page.text,
            date: page.published.or(self.options.date),
            published_at: page.published.and(page.published_at),
            lang: page.lang.or(self.options.lang),
            title: page.title,
            url: page.url.or_else(|| url.map(str::to_string)),
            source: page.site_name,
            origin,
        }
    }

    /// Queues a feed's items: documents for items with text, linked pages for the others.
    fn queue_feed(
        &mut self,
        feed: crate::feed::Feed,
        bytes: &[u8],
        feed_id: &str,
        feed_origin: &str,
        remote: bool,
        local: Option<&Path>,
    ) {
        self.stats.feeds += 1;
        self.stats.feed_items += feed.items.len();
        let lines = item_lines(bytes);
        let lines_known = lines.len() == feed.items.len();
        let meta = FeedMeta { title: feed.title };
        let limit = self.options.fetch.max_linked_pages;
        let mut linked = 0usize;
        for (i, mut item) in feed.items.into_iter().enumerate() {
            let origin = if lines_known {
                format!("{feed_origin}:{}", lines[i])
            } else {
                format!("{feed_origin}#{}", i + 1)
            };
            if item.id.is_empty() {
                item.id = format!("{feed_id}#{}", i + 1);
            }
            let fail = |kind| {
                Queued::Ready(Err(InputError {
                    origin: origin.clone(),
                    kind,
                }))
            };
            if item.text.is_some() {
                let doc = self.item_doc(item, &meta, None, origin);
                self.queue.push_back(Queued::Ready(Ok(doc)));
                continue;
            }
            let Some(link) = item.link.clone() else {
                self.queue.push_back(fail(InputErrorKind::NoText));
                continue;
            };
            let page = match (remote, local) {
                (true, _) if is_url(&link) => {
                    if linked >= limit {
                        self.queue
                            .push_back(fail(InputErrorKind::TooManyLinks { limit }));
                        continue;
                    }
                    linked += 1;
                    PageRef::Url(link)
                }
                (true, _) => {
                    let why = "a fetched feed may only link to http(s) pages";
                    self.queue
                        .push_back(fail(InputErrorKind::LinkNotRead { link, why }));
                    continue;
                }
                (false, feed_path) => {
                    // A feed read from stdin has no folder: it may not open files at all.
                    let page = feed_path
                        .ok_or("and a feed read from stdin reads no saved pages")
                        .and_then(|p| saved_page(p, &link));
                    match page {
                        Ok(path) => PageRef::File(path),
                        Err(why) => {
                            self.queue
                                .push_back(fail(InputErrorKind::LinkNotRead { link, why }));
                            continue;
                        }
                    }
                }
            };
            self.queue.push_back(Queued::Linked {
                item,
                meta: meta.clone(),
                page,
                origin,
            });
        }
    }

    /// A document from a feed item, with the text of its linked page when it has none.
    fn item_doc(
        &self,
        item: FeedItem,
        meta: &FeedMeta,
        page: Option<HtmlPage>,
        origin: String,
    ) -> InputDoc {
        let (text, page) = match (item.text, page) {
            (Some(t), page) => (t, page),
            (None, Some(mut p)) => (std::mem::take(&mut p.text), Some(p)),
            (None, None) => (String::new(), None),
        };
        let page = page.unwrap_or_default();
        // The time goes with the date it came from: the item's, else the page's.
        let published_at = match item.published {
            Some(_) => item.published_at,
            None => page.published.and(page.published_at),
        };
        InputDoc {
            id: item.id,
            text,
            date: item.published.or(page.published).or(self.options.date),
            published_at,
            lang: page.lang.or(item.lang).or(self.options.lang),
            title: item.title.or(page.title),
            url: item.link.or(page.url),
            source: meta.title.clone().or(page.site_name),
            origin,
        }
    }

    /// Reads the page behind a link-only feed item.
    fn read_linked(
        &mut self,
        item: FeedItem,
        meta: FeedMeta,
        page: PageRef,
        item_origin: String,
    ) -> Option<Result<InputDoc, InputError>> {
        let (bytes, origin, url, charset) = match page {
            PageRef::File(path) => {
                let origin = path.display().to_string();
                match read_file_bounded(&path, self.options.max_doc_bytes) {
                    Ok(b) => (b, origin, None, None),
                    Err(kind) => {
                        return Some(Err(InputError {
                            origin: format!("{item_origin}: {origin}"),
                            kind,
                        }))
                    }
                }
            }
            PageRef::Url(url) => match self.fetch(&url) {
                Ok(Some(Fetched::Body {
                    bytes,
                    url: final_url,
                    charset,
                    ..
                })) => (bytes, url, Some(final_url), charset),
                Ok(_) => return None,
                Err(e) => return Some(Err(e)),
            },
        };
        let result = decode_html(bytes, charset.as_deref())
            .and_then(|html| read_html(&html, url.as_deref()).map_err(InputErrorKind::Html))
            .map(|page| self.item_doc(item, &meta, Some(page), origin.clone()));
        Some(result.map_err(|kind| InputError { origin, kind }))
    }
}

impl Iterator for Inputs {
    type Item = Result<InputDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(queued) = self.queue.pop_front() {
                let item = match queued {
                    Queued::Ready(item) => Some(item),
                    Queued::Linked {
                        item,
                        meta,
                        page,
                        origin,
                    } => self.read_linked(item, meta, page, origin),
                };
                match item {
                    Some(item) => return Some(item),
                    None => continue,
                }
            }
            if let Some(source) = &mut self.current {
                match source.next_line(&self.options) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let path = self.pending.pop()?;
            if let Some(item) = self.open(path) {
                return Some(item);
            }
        }
    }
}

/// An open JSONL stream.
struct Source {
    name: String,
    reader: BufReader<Box<dyn Read>>,
    /// 1-based number of the line in `buf`.
    line: usize,
    buf: Vec<u8>,
}

impl Source {
    /// The next non-blank line's document or error; `None` at the end of the stream.
    fn next_line(&mut self, options: &InputOptions) -> Option<Result<InputDoc, InputError>> {
        loop {
            self.buf.clear();
            self.line += 1;
            let origin = || format!("{}:{}", self.name, self.line);
            let limit = options.max_doc_bytes;
            match read_line_bounded(&mut self.reader, &mut self.buf, limit) {
                Ok(Line::End) => return None,
                Ok(Line::Kept) => {}
                Ok(Line::TooLong(bytes)) => {
                    return Some(Err(InputError {
                        origin: origin(),
                        kind: InputErrorKind::TooLarge {
                            bytes: Some(bytes),
                            limit,
                        },
                    }))
                }
                Err(e) => {
                    // A read error usually repeats forever; report it once and end this stream.
                    self.buf.clear();
                    let err = InputError {
                        origin: origin(),
                        kind: InputErrorKind::Read(e),
                    };
                    self.reader = BufReader::new(Box::new(io::empty()));
                    return Some(Err(err));
                }
            }
            let line = match std::str::from_utf8(&self.buf) {
                Ok(s) => s,
                Err(e) => {
                    return Some(Err(InputError {
                        origin: origin(),
                        kind: InputErrorKind::NotUtf8 {
                            byte: e.valid_up_to(),
                        },
                    }))
                }
            };
            let line = line.strip_prefix('\u{feff}').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            let line = line.trim_end_matches(['\n', '\r']);
            return Some(
                parse_json_line(line, &origin(), options).map_err(|kind| InputError {
                    origin: origin(),
                    kind,
                }),
            );
        }
    }
}

/// Reads one whole file (or stdin for `-`) as a single text document, for `marsad text`.
pub fn read_one_text(path: PathBuf) -> Result<InputDoc, InputError> {
    if path.is_dir() {
        return Err(InputError {
            origin: path.display().to_string(),
            kind: InputErrorKind::Open(io::Error::other("is a folder; give one file")),
        });
    }
    let options = InputOptions {
        format: Some(InputFormat::Text),
        ..InputOptions::default()
    };
    match Inputs::new(vec![path], options).next() {
        Some(item) => item,
        // A text path always yields exactly one item; this arm is unreachable in practice.
        None => Err(InputError {
            origin: "-".into(),
            kind: InputErrorKind::Read(io::Error::other("no document")),
        }),
    }
}

/// Parses one JSONL line into a document; `origin` is `file:line`.
pub fn parse_json_line(
    line: &str,
    origin: &str,
    options: &InputOptions,
) -> Result<InputDoc, InputErrorKind> {
    let value: Value = serde_json::from_str(line).map_err(InputErrorKind::BadJson)?;
    let Value::Object(mut obj) = value else {
        return Err(InputErrorKind::NotAnObject {
            found: json_type(&value),
        });
    };
    let text = match obj.remove("text") {
        None | Some(Value::Null) => return Err(InputErrorKind::MissingText),
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(InputErrorKind::BadField {
                field: "text",
                expected: "a string",
                found: json_type(&other),
            })
        }
    };
    let id = match obj.remove("id") {
        None | Some(Value::Null) => origin.to_string(),
        Some(Value::String(s)) => s,
        // Numeric ids are common in exported corpora; keep their JSON spelling.
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(InputErrorKind::BadField {
                field: "id",
                expected: "a string or a number",
                found: json_type(&other),
            })
        }
    };
    // `published` is read as another name for `date`, the field many exports use.
    let written = match take_string(&mut obj, "date")? {
        None => take_string(&mut obj, "published")?,
        d => d,
    };
    let (date, published_at) = match written {
        None => (options.date, None),
        Some(s) => (
            Some(parse_date(&s).ok_or(InputErrorKind::BadDate { value: s.clone() })?),
            parse_time(&s),
        ),
    };
    let lang = match take_string(&mut obj, "lang")? {
        None => options.lang,
        Some(s) => {
            Some(Lang::from_str(s.trim()).map_err(|_| InputErrorKind::BadLang { value: s })?)
        }
    };
    Ok(InputDoc {
        id,
        text,
        date,
        published_at,
        lang,
        title: take_string(&mut obj, "title")?,
        url: take_string(&mut obj, "url")?,
        source: take_string(&mut obj, "source")?,
        origin: origin.to_string(),
    })
}

/// Parses a publication date: `YYYY-MM-DD`, optionally followed by a time (`2026-02-06T09:30:00Z`),
/// because feeds and exports often carry full timestamps.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = match s.char_indices().nth(10) {
        Some((i, 'T' | 't' | ' ')) => &s[..i],
        Some(_) => return None,
        None => s,
    };
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Parses a publication time when the value gives one: RFC 3339 (`2026-02-06T18:30:00+03:00`),
/// RFC 2822 (`Fri, 06 Feb 2026 18:30:00 GMT`), or a date with a time and no offset
/// (`2026-02-06 18:30`), which is read as UTC, the zone exports without one are written in.
/// A date alone gives `None`: a day says nothing about the hour.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_rfc2822(s))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
            .map(|t| t.and_utc())
        })
}

/// Reads a whole file or stdin, but never more than `limit + 1` bytes: a longer input is
/// [`InputErrorKind::TooLarge`] as soon as it is known to be.
fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, InputErrorKind> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputErrorKind::Read)?;
    if bytes.len() as u64 > limit {
        return Err(InputErrorKind::TooLarge { bytes: None, limit });
    }
    Ok(bytes)
}

/// Reads a file of at most `limit` bytes; a larger one is refused from its size, unread.
fn read_file_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, InputErrorKind> {
    let file = File::open(path).map_err(InputErrorKind::Read)?;
    if let Some(bytes) = file.metadata().ok().map(|m| m.len()).filter(|&n| n > limit) {
        return Err(InputErrorKind::TooLarge {
            bytes: Some(bytes),
            limit,
        });
    }
    read_bounded(file, limit)
}

/// What [`read_line_bounded`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// The end of the stream: no more lines.
    End,
    /// A line is in the buffer (with its `\n`, unless it is the last line and has none).
    Kept,
    /// A line longer than the limit, of this many bytes (without its `\n`), was passed over; the
    /// buffer is empty.
    TooLong(u64),
}

/// Reads the next line into `buf` like `read_until(b'\n')`, except that a line longer than `limit`
/// bytes is not kept: once it is over the limit the rest is read and dropped chunk by chunk, so
/// memory stays at most `limit` plus the reader's buffer whatever the length of the line.
fn read_line_bounded(reader: &mut impl BufRead, buf: &mut Vec<u8>, limit: u64) -> io::Result<Line> {
    let mut len: u64 = 0;
    let mut over = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(match (len, over) {
                (0, _) => Line::End,
                (_, true) => Line::TooLong(len),
                (_, false) => Line::Kept,
            });
        }
        let newline = chunk.iter().position(|&b| b == b'\n');
        let take = newline.map_or(chunk.len(), |i| i + 1);
        let content = take - usize::from(newline.is_some());
        len += content as u64;
        if !over && len > limit {
            over = true;
            buf.clear();
        }
        if !over {
            buf.extend_from_slice(&chunk[..take]);
        }
        reader.consume(take);
        if newline.is_some() {
            return Ok(if over { Line::TooLong(len) } else { Line::Kept });
        }
    }
}

/// The bytes as a string without a leading byte-order mark, or where they stop being UTF-8.
fn utf8(bytes: Vec<u8>) -> Result<String, InputErrorKind> {
    let text = String::from_utf8(bytes).map_err(|e| InputErrorKind::NotUtf8 {
        byte: e.utf8_error().valid_up_to(),
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// A page's text: UTF-8 (with or without a byte-order mark) when the bytes are UTF-8, else decoded
/// from the character set the server or the page declares (`<meta charset>` or
/// `<meta http-equiv="content-type">` in the first 2 KB), e.g. `windows-1256`, which older Arabic
/// sites still use.
/// Bytes that are not UTF-8 and declare nothing are an error, not a guess.
fn decode_html(bytes: Vec<u8>, declared: Option<&str>) -> Result<String, InputErrorKind> {
    let err = match String::from_utf8(bytes) {
        Ok(text) => return utf8(text.into_bytes()),
        Err(e) => e,
    };
    let byte = err.utf8_error().valid_up_to();
    let bytes = err.into_bytes();
    let label = declared
        .map(str::to_string)
        .or_else(|| meta_charset(&bytes));
    let encoding = label
        .as_deref()
        .and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8)
        .ok_or(InputErrorKind::NotUtf8 { byte })?;
    encoding
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| InputErrorKind::BadEncoding {
            charset: encoding.name().to_string(),
        })
}

/// The `charset=` a page declares in its first 2 KB.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(2048)].to_ascii_lowercase();
    let at = head.windows(8).position(|w| w == b"charset=")? + 8;
    let value: String = head[at..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'')
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .map(|&b| char::from(b))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// True for `http://` and `https://` URLs (any case).
fn is_url(s: &str) -> bool {
    let head = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    head.starts_with("http://") || head.starts_with("https://")
}

/// The format a file's extension names, if it names one.
fn format_of_path(path: &Path) -> Option<InputFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" => Some(InputFormat::Jsonl),
        "html" | "htm" | "xhtml" => Some(InputFormat::Html),
        "xml" | "rss" | "atom" => Some(InputFormat::Feed),
        "txt" => Some(InputFormat::Text),
        _ => None,
    }
}

/// The format a `Content-Type` names, if it names one (`text/xml` is left to sniffing).
fn format_of_content_type(ct: &str) -> Option<InputFormat> {
    match ct {
        "text/html" | "application/xhtml+xml" => Some(InputFormat::Html),
        "application/rss+xml"
        | "application/atom+xml"
        | "application/rdf+xml"
        | "application/feed+json" => Some(InputFormat::Feed),
        "application/jsonl" | "application/x-ndjson" => Some(InputFormat::Jsonl),
        _ => None,
    }
}

/// The format of untyped bytes: markup at the start that names a feed or a page, else text.
fn sniff(bytes: &[u8]) -> InputFormat {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_none_or(|i| head[i] != b'<') {
        return InputFormat::Text;
    }
    let lower = head.to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
        InputFormat::Feed
    } else if has(b"<html") || has(b"<!doctype html") {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

/// The saved page a feed on disk links to, or why it is not read (the `why` of
/// [`InputErrorKind::LinkNotRead`]).
///
/// Only a relative link to a file inside the feed's folder is read: the link is resolved against
/// the feed's folder, then `..` and symbolic links are resolved by the file system
/// (`canonicalize`), and the real path must still be under the real path of that folder.
/// Absolute paths, `file:` URLs and any other scheme are refused before the file system is asked,
/// so a feed cannot even learn whether `/etc/shadow` exists.
fn saved_page(feed: &Path, link: &str) -> Result<PathBuf, &'static str> {
    const NOT_SAVED: &str = "and it is not a saved page next to the feed";
    const OUTSIDE: &str = "and it leads outside the feed's folder";
    let trimmed = link.trim();
    if is_url(trimmed) {
        return Err("and a feed on disk only reads pages saved next to it");
    }
    if trimmed
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("file:"))
    {
        return Err("and a feed on disk does not read file: URLs");
    }
    if trimmed.starts_with(['/', '\\']) || Path::new(trimmed).is_absolute() {
        return Err("and a feed on disk does not read absolute paths");
    }
    if url::Url::parse(trimmed).is_ok() {
        // `mailto:`, `data:`, `C:/…` and the like: a scheme of its own, not a relative path.
        return Err(NOT_SAVED);
    }
    let folder = std::path::absolute(feed)
        .ok()
        .and_then(|f| f.parent().map(Path::to_path_buf))
        .and_then(|d| d.canonicalize().ok())
        .ok_or(NOT_SAVED)?;
    // The URL join decodes `%20` and drops `?query` and `#fragment`, as a browser would.
    let base = url::Url::from_directory_path(&folder).map_err(|()| NOT_SAVED)?;
    let target = base.join(trimmed).map_err(|_| NOT_SAVED)?;
    if target.scheme() != "file" {
        return Err(NOT_SAVED);
    }
    let path = target.to_file_path().map_err(|()| NOT_SAVED)?;
    // The join already folded `..` away from the path's text; canonicalize resolves the symbolic
    // links, and fails for a file that does not exist.
    let real = path.canonicalize().map_err(|_| {
        if path.starts_with(&folder) {
            NOT_SAVED
        } else {
            OUTSIDE
        }
    })?;
    if !real.starts_with(&folder) {
        return Err(OUTSIDE);
    }
    if !real.is_file() {
        return Err(NOT_SAVED);
    }
    Ok(real)
}

/// The 1-based lines where the feed's items (`<item`, `<entry`) start, in order.
fn item_lines(bytes: &[u8]) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line += 1;
        } else if b == b'<' {
            let rest = &bytes[i + 1..];
            let tag = if rest.starts_with(b"item") {
                4
            } else if rest.starts_with(b"entry") {
                5
            } else {
                continue;
            };
            if rest
                .get(tag)
                .is_some_and(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
            {
                lines.push(line);
            }
        }
    }
    lines
}

/// The name errors about the fetch cache carry.
fn cache_name(options: &FetchOptions) -> String {
    options
        .cache
        .as_ref()
        .map_or_else(|| "fetch cache".to_string(), |p| p.display().to_string())
}

/// The readable files under `dir`, recursively, sorted by path, with the errors met on the way
/// (a symbolic link loop, an entry that cannot be read), which are reported but not fatal.
/// Only a folder that cannot be listed at all is an `Err`.
///
/// `walkdir` follows symbolic links and detects loops (a link to a folder above it); a folder
/// reached again through another link is not walked again, and `listed` holds the canonical paths
/// of the files listed before, so a file reached through two links is listed once, under the first
/// path that reached it.
fn list_folder(
    dir: &Path,
    listed: &mut HashSet<PathBuf>,
) -> io::Result<(Vec<PathBuf>, Vec<InputError>)> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let folders = std::cell::RefCell::new(HashSet::new());
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !e.file_type().is_dir()
                || e.path()
                    .canonicalize()
                    .map_or(true, |real| folders.borrow_mut().insert(real))
        });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.depth() == 0 => {
                return Err(e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("cannot list the folder")))
            }
            Err(e) => {
                let origin = e
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                let kind = match e.loop_ancestor() {
                    Some(ancestor) => InputErrorKind::SymlinkLoop {
                        ancestor: ancestor.to_path_buf(),
                    },
                    None => InputErrorKind::Read(
                        e.into_io_error()
                            .unwrap_or_else(|| io::Error::other("cannot read")),
                    ),
                };
                errors.push(InputError { origin, kind });
                continue;
            }
        };
        let readable = entry.file_type().is_file()
            && entry
                .path()
                .extension()
                .is_some_and(|e| FOLDER_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
        if !readable {
            continue;
        }
        let real = entry
            .path()
            .canonicalize()
            .unwrap_or_else(|_| entry.path().to_path_buf());
        if listed.insert(real) {
            files.push(entry.into_path());
        }
    }
    Ok((files, errors))
}

/// The extensions a folder's files are read for.
const FOLDER_EXTENSIONS: &[&str] = &["txt", "jsonl", "html", "htm", "xml", "rss", "atom"];

/// Removes `field` and returns it as a string; `null` or absent is `None`.
fn take_string(
    obj: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, InputErrorKind> {
    match obj.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(InputErrorKind::BadField {
            field,
            expected: "a string",
            found: json_type(&other),
        }),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `line` as line 3 of `in.jsonl` and returns the document or the error's label.
    fn check(line: &str, expected: Result<(&str, &str, Option<&str>), &str>) {
        let got = parse_json_line(line, "in.jsonl:3", &InputOptions::default());
        match (got, expected) {
            (Ok(doc), Ok((id, text, date))) => {
                assert_eq!(doc.id, id, "{line}");
                assert_eq!(doc.text, text, "{line}");
                assert_eq!(doc.date, date.and_then(parse_date), "{line}");
            }
            (Err(kind), Err(label)) => assert_eq!(kind.label(), label, "{line}: {kind:?}"),
            (got, expected) => panic!("{line}: got {got:?}, expected {expected:?}"),
        }
    }

    /// Issue 14 (item 1): a date with a time gives the publication time (in UTC); a date alone,
    /// or the `--date` default, gives none; `published` stands in for `date`.
    #[test]
    fn issue_14_a_date_with_a_time_is_the_publication_time() {
        let time = |line: &str| {
            parse_json_line(line, "in.jsonl:1", &InputOptions::default())
                .unwrap()
                .published_at
                .map(|t| t.to_rfc3339())
        };
        let t = |s: &str| Some(s.to_owned());
        assert_eq!(
            time(r#"{"text":"x","date":"2026-02-06T18:30:00+03:00"}"#),
            t("2026-02-06T15:30:00+00:00")
        );
        assert_eq!(
            time(r#"{"text":"x","date":"2026-02-06 18:30"}"#),
            t("2026-02-06T18:30:00+00:00")
        );
        assert_eq!(
            time(r#"{"text":"x","published":"2026-02-06T07:00:00Z"}"#),
            t("2026-02-06T07:00:00+00:00")
        );
        assert_eq!(time(r#"{"text":"x","date":"2026-02-06"}"#), None);
        let doc = parse_json_line(
            r#"{"text":"x","published":"2026-02-06T07:00:00Z"}"#,
            "in.jsonl:1",
            &InputOptions::default(),
        )
        .unwrap();
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2026, 2, 6));
    }

    #[test]
    fn reads_the_design_shape() {
        check(
            r#"{"id":"a1","text":"رفضت إيران المطالب","date":"2026-02-06","title":"t"}"#,
            Ok(("a1", "رفضت إيران المطالب", Some("2026-02-06"))),
        );
        check(
            r#"{"text":"Talks ended.","date":"2026-02-06T18:00:00Z","extra":1}"#,
            Ok(("in.jsonl:3", "Talks ended.", Some("2026-02-06"))),
        );
        check(r#"{"id":17,"text":"x","date":null}"#, Ok(("17", "x", None)));
    }

    #[test]
    fn names_what_is_wrong() {
        check(r#"{"id":"a1","text":"x""#, Err("bad json"));
        check(r#"["x"]"#, Err("not an object"));
        check(r#"{"id":"a1"}"#, Err("missing text"));
        check(r#"{"id":"a1","text":null}"#, Err("missing text"));
        check(r#"{"id":"a1","text":5}"#, Err("bad field"));
        check(r#"{"id":[1],"text":"x"}"#, Err("bad field"));
        check(r#"{"text":"x","date":"6 Feb 2026"}"#, Err("bad date"));
        check(r#"{"text":"x","date":"2026-02-30"}"#, Err("bad date"));
        check(r#"{"text":"x","title":{}}"#, Err("bad field"));
    }

    /// Issue 13: lines are read up to the limit; a longer one is passed over in chunks, never
    /// held, and the next line is read as usual.
    #[test]
    fn overlong_lines_are_passed_over_without_being_kept() {
        let text = format!("short\n{}\n\nlast", "x".repeat(100));
        // An 8-byte buffer: the long line spans many chunks.
        let mut reader = BufReader::with_capacity(8, text.as_bytes());
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            buf.clear();
            let line = read_line_bounded(&mut reader, &mut buf, 10).unwrap();
            assert!(buf.len() <= 11, "{} bytes kept", buf.len());
            if line == Line::End {
                break;
            }
            got.push((line, String::from_utf8(buf.clone()).unwrap()));
        }
        assert_eq!(
            got,
            [
                (Line::Kept, "short\n".to_string()),
                (Line::TooLong(100), String::new()),
                (Line::Kept, "\n".to_string()),
                (Line::Kept, "last".to_string()),
            ]
        );
        // A line of exactly the limit is kept; one byte more is not.
        let mut exact = BufReader::new(&b"0123456789\n0123456789a"[..]);
        assert_eq!(
            read_line_bounded(&mut exact, &mut buf, 10).unwrap(),
            Line::Kept
        );
        buf.clear();
        assert_eq!(
            read_line_bounded(&mut exact, &mut buf, 10).unwrap(),
            Line::TooLong(11)
        );
    }

    #[test]
    fn dates_accept_timestamps_only_after_a_full_day() {
        assert_eq!(
            parse_date("2026-02-06"),
            NaiveDate::from_ymd_opt(2026, 2, 6)
        );
        assert_eq!(
            parse_date("2026-02-06 10:00"),
            NaiveDate::from_ymd_opt(2026, 2, 6)
        );
        assert_eq!(parse_date("2026-02-061"), None);
        assert_eq!(parse_date("٢٠٢٦-٠٢-٠٦"), None);
        assert_eq!(parse_date(""), None);
    }
}
