//! Declaration lists (申报清单) of a shopper: record, list, read and cancel.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use cbec_rules::{HsCode, Money};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;

use super::error::{amount_text, optional_amount_text, ErrorBody, JsonBody};
use super::quota::YearQuery;
use super::{
    check_shopper_id, money, parse_year, require_shopper, stored_time, ApiContext, ApiError,
};
use crate::order_status::OrderStatus;
use crate::return_window::ReturnWindowView;
use crate::utc;
use cbec_rules::{cst, RuleSet};

/// Most lines accepted in one declaration list.
pub const MAX_LINES: usize = 500;

/// Most pieces accepted on one line.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// How far in the future a reported time may lie, for clocks that disagree a little.
pub const CLOCK_TOLERANCE: Duration = Duration::minutes(5);

pub(super) fn router() -> Router<ApiContext> {
    Router::new()
        .route(
            "/shoppers/{shopper_id}/orders",
            get(list_orders).post(create_order),
        )
        .route("/orders/{order_id}", get(get_order))
        .route("/orders/{order_id}/cancel", post(cancel_order))
}

// ---------------------------------------------------------------------------
// Wire types

/// A declaration list to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrderRequest {
    /// List number (清单编号), unique across all shoppers: letters, digits, `-`, `_`.
    #[schema(example = "2026110012345678")]
    pub list_no: String,
    /// Declaration time, RFC 3339 with any offset.
    #[schema(example = "2026-03-08T10:15:00+08:00")]
    pub declared_at: String,
    /// Status; `declared` when left out.
    #[schema(value_type = Option<OrderStatus>)]
    pub status: Option<String>,
    /// Customs receipt code; the usual one for `status` when left out.
    #[schema(example = 800)]
    pub customs_status_code: Option<i64>,
    /// Release time, RFC 3339; required for `released` and `closed`.
    #[schema(example = "2026-03-08T18:00:00+08:00")]
    pub released_at: Option<String>,
    /// The lines, numbered from 1 in the order given.
    pub lines: Vec<NewLineRequest>,
    /// Freight, included in the dutiable value; 0 when left out.
    #[serde(default, deserialize_with = "optional_amount_text")]
    #[schema(value_type = Option<String>, example = "12.00")]
    pub freight: Option<String>,
    /// Insurance, included in the dutiable value; 0 when left out.
    #[serde(default, deserialize_with = "optional_amount_text")]
    #[schema(value_type = Option<String>, example = "0.00")]
    pub insurance: Option<String>,
    /// Genuine price reductions (not points or vouchers), taken off the dutiable
    /// value; 0 when left out.
    #[serde(default, deserialize_with = "optional_amount_text")]
    #[schema(value_type = Option<String>, example = "0.00")]
    pub reductions: Option<String>,
    /// Comprehensive tax (跨境电商综合税) of the list.
    #[serde(deserialize_with = "amount_text")]
    #[schema(example = "116.35")]
    pub tax_total: String,
}

/// One line of a declaration list to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewLineRequest {
    /// 10-digit commodity code (商品编码).
    #[schema(example = "3304990099")]
    pub hs_code: String,
    /// Goods name.
    #[schema(example = "面霜 Face cream 60 ml")]
    pub name: String,
    /// Number of pieces, at least 1.
    #[schema(example = 1)]
    pub quantity: i64,
    /// Price of one piece.
    #[serde(deserialize_with = "amount_text")]
    #[schema(example = "1756.30")]
    pub unit_price: String,
    /// Dutiable value (完税价格) of the line: goods plus its share of freight and
    /// insurance, less its share of the reductions.
    #[serde(deserialize_with = "amount_text")]
    #[schema(example = "1756.30")]
    pub dutiable_value: String,
}

