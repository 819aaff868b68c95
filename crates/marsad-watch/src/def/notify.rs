//! `[[notify]]`: the webhooks a watch's alerts are posted to (issue 14, item 3).
//!
//! ```toml
//! [[notify]]
//! url = "https://hooks.example.org/marsad"
//! secret_env = "MARSAD_HOOK_SECRET"   # or: secret = "…" (then keep the file private)
//! attempts = 4                        # per alert and run, 1..=10
//! backoff_seconds = 1.0               # wait before the second attempt, doubled each time after
//! ```
//!
//! Only the definition lives here; `marsad-alerts` signs and posts. A secret is never printed:
//! [`Secret`]'s `Debug` hides it and [`Notify`] serialises without it.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::Checker;

/// One webhook receiver of a watch's alerts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notify {
    /// An `http` or `https` URL.
    pub url: String,
    /// The key that signs each body (HMAC-SHA256), when the receiver checks signatures.
    #[serde(skip)]
    pub secret: Option<Secret>,
    /// Attempts per alert in one run (the first try included); a later run tries again.
    pub attempts: u32,
    /// Seconds before the second attempt, doubled before each later one.
    pub backoff_seconds: f64,
}

/// Where a webhook's signing key comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// Written in the watch file (`secret = "…"`).
    Inline(String),
    /// Read from this environment variable when alerts are delivered (`secret_env = "NAME"`), so
    /// that the key need not live in a file.
    Env(String),
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Secret::Inline(_) => f.write_str("Secret::Inline(…)"),
            Secret::Env(name) => write!(f, "Secret::Env({name:?})"),
        }
    }
}

impl Secret {
    /// The key's bytes, or why it is missing (an unset or empty environment variable).
    pub fn resolve(&self) -> Result<Vec<u8>, String> {
        match self {
            Secret::Inline(s) => Ok(s.as_bytes().to_vec()),
            Secret::Env(name) => match std::env::var(name) {
                Ok(v) if !v.is_empty() => Ok(v.into_bytes()),
                Ok(_) => Err(format!("secret_env {name} is empty")),
                Err(_) => Err(format!("secret_env {name} is not set")),
            },
        }
    }
}

/// Default attempts per alert and run: enough to ride out a receiver's restart.
const DEFAULT_ATTEMPTS: i64 = 4;
/// Default first back-off, in seconds (then 2, 4: seven seconds of waiting at most).
const DEFAULT_BACKOFF: f64 = 1.0;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNotify {
    url: Spanned<String>,
    secret: Option<Spanned<String>>,
    secret_env: Option<Spanned<String>>,
    attempts: Option<Spanned<i64>>,
    backoff_seconds: Option<Spanned<f64>>,
}

