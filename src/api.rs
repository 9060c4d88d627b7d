//! The platform API: wire types and the one client the app talks to it through.

use std::fmt;

use cbec_rules::Money;
use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use web_sys::AbortSignal;

/// Path prefix of the API on the server that serves the app.
pub const DEFAULT_BASE_URL: &str = "/api/v1";

/// A shopper's annual quota, as `GET /shoppers/{id}/quota` returns it.
///
/// The same JSON is kept in localStorage as the offline copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub shopper_id: String,
    /// Calendar year in China Standard Time that the figures cover.
    pub year: i32,
    /// Date the applied rule set came into force, such as `2019-01-01`.
    pub rule_set: String,
    pub annual_limit: Money,
    pub single_order_limit: Money,
    /// Dutiable value of this year's orders that count toward the annual limit.
    pub used: Money,
    pub remaining: Money,
    pub orders_counted: u32,
    /// When the server computed the figures.
    #[serde(with = "time::serde::rfc3339")]
    pub as_of: OffsetDateTime,
}

impl Quota {
    /// Checks that the figures agree with each other: `used + remaining` equals the
    /// annual limit, except that `remaining` is zero once `used` has reached it.
    fn check_consistent(&self) -> Result<(), String> {
        let consistent = match self.used.checked_add(self.remaining) {
            Ok(sum) if sum == self.annual_limit => true,
            _ => self.remaining.is_zero() && self.used >= self.annual_limit,
        };
        if consistent {
            Ok(())
        } else {
            Err(format!(
                "used {} + remaining {} does not equal the annual limit {}",
                self.used, self.remaining, self.annual_limit
            ))
        }
    }
}

/// Why a request to the platform API failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request did not complete: offline, connection refused, or aborted.
    Network(String),
    /// The server answered with an HTTP error status; `code` is the machine-readable
    /// error code from its JSON body, such as `shopper.not_found`, when it sent one.
    Status { status: u16, code: Option<String> },
    /// The server answered 2xx, but the body was not the JSON the API describes.
    Malformed(String),
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(detail) => write!(f, "request failed: {detail}"),
            ApiError::Status { status, code } => {
                write!(
                    f,
                    "HTTP {status}, error code {}",
                    code.as_deref().unwrap_or("none")
                )
            }
            ApiError::Malformed(detail) => write!(f, "malformed response: {detail}"),
        }
    }
}

/// Error body of the API: `{"error":{"code":"…","message":"…","field":null}}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
}

/// Client of the platform API, wrapping gloo-net.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base_url: String,
}

impl Default for ApiClient {
    fn default() -> Self {
        ApiClient::new(DEFAULT_BASE_URL)
    }
}

impl ApiClient {
    /// Creates a client for the API at `base_url`, such as `/api/v1` on the same
    /// origin or `https://platform.example/api/v1`.
    pub fn new(base_url: impl Into<String>) -> ApiClient {
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        ApiClient { base_url }
    }

    /// Returns the URL of a shopper's quota.
    pub fn quota_url(&self, shopper_id: &str) -> String {
        format!(
            "{}/shoppers/{}/quota",
            self.base_url,
            encode_path_segment(shopper_id)
        )
    }

    /// Fetches a shopper's annual quota. `abort` cancels the request, for example
    /// when the component that asked for it is removed.
    ///
    /// # Errors
    ///
    /// [`ApiError::Network`] when the request does not complete, [`ApiError::Status`]
    /// on an HTTP error status, [`ApiError::Malformed`] when the body is not a
    /// consistent quota.
    pub async fn quota(
        &self,
        shopper_id: &str,
        abort: Option<&AbortSignal>,
    ) -> Result<Quota, ApiError> {
        let body = self.get_text(&self.quota_url(shopper_id), abort).await?;
        parse_quota(&body)
    }

