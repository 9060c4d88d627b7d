//! `POST /api/v1/orders/{order_id}/returns`: returns (退货) of released lists, which
//! give the returned goods' dutiable value back to the shopper's annual quota.

use std::collections::HashSet;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use cbec_rules::returns::{pieces_value, ReturnWindow};
use cbec_rules::Money;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::error::{ErrorBody, JsonBody};
use super::orders::{load_order, parse_order_id, Order, OrderLine, CLOCK_TOLERANCE};
use super::{money, stored_time, ApiContext, ApiError};
use crate::utc;

pub(super) fn router() -> Router<ApiContext> {
    Router::new().route("/orders/{order_id}/returns", post(create_return))
}

/// A return to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewReturnRequest {
    /// The lines and pieces returned; each line at most once.
    pub lines: Vec<ReturnLineRequest>,
    /// When the return was applied for, RFC 3339; now when left out.
    #[schema(example = "2026-12-01T09:30:00+08:00")]
    pub applied_at: Option<String>,
}

/// Pieces returned from one line.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReturnLineRequest {
    /// Line number in the list, from 1.
    #[schema(example = 1)]
    pub line_no: i64,
    /// Pieces returned, at least 1 and at most those not yet returned.
    #[schema(example = 1)]
    pub quantity: i64,
}

/// A recorded return.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnRecord {
    /// Server-assigned id.
    #[schema(example = "1")]
    pub id: String,
    /// The returned list.
    #[schema(example = "4")]
    pub order_id: String,
    /// When the return was applied for, UTC.
    pub applied_at: String,
    /// Dutiable value given back to the annual quota by this return.
    #[schema(value_type = String, example = "453.72")]
    pub restored: Money,
    /// The returned lines.
    pub lines: Vec<ReturnedLine>,
    /// The list after the return.
    pub order: Order,
}

/// Pieces returned from one line and their dutiable value.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnedLine {
    /// Line number.
    #[schema(example = 1)]
    pub line_no: i64,
    /// Pieces returned.
    #[schema(example = 1)]
    pub quantity: i64,
    /// Dutiable value of these pieces (see [`cbec_rules::returns::pieces_value`] for the rounding).
    #[schema(value_type = String, example = "453.72")]
    pub dutiable_value: Money,
}

/// Records a full or partial return of a released list within its application window.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{order_id}/returns",
    tag = "returns",
    params(("order_id" = String, Path, description = "Id returned when the list was recorded")),
    request_body = NewReturnRequest,
    responses(
        (status = 201, description = "The recorded return and the updated list", body = ReturnRecord),
        (status = 400, description = "`request.malformed_json`", body = ErrorBody),
        (status = 404, description = "`order.not_found`", body = ErrorBody),
        (status = 409, description = "`order.not_released`", body = ErrorBody),
        (status = 422, description = "`return.window_closed`, `return.quantity_exceeds_remaining`, … ; `field` names the field", body = ErrorBody),
    )
)]
pub async fn create_return(
    State(context): State<ApiContext>,
    Path(order_id): Path<String>,
    JsonBody(request): JsonBody<NewReturnRequest>,
) -> Result<(StatusCode, Json<ReturnRecord>), ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = parse_order_id(&order_id)?;
    let applied_at = check_request(&request, now)?;

    let mut transaction = context.db.begin_write().await?;
    let order = load_order(&mut transaction, id, now).await?;
    check_window(&order, applied_at)?;

    let (return_id,): (i64,) = sqlx::query_as(
        "INSERT INTO returns (order_id, applied_at, dutiable_value_fen, created_at) VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(id)
    .bind(utc::format(applied_at))
    .bind(utc::format(now))
    .fetch_one(&mut *transaction)
    .await?;

    let mut returned = Vec::with_capacity(request.lines.len());
    for (index, line) in request.lines.iter().enumerate() {
        let stored = order.lines.iter().find(|stored| stored.line_no == line.line_no).ok_or_else(|| {
            ApiError::invalid(
                "return.line_not_found",
                format!("lines[{index}].line_no"),
                format!("lines[{index}].line_no {} is not a line of order {id}: use a line_no from the order", line.line_no),
            )
        })?;

        // The condition makes the update atomic: a concurrent return of the same
        // pieces finds no row, and the returned count comes from the row itself.
        let updated: Option<(i64,)> = sqlx::query_as(
            "UPDATE order_lines SET returned_quantity = returned_quantity + $1 \
             WHERE order_id = $2 AND line_no = $3 AND returned_quantity + $1 <= quantity \
             RETURNING returned_quantity",
        )
        .bind(line.quantity)
        .bind(id)
        .bind(line.line_no)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some((returned_after,)) = updated else {
            let left = stored.quantity - stored.returned_quantity;
            return Err(ApiError::invalid(
                "return.quantity_exceeds_remaining",
                format!("lines[{index}].quantity"),
                format!(
                    "lines[{index}].quantity {} exceeds the {left} piece(s) of line {} not yet returned: return at most {left}",
                    line.quantity, line.line_no
                ),
            ));
        };

        let value_fen = piece_value(&stored, returned_after, line.quantity)?.to_fen();
        sqlx::query("INSERT INTO return_lines (return_id, line_no, quantity, dutiable_value_fen) VALUES ($1, $2, $3, $4)")
            .bind(return_id)
            .bind(line.line_no)
            .bind(line.quantity)
            .bind(value_fen)
            .execute(&mut *transaction)
            .await?;
        returned.push(ReturnedLine {
            line_no: line.line_no,
            quantity: line.quantity,
            dutiable_value: money(value_fen)?,
        });
    }

    let restored_fen: i64 = returned
        .iter()
        .map(|line| line.dutiable_value.to_fen())
        .sum();
    sqlx::query("UPDATE returns SET dutiable_value_fen = $1 WHERE id = $2")
        .bind(restored_fen)
        .bind(return_id)
        .execute(&mut *transaction)
        .await?;
    let order = load_order(&mut transaction, id, now).await?;
    transaction.commit().await?;

    tracing::info!(
        return_id,
        order_id = id,
        restored_fen,
        "return recorded; quota restored"
    );
    Ok((
        StatusCode::CREATED,
        Json(ReturnRecord {
            id: return_id.to_string(),
            order_id: id.to_string(),
            applied_at: utc::format(applied_at),
            restored: money(restored_fen)?,
            lines: returned,
            order,
        }),
    ))
}