impl Checker<'_> {
    pub(super) fn notify(&mut self, n: RawNotify) -> Option<Notify> {
        let at = n.url.span().start;
        let url = n.url.into_inner();
        let mut ok = true;
        let scheme_ok = ["http://", "https://"]
            .iter()
            .any(|p| url.len() > p.len() && url[..p.len()].eq_ignore_ascii_case(p));
        if !scheme_ok {
            self.problem(
                at,
                format!("notify url must start with http:// or https://, got {url:?}"),
            );
            ok = false;
        }
        let secret = match (n.secret, n.secret_env) {
            (Some(s), Some(_)) => {
                self.problem(
                    s.span().start,
                    "notify: give secret or secret_env, not both".into(),
                );
                ok = false;
                None
            }
            (Some(s), None) if s.get_ref().is_empty() => {
                self.problem(s.span().start, "notify: secret is empty".into());
                ok = false;
                None
            }
            (Some(s), None) => Some(Secret::Inline(s.into_inner())),
            (None, Some(e)) => {
                let name = e.get_ref();
                if name.is_empty() || name.contains(['=', '\0']) {
                    self.problem(
                        e.span().start,
                        format!("notify: secret_env {name:?} is not an environment variable name"),
                    );
                    ok = false;
                }
                Some(Secret::Env(e.into_inner()))
            }
            (None, None) => None,
        };
        let attempts = match n.attempts {
            None => DEFAULT_ATTEMPTS as u32,
            Some(a) if (1..=10).contains(a.get_ref()) => *a.get_ref() as u32,
            Some(a) => {
                self.problem(
                    a.span().start,
                    format!("notify: attempts must be 1..=10, got {}", a.get_ref()),
                );
                ok = false;
                1
            }
        };
        let backoff_seconds = match n.backoff_seconds {
            None => DEFAULT_BACKOFF,
            Some(b) if (0.0..=300.0).contains(b.get_ref()) => *b.get_ref(),
            Some(b) => {
                self.problem(
                    b.span().start,
                    format!(
                        "notify: backoff_seconds must be 0..=300, got {}",
                        b.get_ref()
                    ),
                );
                ok = false;
                0.0
            }
        };
        ok.then_some(Notify {
            url,
            secret,
            attempts,
            backoff_seconds,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Vocabulary, Watch};

    use super::*;

    const HEAD: &str = r#"
name = "w"
parties = [{ code = "IRN" }, { code = "USA" }]
"#;

    /// Reads a watch made of [`HEAD`] and `notify` (one or more `[[notify]]` tables): its webhooks,
    /// or the error message.
    fn check(notify: &str) -> Result<Vec<Notify>, String> {
        Watch::from_toml(&format!("{HEAD}{notify}"), "w.toml", Vocabulary::embedded())
            .map(|w| w.notify)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_webhook_with_defaults() {
        let n = check("[[notify]]\nurl = \"https://hooks.example.org/x\"\n").unwrap();
        assert_eq!(
            n,
            [Notify {
                url: "https://hooks.example.org/x".into(),
                secret: None,
                attempts: 4,
                backoff_seconds: 1.0,
            }]
        );
    }

    #[test]
    fn secrets_inline_or_from_the_environment() {
        let n = check(
            "[[notify]]\nurl = \"http://a/\"\nsecret = \"k\"\nattempts = 2\nbackoff_seconds = 0.1\n\
             [[notify]]\nurl = \"http://b/\"\nsecret_env = \"MARSAD_TEST_UNSET_SECRET\"\n",
        )
        .unwrap();
        assert_eq!(n[0].secret, Some(Secret::Inline("k".into())));
        assert_eq!((n[0].attempts, n[0].backoff_seconds), (2, 0.1));
        assert_eq!(
            n[1].secret,
            Some(Secret::Env("MARSAD_TEST_UNSET_SECRET".into()))
        );
        assert_eq!(
            n[1].secret.as_ref().unwrap().resolve(),
            Err("secret_env MARSAD_TEST_UNSET_SECRET is not set".into())
        );
        // Neither the debug form nor the JSON of a watch shows the key.
        assert!(!format!("{:?}", n[0]).contains("\"k\""));
        assert!(!serde_json::to_string(&n[0]).unwrap().contains("\"k\""));
    }

    #[test]
    fn bad_webhooks_are_refused_with_their_position() {
        for (toml, want) in [
            (
                "[[notify]]\nurl = \"ftp://x/\"\n",
                "w.toml:5:7: notify url must start with http:// or https://",
            ),
            (
                "[[notify]]\nurl = \"http://x/\"\nsecret = \"a\"\nsecret_env = \"B\"\n",
                "w.toml:6:10: notify: give secret or secret_env, not both",
            ),
            (
                "[[notify]]\nurl = \"http://x/\"\nattempts = 0\n",
                "w.toml:6:12: notify: attempts must be 1..=10, got 0",
            ),
            (
                "[[notify]]\nurl = \"http://x/\"\nsecret_key = \"a\"\n",
                "w.toml:6:1: unknown field `secret_key`",
            ),
        ] {
            let err = check(toml).unwrap_err();
            assert!(err.contains(want), "{toml}: {err}");
        }
    }
}