/// A stored declaration list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Order {
    /// Server-assigned id.
    #[schema(example = "1")]
    pub id: String,
    /// The shopper who ordered.
    #[schema(example = "demo")]
    pub shopper_id: String,
    /// List number (清单编号).
    pub list_no: String,
    /// Declaration time, UTC.
    #[schema(example = "2026-03-08T02:15:00Z")]
    pub declared_at: String,
    /// Status of the list.
    pub status: OrderStatus,
    /// Last customs receipt code (回执状态), such as 800 for released.
    #[schema(example = 800)]
    pub customs_status_code: i64,
    /// Sum of quantity × unit price over the lines.
    #[schema(value_type = String, example = "4354.30")]
    pub goods_value: Money,
    /// Freight.
    #[schema(value_type = String, example = "0.00")]
    pub freight: Money,
    /// Insurance.
    #[schema(value_type = String, example = "0.00")]
    pub insurance: Money,
    /// Genuine price reductions.
    #[schema(value_type = String, example = "0.00")]
    pub reductions: Money,
    /// Dutiable value (完税价格): the sum of the lines' dutiable values.
    #[schema(value_type = String, example = "4354.30")]
    pub dutiable_value: Money,
    /// Comprehensive tax of the list.
    #[schema(value_type = String, example = "464.85")]
    pub tax_total: Money,
    /// Release time, UTC, or null before release.
    pub released_at: Option<String>,
    /// Dutiable value given back to the annual quota by returns.
    #[schema(value_type = String, example = "0.00")]
    pub returned_value: Money,
    /// Return deadlines, for released lists only.
    pub return_window: Option<ReturnWindowView>,
    /// The lines, by line number.
    pub lines: Vec<OrderLine>,
}

/// A stored line of a declaration list.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderLine {
    /// Line number, from 1.
    #[schema(example = 1)]
    pub line_no: i64,
    /// 10-digit commodity code.
    #[schema(example = "3304990099")]
    pub hs_code: String,
    /// Goods name.
    pub name: String,
    /// Number of pieces.
    #[schema(example = 2)]
    pub quantity: i64,
    /// Price of one piece.
    #[schema(value_type = String, example = "1299.00")]
    pub unit_price: Money,
    /// Dutiable value of the line.
    #[schema(value_type = String, example = "2598.00")]
    pub dutiable_value: Money,
    /// Pieces returned so far.
    #[schema(example = 0)]
    pub returned_quantity: i64,
}

/// The declaration lists of a shopper, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderList {
    pub orders: Vec<Order>,
}

// ---------------------------------------------------------------------------
// Handlers

/// Lists a shopper's declaration lists, newest first, optionally of one CST year.
#[utoipa::path(
    get,
    path = "/api/v1/shoppers/{shopper_id}/orders",
    tag = "orders",
    params(("shopper_id" = String, Path, description = "Opaque shopper id"), YearQuery),
    responses(
        (status = 200, description = "The lists", body = OrderList),
        (status = 404, description = "`shopper.not_found`", body = ErrorBody),
        (status = 422, description = "`year.invalid`, `shopper.invalid_id`", body = ErrorBody),
    )
)]
pub async fn list_orders(
    State(context): State<ApiContext>,
    Path(shopper_id): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Json<OrderList>, ApiError> {
    let now = OffsetDateTime::now_utc();
    check_shopper_id(&shopper_id)?;
    let year = match query.year.as_deref() {
        Some(text) => Some(parse_year(Some(text), now)?),
        None => None,
    };

    let mut connection = context.db.pool.acquire().await?;
    require_shopper(&mut *connection, &shopper_id).await?;
    let orders = load_orders(
        &mut connection,
        OrderFilter::Shopper {
            shopper_id: &shopper_id,
            year,
        },
        now,
    )
    .await?;
    Ok(Json(OrderList { orders }))
}

/// Records a declaration list for a shopper, creating the shopper on first use.
#[utoipa::path(
    post,
    path = "/api/v1/shoppers/{shopper_id}/orders",
    tag = "orders",
    params(("shopper_id" = String, Path, description = "Opaque shopper id")),
    request_body = NewOrderRequest,
    responses(
        (status = 201, description = "The stored list", body = Order),
        (status = 400, description = "`request.malformed_json`", body = ErrorBody),
        (status = 409, description = "`order.duplicate_list_no`", body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    )
)]
pub async fn create_order(
    State(context): State<ApiContext>,
    Path(shopper_id): Path<String>,
    JsonBody(request): JsonBody<NewOrderRequest>,
) -> Result<(StatusCode, Json<Order>), ApiError> {
    let now = OffsetDateTime::now_utc();
    check_shopper_id(&shopper_id)?;
    let order = NewOrder::validate(request, now)?;

    let mut transaction = context.db.begin_write().await?;
    let id = insert_order(&mut transaction, &shopper_id, &order, now).await?;
    let stored = load_order(&mut transaction, id, now).await?;
    transaction.commit().await?;

    tracing::info!(order_id = id, %shopper_id, list_no = %order.list_no, "declaration list recorded");
    Ok((StatusCode::CREATED, Json(stored)))
}

