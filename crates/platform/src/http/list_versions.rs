//! Positive-list (正面清单) versions: the shipped sample and official tables that an
//! operator imported as CSV.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use cbec_rules::positive_list::{Entry, PositiveList};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::{ApiContext, ApiError};
use crate::{utc, Db};

/// Id of the sample list that the server stores on its first start.
pub const SAMPLE_ID: &str = "sample-2026";

/// Largest CSV accepted: the official table (about 1,500 rows) is far smaller.
const MAX_CSV_BYTES: usize = 8 * 1024 * 1024;

/// Rows per multi-row insert, keeping the bound parameters (5 per row) far below
/// SQLite's and PostgreSQL's limits.
const ROWS_PER_INSERT: usize = 200;

pub(super) fn router() -> Router<ApiContext> {
    Router::new()
        .route(
            "/list-versions",
            get(list_versions)
                .post(import_list_version)
                .layer(DefaultBodyLimit::max(MAX_CSV_BYTES)),
        )
        .route("/list-versions/{version_id}", get(get_list_version))
}

/// A positive-list version known to the server.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListVersion {
    /// Version id, such as `sample-2026` or `official-2022`.
    #[schema(example = "sample-2026")]
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Whether the list contains every line of its edition. Only then does a code
    /// missing from it mean "not on the list".
    pub complete: bool,
    /// Number of tariff lines stored.
    #[schema(example = 95)]
    pub codes: i64,
    /// Origin of the rows.
    pub source: String,
    /// When the version was stored, UTC.
    pub imported_at: String,
}

/// Every stored version, the sample first and then by import time.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListVersionList {
    pub versions: Vec<ListVersion>,
}

/// One version with its lines.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListVersionDetail {
    #[serde(flatten)]
    pub version: ListVersion,
    /// The lines, in the order of the table.
    pub entries: Vec<ListCode>,
}

/// One stored line of a positive list.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ListCode {
    /// Row number in the imported CSV (the header is row 1), or the position in the
    /// sample.
    pub row_no: i64,
    /// 8-digit tariff line (税则号列).
    #[schema(example = "33049900")]
    pub tariff_line: String,
    /// Goods name (商品名称).
    pub name: String,
    /// Remark (备注) as written.
    pub remark: String,
}

/// Query parameters of an import.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Id of the new version: 1 to 64 letters, digits, `.`, `-` or `_`.
    #[param(example = "official-2022")]
    pub id: Option<String>,
    /// Human-readable name; the id when left out.
    pub name: Option<String>,
    /// `true` only when the table is the whole official list; `false` when left out.
    #[param(value_type = Option<bool>)]
    pub complete: Option<String>,
    /// Origin of the table, such as the operator's file name.
    pub source: Option<String>,
}

/// Lists the positive-list versions known to the server.
#[utoipa::path(
    get,
    path = "/api/v1/list-versions",
    tag = "list-versions",
    responses((status = 200, description = "The versions", body = ListVersionList))
)]
pub async fn list_versions(
    State(context): State<ApiContext>,
) -> Result<Json<ListVersionList>, ApiError> {
    let mut connection = context.db.pool.acquire().await?;
    let versions = load_versions(&mut connection, None).await?;
    Ok(Json(ListVersionList { versions }))
}

/// Reads one version with its lines.
#[utoipa::path(
    get,
    path = "/api/v1/list-versions/{version_id}",
    tag = "list-versions",
    params(("version_id" = String, Path, description = "Version id, such as sample-2026")),
    responses(
        (status = 200, description = "The version and its lines", body = ListVersionDetail),
        (status = 404, description = "`list_version.not_found`", body = ErrorBody),
    )
)]
pub async fn get_list_version(
    State(context): State<ApiContext>,
    Path(version_id): Path<String>,
) -> Result<Json<ListVersionDetail>, ApiError> {
    let mut connection = context.db.pool.acquire().await?;
    let version = load_versions(&mut connection, Some(&version_id)).await?.pop().ok_or_else(|| {
        ApiError::not_found(
            "list_version.not_found",
            format!("list version {version_id:?} not found: GET /api/v1/list-versions lists the stored ones"),
        )
    })?;
    let entries: Vec<ListCode> = sqlx::query_as(
        "SELECT row_no, tariff_line, name, remark FROM list_codes WHERE version_id = $1 ORDER BY row_no",
    )
    .bind(&version_id)
    .fetch_all(&mut *connection)
    .await?;
    Ok(Json(ListVersionDetail { version, entries }))
}

