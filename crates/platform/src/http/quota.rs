//! `GET /api/v1/shoppers/{shopper_id}/quota`: the annual quota (年度交易限值) of a shopper.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use cbec_rules::Money;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::{check_shopper_id, money, parse_year, require_shopper, ApiContext, ApiError};
use cbec_rules::{cst, RuleSet};
use time::{Date, Month};

use crate::order_status::OrderStatus;
use crate::utc;

pub(super) fn router() -> Router<ApiContext> {
    Router::new().route("/shoppers/{shopper_id}/quota", get(get_quota))
}

/// The optional year of a quota or order list request.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Calendar year in China Standard Time; the current one when left out.
    #[param(value_type = Option<i32>, example = 2026)]
    pub year: Option<String>,
}

/// A shopper's use of the annual limit in one calendar year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Quota {
    /// The shopper.
    #[schema(example = "demo")]
    pub shopper_id: String,
    /// Calendar year in China Standard Time.
    #[schema(example = 2026)]
    pub year: i32,
    /// Effective date (CST) of the rule set in force: today's for the current year,
    /// the last day's for a past year.
    #[schema(example = "2026-01-01")]
    pub rule_set: String,
    /// Annual limit on cumulative dutiable value.
    #[schema(value_type = String, example = "26000.00")]
    pub annual_limit: Money,
    /// Limit on the dutiable value of one declaration list.
    #[schema(value_type = String, example = "5000.00")]
    pub single_order_limit: Money,
    /// Dutiable value of the year's counted lists minus what returns restored.
    #[schema(value_type = String, example = "14236.48")]
    pub used: Money,
    /// `annual_limit - used`, never below zero.
    #[schema(value_type = String, example = "11763.52")]
    pub remaining: Money,
    /// Number of lists counted: pending and released ones, not rejected, cancelled or
    /// shipped-back ones.
    #[schema(example = 5)]
    pub orders_counted: i64,
    /// Dutiable value restored by returns, already subtracted from `used`.
    #[schema(value_type = String, example = "0.00")]
    pub returned: Money,
    /// Time of the computation, UTC.
    #[schema(example = "2026-12-04T20:40:00Z")]
    pub as_of: String,
}

/// Reports how much of the annual limit a shopper used in a year.
#[utoipa::path(
    get,
    path = "/api/v1/shoppers/{shopper_id}/quota",
    tag = "quota",
    params(("shopper_id" = String, Path, description = "Opaque shopper id, such as demo"), YearQuery),
    responses(
        (status = 200, description = "The quota", body = Quota),
        (status = 404, description = "`shopper.not_found`", body = super::error::ErrorBody),
        (status = 422, description = "`year.invalid`, `shopper.invalid_id`", body = super::error::ErrorBody),
    )
)]
pub async fn get_quota(
    State(context): State<ApiContext>,
    Path(shopper_id): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Json<Quota>, ApiError> {
    let now = OffsetDateTime::now_utc();
    check_shopper_id(&shopper_id)?;
    let year = parse_year(query.year.as_deref(), now)?;
    let mut connection = context.db.pool.acquire().await?;
    require_shopper(&mut *connection, &shopper_id).await?;

    let quota = quota_of(&mut connection, &shopper_id, year, now).await?;
    Ok(Json(quota))
}

/// Computes a stored shopper's quota for a CST calendar year.
///
/// # Errors
///
/// 422 `year.invalid` for a year before CBEC retail import rules, or a database error.
pub async fn quota_of(
    connection: &mut AnyConnection,
    shopper_id: &str,
    year: i32,
    now: OffsetDateTime,
) -> Result<Quota, ApiError> {
    let rules = rule_set_for_year(year, now)?;

    let counted = OrderStatus::counted_sql_list();
    let (declared_fen, orders_counted): (i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COALESCE(SUM(dutiable_value_fen), 0) AS BIGINT), COUNT(*) \
         FROM orders \
         WHERE shopper_id = $1 AND declared_year = $2 AND status IN {counted}"
    ))
    .bind(shopper_id)
    .bind(i64::from(year))
    .fetch_one(&mut *connection)
    .await?;

    let (returned_fen,): (i64,) = sqlx::query_as(&format!(
        "SELECT CAST(COALESCE(SUM(r.dutiable_value_fen), 0) AS BIGINT) \
         FROM returns r JOIN orders o ON o.id = r.order_id \
         WHERE o.shopper_id = $1 AND o.declared_year = $2 AND o.status IN {counted}"
    ))
    .bind(shopper_id)
    .bind(i64::from(year))
    .fetch_one(&mut *connection)
    .await?;

    let used = money(declared_fen - returned_fen)?;
    Ok(Quota {
        shopper_id: shopper_id.to_owned(),
        year,
        rule_set: rules.effective_from.to_string(),
        annual_limit: rules.annual_limit,
        single_order_limit: rules.single_limit,
        used,
        remaining: rules.annual_limit.saturating_sub(used),
        orders_counted,
        returned: money(returned_fen)?,
        as_of: utc::format(now),
    })
}

/// Returns the rule set that governs a quota year: the one in force today for the
/// current CST year, otherwise the one in force on the year's last day.
fn rule_set_for_year(year: i32, now: OffsetDateTime) -> Result<&'static RuleSet, ApiError> {
    let day = if year == cst::year(now) {
        cst::date(now)
    } else {
        Date::from_calendar_date(year, Month::December, 31).map_err(|_| {
            ApiError::invalid(
                "year.invalid",
                "year",
                format!("year {year} is out of range"),
            )
        })?
    };
    RuleSet::on(day).map_err(|_| {
        ApiError::invalid(
            "year.invalid",
            "year",
            format!("year {year} has no CBEC rule set: give 2016 or later"),
        )
    })
}