/// Reads one declaration list.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{order_id}",
    tag = "orders",
    params(("order_id" = String, Path, description = "Id returned when the list was recorded")),
    responses(
        (status = 200, description = "The list", body = Order),
        (status = 404, description = "`order.not_found`", body = ErrorBody),
    )
)]
pub async fn get_order(
    State(context): State<ApiContext>,
    Path(order_id): Path<String>,
) -> Result<Json<Order>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = parse_order_id(&order_id)?;
    let mut connection = context.db.pool.acquire().await?;
    Ok(Json(load_order(&mut connection, id, now).await?))
}

/// Cancels a declaration list that is not released yet; it stops counting toward
/// the annual limit at once.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{order_id}/cancel",
    tag = "orders",
    params(("order_id" = String, Path, description = "Id returned when the list was recorded")),
    responses(
        (status = 200, description = "The cancelled list", body = Order),
        (status = 404, description = "`order.not_found`", body = ErrorBody),
        (status = 409, description = "`order.already_released`, `order.already_cancelled`, `order.not_cancellable`", body = ErrorBody),
    )
)]
pub async fn cancel_order(
    State(context): State<ApiContext>,
    Path(order_id): Path<String>,
) -> Result<Json<Order>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = parse_order_id(&order_id)?;

    let mut transaction = context.db.begin_write().await?;
    let order = load_order(&mut transaction, id, now).await?;
    check_cancellable(&order)?;

    // The status condition repeats the check so that a concurrent release or
    // cancellation between the read and this write cannot be overwritten.
    let result = sqlx::query(
        "UPDATE orders SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status = $3",
    )
    .bind(utc::format(now))
    .bind(id)
    .bind(order.status.as_str())
    .execute(&mut *transaction)
    .await?;
    if result.rows_affected() != 1 {
        return Err(ApiError::conflict(
            "order.changed",
            format!("order {id} changed while cancelling: read it again and retry"),
        ));
    }
    let cancelled = load_order(&mut transaction, id, now).await?;
    transaction.commit().await?;

    tracing::info!(order_id = id, list_no = %cancelled.list_no, "declaration list cancelled");
    Ok(Json(cancelled))
}

fn check_cancellable(order: &Order) -> Result<(), ApiError> {
    let id = &order.id;
    match order.status {
        status if status.is_cancellable() => Ok(()),
        status if status.is_released() => Err(ApiError::conflict(
            "order.already_released",
            format!(
                "order {id} was released, so it cannot be cancelled: apply for a return instead"
            ),
        )),
        OrderStatus::Cancelled => Err(ApiError::conflict(
            "order.already_cancelled",
            format!("order {id} is already cancelled"),
        )),
        status => Err(ApiError::conflict(
            "order.not_cancellable",
            format!(
                "order {id} is {}, so there is nothing to cancel",
                status.as_str()
            ),
        )),
    }
}

/// Parses an order id from a path; anything but a positive integer names no order.
///
/// # Errors
///
/// 404 `order.not_found`.
pub(crate) fn parse_order_id(text: &str) -> Result<i64, ApiError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(order_not_found(text)),
    }
}

fn order_not_found(id: impl std::fmt::Display) -> ApiError {
    ApiError::not_found(
        "order.not_found",
        format!("order {id} not found: list the shopper's orders for valid ids"),
    )
}

// ---------------------------------------------------------------------------
// Validation

/// A declaration list that passed validation.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub list_no: String,
    pub declared_at: OffsetDateTime,
    pub status: OrderStatus,
    pub customs_status_code: i64,
    pub released_at: Option<OffsetDateTime>,
    pub lines: Vec<NewLine>,
    pub freight: Money,
    pub insurance: Money,
    pub reductions: Money,
    pub tax_total: Money,
}

/// A line that passed validation.
#[derive(Debug, Clone)]
pub struct NewLine {
    pub hs_code: HsCode,
    pub name: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub dutiable_value: Money,
}

