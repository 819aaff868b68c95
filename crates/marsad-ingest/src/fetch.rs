//! Fetching pages and feeds over HTTP(S), politely and within bounds.
//!
//! A [`Fetcher`] makes blocking GET requests with `ureq` (rustls for TLS, no async runtime):
//! - every phase (connect, waiting for the response, reading the body) is limited by
//!   [`FetchOptions::timeout`];
//! - a body larger than [`FetchOptions::max_bytes`] is refused, from its `Content-Length` when the
//!   server sends one and otherwise while reading, so a runaway response never fills memory;
//! - requests to one host are spaced by [`FetchOptions::per_host_delay`] (news sites throttle or ban
//!   crawlers that hammer them);
//! - GETs are conditional: the `ETag` and `Last-Modified` of each answer are remembered and sent
//!   back as `If-None-Match` and `If-Modified-Since`, and a `304 Not Modified` means nothing new.
//!
//! The validators live in memory until [`Fetcher::save_cache`] writes them to the JSON file named by
//! [`FetchOptions::cache`].
//! The caller saves only after it has stored what it fetched: a run killed before that fetches the
//! same pages again next time, instead of being told "not modified" about articles it never stored.
//! The file is replaced atomically (written beside it, then renamed).

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ureq::ResponseExt;

/// How to fetch; [`Default`] gives the values below.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// The JSON file that keeps ETag / Last-Modified between runs; `None` keeps them for this run only.
    pub cache: Option<PathBuf>,
    /// Limit on each phase of a request (default 20 s).
    pub timeout: Duration,
    /// The largest body accepted (default 10 MB).
    pub max_bytes: u64,
    /// The least time between the end of one request and the start of the next to the same host
    /// (default 1 s).
    pub per_host_delay: Duration,
    /// How many linked pages one feed may cause to be fetched (default 100); items beyond are
    /// reported, not fetched.
    pub max_linked_pages: usize,
}

/// The answer to a GET.
#[derive(Debug)]
pub enum Fetched {
    /// `304`: the resource has not changed since the validators were saved.
    NotModified,
    /// A `2xx` body.
    Body {
        bytes: Vec<u8>,
        /// The `Content-Type` header without parameters, lowercased.
        content_type: Option<String>,
        /// The `charset` parameter of the `Content-Type` header.
        charset: Option<String>,
        /// The URL after redirects.
        url: String,
    },
}

/// Why a fetch failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum FetchError {
    /// The server answered with a status other than 2xx or 304.
    Status(u16),
    /// A phase of the request took longer than the timeout.
    Timeout(Duration),
    /// The body is larger than the limit.
    TooLarge { limit: u64 },
    /// The URL is not a valid http(s) URL.
    BadUrl(String),
    /// Anything else on the way: DNS, refused connection, TLS, a broken response.
    Network(String),
}

/// Fetches with one connection pool, one validator cache and one politeness clock.
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
    cache: Cache,
    dirty: bool,
    last_by_host: HashMap<String, Instant>,
}

/// The validator cache file: `{"version": 1, "entries": {"<url>": {"etag", "last_modified"}}}`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    version: u32,
    entries: HashMap<String, Validators>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Validators {
    #[serde(skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_modified: Option<String>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            cache: None,
            timeout: Duration::from_secs(20),
            max_bytes: 10 * 1024 * 1024,
            per_host_delay: Duration::from_secs(1),
            max_linked_pages: 100,
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Status(code) => write!(f, "http status {code}"),
            FetchError::Timeout(t) => write!(f, "timed out after {:.1} s", t.as_secs_f64()),
            FetchError::TooLarge { limit } => {
                write!(f, "response larger than the limit of {limit} bytes")
            }
            FetchError::BadUrl(e) => write!(f, "not a valid http(s) url: {e}"),
            FetchError::Network(e) => write!(f, "network error: {e}"),
        }
    }
}

impl Fetcher {
    /// A fetcher; reads the validator cache when one is named and exists.
    ///
    /// A cache file that cannot be read or parsed is an error naming the file, not a silent restart
    /// from nothing (which would refetch everything).
    pub fn new(options: FetchOptions) -> Result<Self, String> {
        let cache = match &options.cache {
            Some(path) => load_cache(path)?,
            None => Cache::default(),
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(options.timeout))
            .timeout_send_request(Some(options.timeout))
            .timeout_recv_response(Some(options.timeout))
            .timeout_recv_body(Some(options.timeout))
            .user_agent(concat!("marsad/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Fetcher {
            agent,
            options,
            cache,
            dirty: false,
            last_by_host: HashMap::new(),
        })
    }

    /// The options in use.
    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// GETs `url`, conditionally when validators are known, after the per-host delay.
    pub fn get(&mut self, url: &str) -> Result<Fetched, FetchError> {
        let parsed = url::Url::parse(url).map_err(|e| FetchError::BadUrl(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl(format!("scheme {}", parsed.scheme())));
        }
        let host = parsed.host_str().unwrap_or_default().to_string();
        self.wait_for(&host);
        let result = self.request(url);
        self.last_by_host.insert(host, Instant::now());
        result
    }

    /// Writes the validator cache, when one is named and something changed.
    pub fn save_cache(&mut self) -> io::Result<()> {
        let Some(path) = &self.options.cache else {
            return Ok(());
        };
        if !self.dirty {
            return Ok(());
        }
        let json = serde_json::to_vec_pretty(&self.cache).map_err(io::Error::other)?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, path)?;
        self.dirty = false;
        Ok(())
    }

    fn wait_for(&self, host: &str) {
        if let Some(last) = self.last_by_host.get(host) {
            let ready = *last + self.options.per_host_delay;
            let now = Instant::now();
            if ready > now {
                thread::sleep(ready - now);
            }
        }
    }

    fn request(&mut self, url: &str) -> Result<Fetched, FetchError> {
        let mut req = self.agent.get(url);
        if let Some(v) = self.cache.entries.get(url) {
            if let Some(etag) = &v.etag {
                req = req.header("If-None-Match", etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header("If-Modified-Since", lm);
            }
        }
        let mut resp = req.call().map_err(|e| self.error(e))?;
        let status = resp.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status(status));
        }
        let limit = self.options.max_bytes;
        if resp.body().content_length().is_some_and(|n| n > limit) {
            return Err(FetchError::TooLarge { limit });
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let full_type = header("content-type").unwrap_or_default();
        let mut params = full_type.split(';');
        let content_type = params
            .next()
            .map(|t| t.trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty());
        let charset = params.find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches('"').to_string())
        });
        let final_url = resp.get_uri().to_string();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| self.error(e))?;
        if validators.etag.is_some() || validators.last_modified.is_some() {
            self.cache.entries.insert(url.to_string(), validators);
            self.dirty = true;
        }
        Ok(Fetched::Body {
            bytes,
            content_type,
            charset,
            url: final_url,
        })
    }

    fn error(&self, e: ureq::Error) -> FetchError {
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout(self.options.timeout),
            ureq::Error::Io(io) if is_timeout(&io) => FetchError::Timeout(self.options.timeout),
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                limit: self.options.max_bytes,
            },
            ureq::Error::BadUri(u) => FetchError::BadUrl(u),
            other => FetchError::Network(other.to_string()),
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

fn load_cache(path: &Path) -> Result<Cache, String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Cache {
                version: 1,
                ..Cache::default()
            })
        }
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    let cache: Cache =
        serde_json::from_slice(&bytes).map_err(|e| format!("not a marsad fetch cache: {e}"))?;
    if cache.version != 1 {
        return Err(format!("unknown cache version {}", cache.version));
    }
    Ok(cache)
}