/// Checks the request on its own and returns the application time.
fn check_request(
    request: &NewReturnRequest,
    now: OffsetDateTime,
) -> Result<OffsetDateTime, ApiError> {
    if request.lines.is_empty() {
        return Err(ApiError::invalid(
            "return.no_lines",
            "lines",
            "lines is empty: name at least one line_no and quantity to return",
        ));
    }

    let mut seen = HashSet::new();
    for (index, line) in request.lines.iter().enumerate() {
        if line.quantity < 1 {
            return Err(ApiError::invalid(
                "return.invalid_quantity",
                format!("lines[{index}].quantity"),
                format!(
                    "lines[{index}].quantity {} is invalid: return at least 1 piece",
                    line.quantity
                ),
            ));
        }
        if !seen.insert(line.line_no) {
            return Err(ApiError::invalid(
                "return.duplicate_line",
                format!("lines[{index}].line_no"),
                format!("lines[{index}].line_no {} appears twice: give each line once with its total quantity", line.line_no),
            ));
        }
    }

    let Some(text) = request.applied_at.as_deref() else {
        return Ok(now);
    };
    let applied_at = utc::parse(text).map_err(|_| {
        ApiError::invalid(
            "return.invalid_time",
            "applied_at",
            format!("applied_at {text:?} is not an RFC 3339 time: use a form such as 2026-12-01T09:30:00+08:00, or leave it out for now"),
        )
    })?;
    if applied_at > now + CLOCK_TOLERANCE {
        return Err(ApiError::invalid(
            "return.time_in_future",
            "applied_at",
            format!("applied_at {text:?} lies in the future: give the time of the application, or leave it out for now"),
        ));
    }
    Ok(applied_at)
}

/// Checks that the list was released and that `applied_at` falls in its window.
fn check_window(order: &Order, applied_at: OffsetDateTime) -> Result<(), ApiError> {
    let released_at = match (&order.released_at, order.status.is_released()) {
        (Some(text), true) => stored_time(text)?,
        _ => {
            return Err(ApiError::conflict(
                "order.not_released",
                format!(
                    "order {} is {}, not released: only a released list can be returned",
                    order.id,
                    order.status.as_str()
                ),
            ))
        }
    };
    if applied_at < released_at {
        return Err(ApiError::invalid(
            "return.before_release",
            "applied_at",
            format!(
                "applied_at is before the release at {}: a return is applied for after release",
                utc::format(released_at)
            ),
        ));
    }

    let window = ReturnWindow::after_release(released_at)
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    if applied_at >= window.apply_deadline {
        return Err(ApiError::invalid(
            "return.window_closed",
            "applied_at",
            format!(
                "the return window of order {} closed at the end of {} (CST), 30 days after release: customs no longer accepts a return, so the quota cannot be restored",
                order.id, window.apply_by
            ),
        ));
    }
    Ok(())
}

/// Values `count` pieces of a stored line whose returned quantity is `returned_after`
/// with them, by the rules crate's piece rounding.
fn piece_value(stored: &OrderLine, returned_after: i64, count: i64) -> Result<Money, ApiError> {
    let pieces = |value: i64| {
        u32::try_from(value)
            .map_err(|_| ApiError::Internal(format!("piece count {value} out of range")))
    };
    pieces_value(
        stored.dutiable_value,
        pieces(stored.quantity)?,
        pieces(returned_after - count)?,
        pieces(count)?,
    )
    .ok_or_else(|| {
        ApiError::Internal(format!(
            "{count} piece(s) exceed the line's {} piece(s)",
            stored.quantity
        ))
    })
}