impl NewOrder {
    /// Checks every field of a request, reporting the first invalid one.
    ///
    /// # Errors
    ///
    /// 422 with the field's path: codes from the rules crate for amounts and commodity
    /// codes, `order.*` codes for the rest (see `docs/api.md`).
    pub fn validate(request: NewOrderRequest, now: OffsetDateTime) -> Result<NewOrder, ApiError> {
        let list_no = check_list_no(&request.list_no)?;
        let declared_at = parse_time(&request.declared_at, "declared_at", now)?;
        if RuleSet::at(declared_at).is_err() {
            return Err(ApiError::invalid(
                "order.declared_before_cbec",
                "declared_at",
                format!("declared_at {} is before 2016-04-08, when CBEC retail import rules began: check the date", request.declared_at),
            ));
        }

        let status = match request.status.as_deref() {
            None => OrderStatus::Declared,
            Some(name) => OrderStatus::parse(name).ok_or_else(|| {
                let names: Vec<_> = OrderStatus::ALL
                    .iter()
                    .map(|status| status.as_str())
                    .collect();
                ApiError::invalid(
                    "order.invalid_status",
                    "status",
                    format!(
                        "status {name:?} is invalid: use one of {}",
                        names.join(", ")
                    ),
                )
            })?,
        };
        let customs_status_code = match request.customs_status_code {
            None => status.default_receipt_code(),
            Some(code) if status.receipt_codes().contains(&code) => code,
            Some(code) => {
                return Err(ApiError::invalid(
                    "order.status_code_mismatch",
                    "customs_status_code",
                    format!("customs_status_code {code} does not fit status {}: use one of {:?} or leave it out", status.as_str(), status.receipt_codes()),
                ))
            }
        };
        let released_at =
            check_released_at(request.released_at.as_deref(), status, declared_at, now)?;

        if request.lines.is_empty() {
            return Err(ApiError::invalid(
                "order.no_lines",
                "lines",
                "lines is empty: a declaration list needs at least one line",
            ));
        }
        if request.lines.len() > MAX_LINES {
            return Err(ApiError::invalid(
                "order.too_many_lines",
                "lines",
                format!(
                    "lines has {} entries: at most {MAX_LINES} are accepted, so split the list",
                    request.lines.len()
                ),
            ));
        }
        let lines = request
            .lines
            .into_iter()
            .enumerate()
            .map(|(index, line)| check_line(index, line))
            .collect::<Result<Vec<_>, _>>()?;

        let freight = parse_optional_amount(request.freight.as_deref(), "freight")?;
        let insurance = parse_optional_amount(request.insurance.as_deref(), "insurance")?;
        let reductions = parse_optional_amount(request.reductions.as_deref(), "reductions")?;
        let tax_total: Money = request
            .tax_total
            .parse()
            .map_err(|error: cbec_rules::Error| error.at("tax_total"))?;

        let order = NewOrder {
            list_no,
            declared_at,
            status,
            customs_status_code,
            released_at,
            lines,
            freight,
            insurance,
            reductions,
            tax_total,
        };
        order.check_dutiable_value()?;
        Ok(order)
    }

    /// Returns the list's dutiable value: the sum of its lines'.
    ///
    /// # Errors
    ///
    /// 422 `amount.overflow` above [`Money::MAX`].
    pub fn dutiable_value(&self) -> Result<Money, ApiError> {
        Ok(
            Money::checked_sum(self.lines.iter().map(|line| line.dutiable_value))
                .map_err(|error| error.at("lines"))?,
        )
    }

    /// Returns the sum of quantity × unit price.
    ///
    /// # Errors
    ///
    /// 422 `amount.overflow` above [`Money::MAX`].
    pub fn goods_value(&self) -> Result<Money, ApiError> {
        let mut total = Money::ZERO;
        for (index, line) in self.lines.iter().enumerate() {
            let line_goods = line
                .unit_price
                .checked_mul(line.quantity)
                .map_err(|error| error.at(format!("lines[{index}]")))?;
            total = total
                .checked_add(line_goods)
                .map_err(|error| error.at("lines"))?;
        }
        Ok(total)
    }

