//! One webhook post: the JSON body of an alert, its HMAC-SHA256 signature, and a blocking POST
//! that reports what the receiver answered.
//!
//! A receiver checks a signed post by computing HMAC-SHA256 over the exact bytes of the body with
//! the shared secret and comparing its hex digest with the `X-Marsad-Signature: sha256=<hex>`
//! header (in constant time). `X-Marsad-Alert` carries the alert's stable id, so a receiver can
//! also drop a repeat of an alert it has already taken (after an acknowledgement lost on the way
//! back, say). Redirects are not followed: a 3xx is a failed attempt, so a post goes only to the
//! URL the watch names.

use std::time::Duration;

use hmac::{Hmac, Mac};
use marsad_store::StoredAlert;
use marsad_watch::Watch;
use sha2::Sha256;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Marsad-Signature";
/// The header that carries the alert's id.
pub const ALERT_HEADER: &str = "X-Marsad-Alert";

/// A blocking HTTP client for webhooks.
pub struct Client {
    agent: ureq::Agent,
}

/// What one attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// `200 OK`, `503 Service Unavailable`, or the transport error.
    pub detail: String,
}

impl Outcome {
    /// A 2xx answer: the receiver has the alert.
    pub fn acknowledged(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// No answer, a server error, a timeout (408) or rate limit (429) may pass; another 4xx (a
    /// wrong URL, a refused signature) will not, so it is not retried in this run.
    pub fn worth_retrying(&self) -> bool {
        match self.status {
            None => true,
            Some(s) => s >= 500 || s == 408 || s == 429,
        }
    }
}

impl Client {
    /// A client with 10-second timeouts per phase.
    pub fn new() -> Self {
        Client::with_timeout(Duration::from_secs(10))
    }

    /// A client whose connect, send and receive phases each time out after `timeout`.
    pub fn with_timeout(timeout: Duration) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_connect(Some(timeout))
            .timeout_send_request(Some(timeout))
            .timeout_recv_response(Some(timeout))
            .timeout_recv_body(Some(timeout))
            .user_agent(concat!("marsad/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent }
    }

    /// Posts `body` to `url`, signed with `key` when given.
    pub fn post(&self, url: &str, alert_id: &str, body: &[u8], key: Option<&[u8]>) -> Outcome {
        let mut req = self
            .agent
            .post(url)
            .header("Content-Type", "application/json")
            .header(ALERT_HEADER, alert_id);
        if let Some(key) = key {
            req = req.header(SIGNATURE_HEADER, signature(key, body));
        }
        match req.send(body) {
            Ok(resp) => {
                let status = resp.status();
                Outcome {
                    status: Some(status.as_u16()),
                    detail: format!(
                        "{} {}",
                        status.as_u16(),
                        status.canonical_reason().unwrap_or("")
                    )
                    .trim_end()
                    .to_owned(),
                }
            }
            Err(e) => Outcome {
                status: None,
                detail: e.to_string(),
            },
        }
    }
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

/// The signature header's value: `sha256=` and the hex HMAC-SHA256 of `body` under `key`.
pub fn signature(key: &[u8], body: &[u8]) -> String {
    // HMAC takes a key of any length, so `new_from_slice` cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

/// The JSON a webhook receives for one alert: the alert with its watch and its evidence events
/// (who, what, when, and the sentence).
pub fn body(w: &Watch, a: &StoredAlert) -> Vec<u8> {
    let v = serde_json::json!({
        "id": a.id,
        "watch": { "id": w.id, "name": w.name },
        "kind": a.kind,
        "indicator": a.indicator,
        "start": a.start,
        "end": a.end,
        "value": a.value,
        "threshold": a.threshold,
        "message": a.message,
        "raised_at": a.raised_at,
        "evidence": a.detail.get("evidence").cloned().unwrap_or_default(),
    });
    v.to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_rfc_4231_test_case_2() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn which_answers_are_retried() {
        let o = |status| Outcome {
            status,
            detail: String::new(),
        };
        assert!(o(Some(204)).acknowledged());
        assert!(!o(Some(302)).acknowledged());
        for s in [None, Some(500), Some(503), Some(429), Some(408)] {
            assert!(o(s).worth_retrying(), "{s:?}");
        }
        for s in [Some(400), Some(401), Some(404)] {
            assert!(!o(s).worth_retrying(), "{s:?}");
        }
    }
}
