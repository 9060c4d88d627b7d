//! The HTTP surface: shared context, router, and one module per resource.

use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::{Json, Router};
use serde::Serialize;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;
use utoipa::{OpenApi, ToSchema};

use crate::{Config, Db};

pub mod error;
pub mod list_versions;
pub mod openapi;
pub mod orders;
pub mod quota;
pub mod returns;

pub use error::ApiError;

/// What every handler shares: the settings and the database pool.
#[derive(Clone)]
pub struct ApiContext {
    /// Settings the server started with.
    pub config: Arc<Config>,
    /// The pool, for SQLite or PostgreSQL.
    pub db: Db,
}

/// Builds the application: the API under `/api/v1`, the OpenAPI document at
/// `/api/openapi.json`, and the built web app from [`Config::static_dir`] at `/` with
/// a fallback to its `index.html` for client-side routes.
pub fn router(context: ApiContext) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .merge(quota::router())
        .merge(orders::router())
        .merge(returns::router())
        .merge(list_versions::router());

    let app = Router::new()
        .nest("/api/v1", api)
        .route("/api/openapi.json", get(openapi_document))
        .route("/api", any(api_route_not_found))
        .route("/api/{*rest}", any(api_route_not_found));

    let app = match static_service(&context.config.static_dir) {
        Some(service) => app.fallback_service(service),
        None => app.fallback(web_app_missing),
    };
    app.layer(TraceLayer::new_for_http()).with_state(context)
}

/// Serves the built app, or `None` (with a warning) when its directory or
/// `index.html` is missing.
fn static_service(dir: &Path) -> Option<ServeDir<ServeFile>> {
    let index = dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(dir = %dir.display(), "no index.html in the static directory; serving the API only");
        return None;
    }
    tracing::info!(dir = %dir.display(), "serving the web app");
    Some(ServeDir::new(dir).fallback(ServeFile::new(index)))
}

/// Health of the server and its database.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answered.
    #[schema(example = "ok")]
    pub status: String,
    /// `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    pub database: String,
}

/// Reports whether the server and its database answer.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "health",
    responses(
        (status = 200, description = "Server and database answer", body = Health),
        (status = 503, description = "The database does not answer", body = error::ErrorBody),
    )
)]
pub async fn health(State(context): State<ApiContext>) -> Result<Json<Health>, ApiError> {
    sqlx::query("SELECT 1")
        .execute(&context.db.pool)
        .await
        .map_err(ApiError::Unavailable)?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        database: context.db.backend.name().to_owned(),
    }))
}

async fn openapi_document() -> impl IntoResponse {
    Json(openapi::ApiDoc::openapi())
}

async fn api_route_not_found(uri: Uri) -> ApiError {
    ApiError::not_found(
        "route.not_found",
        format!(
            "no API endpoint at {}: see /api/openapi.json for the endpoints",
            uri.path()
        ),
    )
}

async fn web_app_missing(uri: Uri) -> ApiError {
    ApiError::not_found(
        "web_app.not_built",
        format!("{} is not an API path and the web app is not built: build it into the static directory (make run)", uri.path()),
    )
}

/// Converts stored fen back to money.
///
/// # Errors
///
/// [`ApiError::Internal`] for a negative or huge stored amount, which the schema's
/// checks and the insert paths rule out.
pub(crate) fn money(fen: i64) -> Result<cbec_rules::Money, ApiError> {
    cbec_rules::Money::from_fen(fen)
        .map_err(|error| ApiError::Internal(format!("stored amount {fen} fen: {error}")))
}

/// Parses a stored UTC time.
///
/// # Errors
///
/// [`ApiError::Internal`] if the text is not RFC 3339, which only a write outside this
/// server can cause.
pub(crate) fn stored_time(text: &str) -> Result<time::OffsetDateTime, ApiError> {
    crate::utc::parse(text)
        .map_err(|error| ApiError::Internal(format!("stored time {text:?}: {error}")))
}

/// Parses the optional `year` query parameter; without it, the current CST year.
///
/// # Errors
///
/// 422 `year.invalid` for text that is not a year from 2016 (the first year of CBEC
/// retail import rules) to 9999.
pub(crate) fn parse_year(text: Option<&str>, now: time::OffsetDateTime) -> Result<i32, ApiError> {
    let Some(text) = text else {
        return Ok(cbec_rules::cst::year(now));
    };
    match text.trim().parse::<i32>() {
        Ok(year) if (2016..=9999).contains(&year) => Ok(year),
        _ => Err(ApiError::invalid(
            "year.invalid",
            "year",
            format!("year {text:?} is invalid: give a calendar year from 2016 to 9999, such as 2026, or leave it out for the current year"),
        )),
    }
}

/// Checks a shopper id from a path: 1 to 64 characters, none of them a control
/// character or whitespace.
///
/// # Errors
///
/// 422 `shopper.invalid_id`.
pub(crate) fn check_shopper_id(shopper_id: &str) -> Result<(), ApiError> {
    let length = shopper_id.chars().count();
    let clean = !shopper_id
        .chars()
        .any(|c| c.is_control() || c.is_whitespace());
    if (1..=64).contains(&length) && clean {
        return Ok(());
    }
    Err(ApiError::invalid(
        "shopper.invalid_id",
        "shopper_id",
        format!("shopper id {shopper_id:?} is invalid: use 1 to 64 characters without spaces, such as demo"),
    ))
}

/// Fails with 404 `shopper.not_found` unless the shopper has been stored.
///
/// # Errors
///
/// 404 `shopper.not_found`, or a database error.
pub(crate) async fn require_shopper<'c, E>(executor: E, shopper_id: &str) -> Result<(), ApiError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM shoppers WHERE id = $1")
        .bind(shopper_id)
        .fetch_optional(executor)
        .await?;
    if found.is_none() {
        return Err(ApiError::not_found(
            "shopper.not_found",
            format!("shopper {shopper_id:?} not found: record a declaration list for this shopper first"),
        ));
    }
    Ok(())
}