    /// Checks that the lines' dutiable values add up to goods + freight + insurance −
    /// reductions, the definition of the dutiable value (完税价格).
    fn check_dutiable_value(&self) -> Result<(), ApiError> {
        let gross = self
            .goods_value()?
            .checked_add(self.freight)
            .and_then(|sum| sum.checked_add(self.insurance))
            .map_err(|error| error.at("lines"))?;
        let expected = gross.checked_sub(self.reductions).ok_or_else(|| {
            ApiError::invalid(
                "order.reductions_too_large",
                "reductions",
                format!(
                    "reductions {} exceed goods + freight + insurance = {gross}: check the amount",
                    self.reductions
                ),
            )
        })?;
        let actual = self.dutiable_value()?;
        if actual != expected {
            return Err(ApiError::invalid(
                "order.dutiable_value_mismatch",
                "lines",
                format!(
                    "the lines' dutiable values add up to {actual}, but goods + freight + insurance - reductions is {expected}: allocate freight, insurance and reductions so that the line values add up exactly"
                ),
            ));
        }
        Ok(())
    }
}

fn check_list_no(text: &str) -> Result<String, ApiError> {
    let list_no = text.trim();
    let valid_chars = list_no
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if (1..=64).contains(&list_no.len()) && valid_chars {
        return Ok(list_no.to_owned());
    }
    Err(ApiError::invalid(
        "order.invalid_list_no",
        "list_no",
        format!("list_no {text:?} is invalid: use 1 to 64 letters, digits, '-' or '_', as on the declaration list"),
    ))
}

/// Parses an RFC 3339 time that must not lie in the future.
fn parse_time(text: &str, field: &str, now: OffsetDateTime) -> Result<OffsetDateTime, ApiError> {
    let instant = utc::parse(text).map_err(|_| {
        ApiError::invalid(
            "order.invalid_time",
            field,
            format!("{field} {text:?} is not an RFC 3339 time: use a form such as 2026-03-08T10:15:00+08:00"),
        )
    })?;
    if instant > now + CLOCK_TOLERANCE {
        return Err(ApiError::invalid(
            "order.time_in_future",
            field,
            format!("{field} {text:?} lies in the future: give the time it happened"),
        ));
    }
    Ok(instant)
}

fn check_released_at(
    text: Option<&str>,
    status: OrderStatus,
    declared_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>, ApiError> {
    let released_at = match text {
        Some(text) => Some(parse_time(text, "released_at", now)?),
        None => None,
    };
    match released_at {
        None if status.is_released() => Err(ApiError::invalid(
            "order.released_at_missing",
            "released_at",
            format!("released_at is missing: a list with status {} needs its release time", status.as_str()),
        )),
        Some(_) if !status.is_released() && status != OrderStatus::ShippedBack => Err(ApiError::invalid(
            "order.released_at_unexpected",
            "released_at",
            format!("released_at is given, but a list with status {} was not released: remove it or correct the status", status.as_str()),
        )),
        Some(released) if released < declared_at => Err(ApiError::invalid(
            "order.released_before_declared",
            "released_at",
            "released_at is before declared_at: a list is released after it is declared",
        )),
        other => Ok(other),
    }
}

fn check_line(index: usize, line: NewLineRequest) -> Result<NewLine, ApiError> {
    let at = |name: &str| format!("lines[{index}].{name}");

    let hs_code: HsCode = line
        .hs_code
        .parse()
        .map_err(|error: cbec_rules::Error| error.at(at("hs_code")))?;
    let name = line.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::invalid(
            "order.invalid_name",
            at("name"),
            format!(
                "{} must be 1 to 200 characters: give the goods name as declared",
                at("name")
            ),
        ));
    }
    let quantity = match u32::try_from(line.quantity) {
        Ok(quantity) if quantity >= 1 && i64::from(quantity) <= MAX_QUANTITY => quantity,
        _ => {
            return Err(ApiError::invalid(
                "order.invalid_quantity",
                at("quantity"),
                format!(
                    "{} {} is invalid: give a whole number of pieces from 1 to {MAX_QUANTITY}",
                    at("quantity"),
                    line.quantity
                ),
            ))
        }
    };
    let unit_price: Money = line
        .unit_price
        .parse()
        .map_err(|error: cbec_rules::Error| error.at(at("unit_price")))?;
    let dutiable_value: Money = line
        .dutiable_value
        .parse()
        .map_err(|error: cbec_rules::Error| error.at(at("dutiable_value")))?;

    Ok(NewLine {
        hs_code,
        name,
        quantity,
        unit_price,
        dutiable_value,
    })
}

fn parse_optional_amount(text: Option<&str>, field: &str) -> Result<Money, ApiError> {
    match text {
        None => Ok(Money::ZERO),
        Some(text) => Ok(text
            .parse()
            .map_err(|error: cbec_rules::Error| error.at(field))?),
    }
}

