//! The one error type of the HTTP layer, and the JSON body extractor that produces it.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;

/// Every way a request can fail. Each variant states its HTTP status; `code` is the
/// stable key that the web app maps to its zh-CN and en text, `message` is English and
/// names the field and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 Bad Request: the body is not JSON at all.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// 404 Not Found: the shopper, order or route does not exist.
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    /// 409 Conflict: the request is valid but clashes with what is stored, such as a
    /// duplicate list number or cancelling a released list.
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 422 Unprocessable Content: a field is missing or invalid.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 503 Service Unavailable: the database does not answer.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    /// 500 Internal Server Error from the database; logged, never shown to clients.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// 500 Internal Server Error for stored data that breaks an invariant; logged,
    /// never shown to clients.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// Builds a 422 error on one field.
    pub fn invalid(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError::Invalid {
            code,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// Builds a 409 error.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Conflict {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// Builds a 404 error.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::NotFound {
            code,
            message: message.into(),
        }
    }

    /// Returns the HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Database(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<cbec_rules::Error> for ApiError {
    /// Maps an invalid value found by the rules crate to 422 with its code and field.
    fn from(error: cbec_rules::Error) -> ApiError {
        ApiError::Invalid {
            code: error.code(),
            message: error.to_string(),
            field: error.field().map(str::to_owned),
        }
    }
}

/// The JSON error body: `{"error": {"code": …, "message": …, "field": …}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for machines (`code`, `field`) and for people (`message`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, such as `shopper.not_found`.
    #[schema(example = "amount.too_many_decimals")]
    pub code: String,
    /// English explanation naming the field and the fix.
    pub message: String,
    /// Path of the offending request field, such as `lines[0].unit_price`, or null.
    #[schema(example = "lines[0].unit_price")]
    pub field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (code, message, field) = match self {
            ApiError::BadRequest { code, message } | ApiError::NotFound { code, message } => {
                (code, message, None)
            }
            ApiError::Conflict {
                code,
                message,
                field,
            }
            | ApiError::Invalid {
                code,
                message,
                field,
            } => (code, message, field),
            ApiError::Unavailable(error) => {
                tracing::error!(%error, "database unavailable; answering 503");
                (
                    "database.unavailable",
                    "the database is not answering: try again shortly".to_owned(),
                    None,
                )
            }
            ApiError::Database(error) => {
                tracing::error!(%error, "database error; answering 500");
                (
                    "internal",
                    "internal error: the server log has the details".to_owned(),
                    None,
                )
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error; answering 500");
                (
                    "internal",
                    "internal error: the server log has the details".to_owned(),
                    None,
                )
            }
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message,
                field,
            },
        };
        (status, Json(body)).into_response()
    }
}

/// A JSON request body whose errors name the offending field.
///
/// axum's `Json` reports a type error as one text line; this extractor keeps the path
/// (`lines[0].quantity`) so the error body can carry it in `field`.
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| ApiError::BadRequest {
                code: "request.unreadable_body",
                message: format!(
                    "the request body could not be read: {}",
                    rejection.body_text()
                ),
            })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Deserializes a JSON body, mapping syntax errors to 400 and shape errors to 422 with
/// the path of the field.
///
/// # Errors
///
/// [`ApiError::BadRequest`] with `request.malformed_json`, or [`ApiError::Invalid`]
/// with `request.invalid_field`.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    let error = match result {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };

    let path = error.path().to_string();
    let inner = error.into_inner();
    if !inner.is_data() {
        return Err(ApiError::BadRequest {
            code: "request.malformed_json",
            message: format!("the request body is not valid JSON ({inner}): send a JSON object"),
        });
    }

    // A missing field is reported at its parent; name the field itself.
    let text = inner.to_string();
    let field = match text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        Some(missing) if path == "." => missing.to_owned(),
        Some(missing) => format!("{path}.{missing}"),
        None => path,
    };
    let detail = text.split(" at line ").next().unwrap_or(&text);
    Err(ApiError::invalid(
        "request.invalid_field",
        field.clone(),
        format!("{field}: {detail}"),
    ))
}

/// Deserializes an amount field as a JSON string, so that `128.5` sent as a number (and
/// perhaps already rounded by a binary float) is rejected with the fix.
pub fn amount_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct AmountVisitor;

    impl serde::de::Visitor<'_> for AmountVisitor {
        type Value = String;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str(
                "an amount as a JSON string with at most two decimals, such as \"128.50\"",
            )
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<String, E> {
            Ok(value.to_owned())
        }
    }

    deserializer.deserialize_str(AmountVisitor)
}

/// As [`amount_text`], for an optional amount.
pub fn optional_amount_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct Wrapper(String);

    impl<'de> serde::Deserialize<'de> for Wrapper {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Wrapper, D::Error> {
            amount_text(deserializer).map(Wrapper)
        }
    }

    let wrapped: Option<Wrapper> = serde::Deserialize::deserialize(deserializer)?;
    Ok(wrapped.map(|wrapper| wrapper.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        lines: Vec<Line>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Line {
        quantity: u32,
        #[serde(deserialize_with = "amount_text")]
        unit_price: String,
    }

    fn field_of(json: &str) -> Option<String> {
        match parse_json::<Body>(json.as_bytes()) {
            Err(ApiError::Invalid { field, .. }) => field,
            other => panic!("expected a 422 error, got {other:?}"),
        }
    }

    #[test]
    fn names_the_field_of_a_shape_error() {
        assert_eq!(field_of(r#"{"lines":[]}"#).as_deref(), Some("name"));
        assert_eq!(
            field_of(r#"{"name":"x","lines":[{"unit_price":"1"}]}"#).as_deref(),
            Some("lines[0].quantity")
        );
        assert_eq!(
            field_of(r#"{"name":"x","lines":[{"quantity":-1,"unit_price":"1"}]}"#).as_deref(),
            Some("lines[0].quantity")
        );
        assert_eq!(
            field_of(r#"{"name":"x","lines":[{"quantity":1,"unit_price":1.5}]}"#).as_deref(),
            Some("lines[0].unit_price")
        );
    }

    #[test]
    fn syntax_error_is_a_bad_request() {
        assert!(matches!(
            parse_json::<Body>(b"{\"name\":"),
            Err(ApiError::BadRequest { .. })
        ));
        assert!(matches!(
            parse_json::<Body>(b"not json"),
            Err(ApiError::BadRequest { .. })
        ));
    }
}