    async fn get_text(&self, url: &str, abort: Option<&AbortSignal>) -> Result<String, ApiError> {
        let response = Request::get(url)
            .header("Accept", "application/json")
            .abort_signal(abort)
            .send()
            .await
            .map_err(|error| ApiError::Network(error.to_string()))?;

        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|error| ApiError::Network(error.to_string()))?;

        if !response.ok() {
            return Err(ApiError::Status {
                status,
                code: parse_error_code(&body),
            });
        }
        Ok(body)
    }
}

/// Parses and checks a quota body.
///
/// # Errors
///
/// [`ApiError::Malformed`] when the JSON does not match [`Quota`] or its figures
/// disagree.
pub fn parse_quota(body: &str) -> Result<Quota, ApiError> {
    let quota: Quota =
        serde_json::from_str(body).map_err(|error| ApiError::Malformed(error.to_string()))?;
    quota.check_consistent().map_err(ApiError::Malformed)?;
    Ok(quota)
}

/// Returns the `error.code` of an API error body, or `None` when the body is not one.
fn parse_error_code(body: &str) -> Option<String> {
    serde_json::from_str::<ErrorBody>(body)
        .ok()
        .map(|parsed| parsed.error.code)
}

/// Percent-encodes everything but unreserved characters (RFC 3986), so that an id
/// cannot change the path.
fn encode_path_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = r#"{"shopper_id":"demo","year":2026,"rule_set":"2019-01-01","annual_limit":"26000.00","single_order_limit":"5000.00","used":"14236.48","remaining":"11763.52","orders_counted":3,"as_of":"2026-12-04T20:40:00Z"}"#;

    #[test]
    fn quota_parses_documented_example() {
        let quota = parse_quota(DEMO).expect("documented example parses");
        assert_eq!(quota.used.to_string(), "14236.48");
        assert_eq!(quota.remaining.to_string(), "11763.52");
        assert_eq!(quota.year, 2026);
        assert_eq!(quota.orders_counted, 3);
        assert_eq!(quota.as_of.unix_timestamp(), 1_796_416_800);
    }

    #[test]
    fn quota_round_trips_for_cache() {
        let quota = parse_quota(DEMO).unwrap();
        let stored = serde_json::to_string(&quota).unwrap();
        assert_eq!(parse_quota(&stored).unwrap(), quota);
    }

    #[test]
    fn quota_rejects_malformed_bodies() {
        let cases = [
            ("not JSON", "{bad json".to_owned()),
            (
                "float money",
                DEMO.replace(r#""used":"14236.48""#, r#""used":14236.48"#),
            ),
            ("three decimals", DEMO.replace("14236.48", "14236.485")),
            ("missing field", DEMO.replace(r#""year":2026,"#, "")),
            (
                "bad time",
                DEMO.replace("2026-12-04T20:40:00Z", "yesterday"),
            ),
            ("figures disagree", DEMO.replace("11763.52", "11763.53")),
        ];
        for (case, body) in cases {
            assert!(
                matches!(parse_quota(&body), Err(ApiError::Malformed(_))),
                "case {case} should be malformed"
            );
        }
    }

    #[test]
    fn quota_accepts_used_above_limit() {
        // The single-item exception can push the used amount past the limit.
        let body = DEMO
            .replace("14236.48", "30000.00")
            .replace("11763.52", "0.00");
        assert!(parse_quota(&body).is_ok());
    }

    #[test]
    fn error_code_read_from_body() {
        let body = r#"{"error":{"code":"shopper.not_found","message":"no shopper","field":null}}"#;
        assert_eq!(parse_error_code(body).as_deref(), Some("shopper.not_found"));
        assert_eq!(parse_error_code("<html>502</html>"), None);
    }

    #[test]
    fn quota_url_encodes_shopper_id() {
        let client = ApiClient::new("/api/v1/");
        assert_eq!(client.quota_url("demo"), "/api/v1/shoppers/demo/quota");
        assert_eq!(
            client.quota_url("a/../b c"),
            "/api/v1/shoppers/a%2F..%2Fb%20c/quota"
        );
    }
}