// ---------------------------------------------------------------------------
// Storage

/// Stores a validated list and its lines, creating the shopper on first use. Call it
/// inside a transaction so that a failure stores nothing.
///
/// # Errors
///
/// 409 `order.duplicate_list_no`, or a database error.
pub async fn insert_order(
    connection: &mut AnyConnection,
    shopper_id: &str,
    order: &NewOrder,
    now: OffsetDateTime,
) -> Result<i64, ApiError> {
    let now_text = utc::format(now);
    let duplicate = || ApiError::Conflict {
        code: "order.duplicate_list_no",
        message: format!(
            "list_no {} is already recorded: each declaration list is recorded once",
            order.list_no
        ),
        field: Some("list_no".to_owned()),
    };

    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM orders WHERE list_no = $1")
        .bind(&order.list_no)
        .fetch_optional(&mut *connection)
        .await?;
    if existing.is_some() {
        return Err(duplicate());
    }

    sqlx::query(
        "INSERT INTO shoppers (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(shopper_id)
    .bind(&now_text)
    .execute(&mut *connection)
    .await?;

    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO orders (shopper_id, list_no, declared_at, declared_year, status, customs_status_code, \
             released_at, freight_fen, insurance_fen, reductions_fen, tax_total_fen, dutiable_value_fen, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(shopper_id)
    .bind(&order.list_no)
    .bind(utc::format(order.declared_at))
    .bind(i64::from(cst::year(order.declared_at)))
    .bind(order.status.as_str())
    .bind(order.customs_status_code)
    .bind(order.released_at.map(utc::format))
    .bind(order.freight.to_fen())
    .bind(order.insurance.to_fen())
    .bind(order.reductions.to_fen())
    .bind(order.tax_total.to_fen())
    .bind(order.dutiable_value()?.to_fen())
    .bind(&now_text)
    .fetch_one(&mut *connection)
    .await;
    // A concurrent insert of the same list number gets past the check above and
    // fails here on the unique index.
    let (id,) = match inserted {
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => return Err(duplicate()),
        other => other?,
    };

    for (index, line) in order.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, hs_code, name, quantity, unit_price_fen, dutiable_value_fen) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(index as i64 + 1)
        .bind(line.hs_code.as_str())
        .bind(&line.name)
        .bind(i64::from(line.quantity))
        .bind(line.unit_price.to_fen())
        .bind(line.dutiable_value.to_fen())
        .execute(&mut *connection)
        .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    shopper_id: String,
    list_no: String,
    declared_at: String,
    status: String,
    customs_status_code: i64,
    released_at: Option<String>,
    freight_fen: i64,
    insurance_fen: i64,
    reductions_fen: i64,
    tax_total_fen: i64,
    dutiable_value_fen: i64,
    returned_fen: i64,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    order_id: i64,
    line_no: i64,
    hs_code: String,
    name: String,
    quantity: i64,
    unit_price_fen: i64,
    dutiable_value_fen: i64,
    returned_quantity: i64,
}

const ORDER_SELECT: &str = "SELECT o.id, o.shopper_id, o.list_no, o.declared_at, o.status, o.customs_status_code, \
         o.released_at, o.freight_fen, o.insurance_fen, o.reductions_fen, o.tax_total_fen, o.dutiable_value_fen, \
         (SELECT CAST(COALESCE(SUM(r.dutiable_value_fen), 0) AS BIGINT) FROM returns r WHERE r.order_id = o.id) AS returned_fen \
     FROM orders o";

const LINE_SELECT: &str =
    "SELECT l.order_id, l.line_no, l.hs_code, l.name, l.quantity, l.unit_price_fen, \
         l.dutiable_value_fen, l.returned_quantity \
     FROM order_lines l JOIN orders o ON o.id = l.order_id";

/// Selection of lists to load.
pub enum OrderFilter<'a> {
    /// One list by id.
    Id(i64),
    /// A shopper's lists, optionally of one CST year.
    Shopper {
        shopper_id: &'a str,
        year: Option<i32>,
    },
}