/// Imports an official positive-list table sent as CSV (UTF-8) with the columns 序号,
/// 税则号列, 商品名称 and 备注. Every row is checked before anything is stored, so a
/// failed import stores nothing.
#[utoipa::path(
    post,
    path = "/api/v1/list-versions",
    tag = "list-versions",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The table as CSV, header row first"),
    responses(
        (status = 201, description = "The stored version", body = ListVersion),
        (status = 409, description = "`list_version.duplicate_id`", body = ErrorBody),
        (status = 422, description = "`list.tariff_line`, `list.duplicate_tariff_line`, `list.csv`, `list.missing_column`, `list.empty`, `list_version.invalid_id`, … ; the message names the row", body = ErrorBody),
    )
)]
pub async fn import_list_version(
    State(context): State<ApiContext>,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<ListVersion>), ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = check_version_id(query.id.as_deref())?;
    let complete = parse_complete(query.complete.as_deref())?;
    let name = query
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(&id)
        .to_owned();
    let source = query.source.unwrap_or_else(|| "CSV import".to_owned());

    let text = std::str::from_utf8(&body).map_err(|error| {
        ApiError::invalid(
            "list.not_utf8",
            "body",
            format!(
                "the CSV is not UTF-8 (invalid byte at offset {}): save the table as CSV UTF-8",
                error.valid_up_to()
            ),
        )
    })?;
    let list = PositiveList::from_csv(text, id.clone()).map_err(|error| csv_error(&error))?;

    let mut transaction = context.db.begin_write().await?;
    let stored = StoredVersion {
        id: &id,
        name: &name,
        complete,
        source: &source,
    };
    insert_version(&mut transaction, &stored, list.entries(), now).await?;
    let version = load_versions(&mut transaction, Some(&id))
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(format!("list version {id} vanished after insert")))?;
    transaction.commit().await?;

    tracing::info!(version_id = %id, codes = version.codes, complete, "positive-list version imported");
    Ok((StatusCode::CREATED, Json(version)))
}

/// Maps a CSV error of the rules crate to 422; its message names the row and column.
fn csv_error(error: &cbec_rules::Error) -> ApiError {
    ApiError::invalid(error.code(), "body", error.to_string())
}

fn check_version_id(id: Option<&str>) -> Result<String, ApiError> {
    let id = id.map(str::trim).unwrap_or_default();
    let valid = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if valid {
        return Ok(id.to_owned());
    }
    Err(ApiError::invalid(
        "list_version.invalid_id",
        "id",
        format!("id {id:?} is invalid: give ?id= with 1 to 64 letters, digits, '.', '-' or '_', such as official-2022"),
    ))
}

fn parse_complete(text: Option<&str>) -> Result<bool, ApiError> {
    match text.map(str::trim) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(ApiError::invalid(
            "list_version.invalid_complete",
            "complete",
            format!("complete {other:?} is invalid: use true for the whole official list or false for a part of it"),
        )),
    }
}

/// The descriptive fields of a version to store.
struct StoredVersion<'a> {
    id: &'a str,
    name: &'a str,
    complete: bool,
    source: &'a str,
}