/// Loads lists with their lines, newest declaration first.
///
/// # Errors
///
/// A database error, or [`ApiError::Internal`] for stored data that breaks the
/// schema's invariants.
pub async fn load_orders(
    connection: &mut AnyConnection,
    filter: OrderFilter<'_>,
    now: OffsetDateTime,
) -> Result<Vec<Order>, ApiError> {
    // The same condition selects the lists and their lines; `$3 = 1` switches the
    // year filter off without a second query text.
    let (condition, id, shopper_id, year) = match filter {
        OrderFilter::Id(id) => ("o.id = $1", id, "", None),
        OrderFilter::Shopper { shopper_id, year } => (
            "o.shopper_id = $2 AND ($3 = 1 OR o.declared_year = $4)",
            0,
            shopper_id,
            year,
        ),
    };
    let year_off = i64::from(year.is_none());
    let year_value = i64::from(year.unwrap_or(0));

    let order_sql =
        format!("{ORDER_SELECT} WHERE {condition} ORDER BY o.declared_at DESC, o.id DESC");
    let rows: Vec<OrderRow> = sqlx::query_as(&order_sql)
        .bind(id)
        .bind(shopper_id)
        .bind(year_off)
        .bind(year_value)
        .fetch_all(&mut *connection)
        .await?;

    let line_sql = format!("{LINE_SELECT} WHERE {condition} ORDER BY l.order_id, l.line_no");
    let line_rows: Vec<LineRow> = sqlx::query_as(&line_sql)
        .bind(id)
        .bind(shopper_id)
        .bind(year_off)
        .bind(year_value)
        .fetch_all(&mut *connection)
        .await?;

    let mut lines_by_order: HashMap<i64, Vec<LineRow>> = HashMap::new();
    for line in line_rows {
        lines_by_order.entry(line.order_id).or_default().push(line);
    }
    rows.into_iter()
        .map(|row| {
            let lines = lines_by_order.remove(&row.id).unwrap_or_default();
            order_from_rows(row, lines, now)
        })
        .collect()
}

/// Loads one list.
///
/// # Errors
///
/// 404 `order.not_found`, or as [`load_orders`].
pub async fn load_order(
    connection: &mut AnyConnection,
    id: i64,
    now: OffsetDateTime,
) -> Result<Order, ApiError> {
    let mut orders = load_orders(connection, OrderFilter::Id(id), now).await?;
    orders.pop().ok_or_else(|| order_not_found(id))
}

fn order_from_rows(
    row: OrderRow,
    line_rows: Vec<LineRow>,
    now: OffsetDateTime,
) -> Result<Order, ApiError> {
    let status = OrderStatus::parse(&row.status).ok_or_else(|| {
        ApiError::Internal(format!(
            "order {} has unknown status {:?}",
            row.id, row.status
        ))
    })?;

    let released_at = row.released_at.as_deref().map(stored_time).transpose()?;
    let return_window = match released_at {
        Some(released) if status.is_released() => ReturnWindowView::new(released, now),
        _ => None,
    };

    let mut lines = Vec::with_capacity(line_rows.len());
    let mut goods_value = Money::ZERO;
    for line in line_rows {
        let unit_price = money(line.unit_price_fen)?;
        let quantity = u32::try_from(line.quantity).map_err(|_| {
            ApiError::Internal(format!(
                "order {} line {} has quantity {}",
                row.id, line.line_no, line.quantity
            ))
        })?;
        let line_goods = unit_price
            .checked_mul(quantity)
            .map_err(|error| ApiError::Internal(error.to_string()))?;
        goods_value = goods_value
            .checked_add(line_goods)
            .map_err(|error| ApiError::Internal(error.to_string()))?;
        lines.push(OrderLine {
            line_no: line.line_no,
            hs_code: line.hs_code,
            name: line.name,
            quantity: line.quantity,
            unit_price,
            dutiable_value: money(line.dutiable_value_fen)?,
            returned_quantity: line.returned_quantity,
        });
    }

    Ok(Order {
        id: row.id.to_string(),
        shopper_id: row.shopper_id,
        list_no: row.list_no,
        declared_at: utc::format(stored_time(&row.declared_at)?),
        status,
        customs_status_code: row.customs_status_code,
        goods_value,
        freight: money(row.freight_fen)?,
        insurance: money(row.insurance_fen)?,
        reductions: money(row.reductions_fen)?,
        dutiable_value: money(row.dutiable_value_fen)?,
        tax_total: money(row.tax_total_fen)?,
        released_at: released_at.map(utc::format),
        returned_value: money(row.returned_fen)?,
        return_window,
        lines,
    })
}