/// Stores a version and its lines. Call it inside a transaction.
async fn insert_version<'e>(
    connection: &mut AnyConnection,
    version: &StoredVersion<'_>,
    entries: impl Iterator<Item = &'e Entry>,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let duplicate = || ApiError::Conflict {
        code: "list_version.duplicate_id",
        message: format!(
            "list version {:?} already exists: choose another id",
            version.id
        ),
        field: Some("id".to_owned()),
    };
    let existing: Option<(String,)> = sqlx::query_as("SELECT id FROM list_versions WHERE id = $1")
        .bind(version.id)
        .fetch_optional(&mut *connection)
        .await?;
    if existing.is_some() {
        return Err(duplicate());
    }

    let inserted = sqlx::query("INSERT INTO list_versions (id, name, complete, source, imported_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(version.id)
        .bind(version.name)
        .bind(i64::from(version.complete))
        .bind(version.source)
        .bind(utc::format(now))
        .execute(&mut *connection)
        .await;
    match inserted {
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => return Err(duplicate()),
        other => other?,
    };

    let entries: Vec<&Entry> = entries.collect();
    for (chunk_index, chunk) in entries.chunks(ROWS_PER_INSERT).enumerate() {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|i| {
                format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    5 * i + 1,
                    5 * i + 2,
                    5 * i + 3,
                    5 * i + 4,
                    5 * i + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO list_codes (version_id, row_no, tariff_line, name, remark) VALUES {}",
            placeholders.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for (offset, entry) in chunk.iter().enumerate() {
            let position = (chunk_index * ROWS_PER_INSERT + offset + 1) as i64;
            insert = insert
                .bind(version.id)
                .bind(entry_row(entry, position))
                .bind(entry.tariff_line.as_str().to_owned())
                .bind(entry.name.clone())
                .bind(entry.remark.clone());
        }
        insert.execute(&mut *connection).await?;
    }
    Ok(())
}

/// Returns the stored row number of an entry: its serial number (序号) when the table
/// has a numeric one, otherwise its position.
fn entry_row(entry: &Entry, position: i64) -> i64 {
    entry
        .serial
        .as_deref()
        .and_then(|serial| serial.parse().ok())
        .unwrap_or(position)
}

async fn load_versions(
    connection: &mut AnyConnection,
    id: Option<&str>,
) -> Result<Vec<ListVersion>, ApiError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        name: String,
        complete: i64,
        codes: i64,
        source: String,
        imported_at: String,
    }

    let rows: Vec<Row> = sqlx::query_as(
        "SELECT v.id, v.name, v.complete, \
             (SELECT COUNT(*) FROM list_codes c WHERE c.version_id = v.id) AS codes, v.source, v.imported_at \
         FROM list_versions v \
         WHERE $1 = '' OR v.id = $1 \
         ORDER BY CASE WHEN v.id = $2 THEN 0 ELSE 1 END, v.imported_at, v.id",
    )
    .bind(id.unwrap_or_default())
    .bind(SAMPLE_ID)
    .fetch_all(&mut *connection)
    .await?;

    Ok(rows
        .into_iter()
        .map(|row| ListVersion {
            id: row.id,
            name: row.name,
            complete: row.complete == 1,
            codes: row.codes,
            source: row.source,
            imported_at: row.imported_at,
        })
        .collect())
}

/// Stores the sample list shipped with the rules crate, unless it is stored already.
///
/// # Errors
///
/// A database error.
pub async fn store_sample(db: &Db) -> Result<bool, ApiError> {
    let mut transaction = db.begin_write().await?;
    let existing: Option<(String,)> = sqlx::query_as("SELECT id FROM list_versions WHERE id = $1")
        .bind(SAMPLE_ID)
        .fetch_optional(&mut *transaction)
        .await?;
    if existing.is_some() {
        return Ok(false);
    }

    let sample = PositiveList::sample();
    let name = format!(
        "Positive list sample, incomplete: {}",
        sample.info().version
    );
    let stored = StoredVersion {
        id: SAMPLE_ID,
        name: &name,
        complete: sample.info().complete,
        source: "sample shipped with cbec-rules (secondary sources, confidence per row)",
    };
    // The sample has no serial numbers, so its rows are numbered by position.
    insert_version(
        &mut transaction,
        &stored,
        sample.entries(),
        OffsetDateTime::now_utc(),
    )
    .await?;
    transaction.commit().await?;
    tracing::info!(
        version_id = SAMPLE_ID,
        codes = sample.len(),
        "sample positive list stored"
    );
    Ok(true)
}
