//! Demo data: the shopper `demo` with this calendar year's (CST) declaration lists.
//!
//! Five lists count toward the annual limit and add up to 14,236.48 yuan of dutiable
//! value. The newest was released 12 days before loading, so its return window is
//! open. One list was rejected by customs (receipt 100) and one was cancelled before
//! release; neither counts. Line values and taxes come from [`cbec_rules::evaluate`],
//! so they agree with the rules to the fen.

use cbec_rules::declaration::Content;
use cbec_rules::{cst, evaluate, DeclarationList, Line, Money, TaxClass, TradeMode};
use rust_decimal::Decimal;
use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use crate::http::orders::{insert_order, NewLine, NewOrder};
use crate::http::ApiError;
use crate::order_status::OrderStatus;
use crate::{utc, Db};

/// Id of the demo shopper.
pub const SHOPPER_ID: &str = "demo";

/// Name of the demo data set in the `demo_loads` table.
const DATA_SET: &str = "demo";

/// Result of a call to [`load`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo lists were stored.
    Loaded { orders: usize },
    /// The demo data had been loaded before; nothing changed.
    AlreadyLoaded,
}

/// One demo list before evaluation.
struct DemoOrder {
    serial: u32,
    /// Declaration time as a fraction of the time from 1 January (CST) to the newest
    /// release.
    at: f64,
    status: OrderStatus,
    lines: Vec<Line>,
    freight: &'static str,
    insurance: &'static str,
}

/// Stores the demo shopper's lists unless they were loaded before. With `reset`, first
/// deletes everything stored for the demo shopper, then loads again.
///
/// Dates are computed from `now`: the lists fall in the CST calendar year of `now`.
///
/// # Errors
///
/// A database error; nothing is stored then.
pub async fn load(db: &Db, now: OffsetDateTime, reset: bool) -> Result<DemoOutcome, ApiError> {
    let mut transaction = db.begin_write().await?;
    if reset {
        delete_demo_shopper(&mut transaction).await?;
    }

    // Claiming the marker row first makes a second, concurrent loader wait for this
    // transaction and then find the row.
    let claimed = sqlx::query(
        "INSERT INTO demo_loads (name, loaded_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(DATA_SET)
    .bind(utc::format(now))
    .execute(&mut *transaction)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(DemoOutcome::AlreadyLoaded);
    }

    let orders = demo_orders(now)?;
    for order in &orders {
        insert_order(&mut transaction, SHOPPER_ID, order, now).await?;
    }
    transaction.commit().await?;
    tracing::info!(
        shopper_id = SHOPPER_ID,
        orders = orders.len(),
        reset,
        "demo data loaded"
    );
    Ok(DemoOutcome::Loaded {
        orders: orders.len(),
    })
}

async fn delete_demo_shopper(connection: &mut AnyConnection) -> Result<(), ApiError> {
    // Explicit deletes, child tables first, so that the reset does not depend on
    // each backend's foreign-key cascade settings.
    let statements = [
        "DELETE FROM return_lines WHERE return_id IN \
             (SELECT r.id FROM returns r JOIN orders o ON o.id = r.order_id WHERE o.shopper_id = $1)",
        "DELETE FROM returns WHERE order_id IN (SELECT id FROM orders WHERE shopper_id = $1)",
        "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE shopper_id = $1)",
        "DELETE FROM orders WHERE shopper_id = $1",
        "DELETE FROM shoppers WHERE id = $1",
    ];
    for statement in statements {
        sqlx::query(statement)
            .bind(SHOPPER_ID)
            .execute(&mut *connection)
            .await?;
    }
    sqlx::query("DELETE FROM demo_loads WHERE name = $1")
        .bind(DATA_SET)
        .execute(&mut *connection)
        .await?;
    tracing::info!(shopper_id = SHOPPER_ID, "demo shopper's data deleted");
    Ok(())
}

/// Builds the demo lists for the CST year of `now`.
///
/// # Errors
///
/// [`ApiError::Internal`] if the rules reject a demo list, which a test rules out.
pub fn demo_orders(now: OffsetDateTime) -> Result<Vec<NewOrder>, ApiError> {
    let year = cst::year(now);
    let year_start = cst::start_of_year(year)
        .ok_or_else(|| ApiError::Internal(format!("no start of year {year}")))?;

    // In the first 12 days of a year, the newest release moves to 1 January so that
    // every list stays in this year. Its return window is then still open.
    let newest_release = (now - Duration::days(12)).max(year_start);
    let span = newest_release - year_start;

    let mut orders = Vec::new();
    for demo in demo_lists() {
        let declared_at = year_start + span * demo.at;
        let released_at = demo
            .status
            .is_released()
            .then(|| (declared_at + Duration::hours(20)).min(newest_release.max(declared_at)));
        orders.push(evaluate_demo(year, &demo, declared_at, released_at)?);
    }

    // The newest list: declared a few hours before its release 12 days ago.
    let recent = DemoOrder {
        serial: 5,
        at: 1.0,
        status: OrderStatus::Released,
        lines: vec![
            line(
                "8509800000",
                "电动牙刷 Electric toothbrush",
                1,
                "899.00",
                None,
                "general",
            ),
            line(
                "3304990099",
                "防晒霜 Sunscreen SPF50 50 ml",
                2,
                "189.50",
                Some(Content::Millilitres(Decimal::new(50, 0))),
                "cosmetics",
            ),
        ],
        freight: "12.00",
        insurance: "0.00",
    };
    let declared_at = (newest_release - Duration::hours(5)).max(year_start);
    orders.push(evaluate_demo(
        year,
        &recent,
        declared_at,
        Some(newest_release),
    )?);

    // A list cancelled before release, declared 3 days ago.
    let cancelled = DemoOrder {
        serial: 7,
        at: 1.0,
        status: OrderStatus::Cancelled,
        lines: vec![line(
            "1901101000",
            "婴幼儿配方奶粉 Infant formula 900 g",
            2,
            "268.80",
            None,
            "general",
        )],
        freight: "10.00",
        insurance: "0.00",
    };
    let declared_at = (now - Duration::days(3)).max(year_start);
    orders.push(evaluate_demo(year, &cancelled, declared_at, None)?);

    Ok(orders)
}

/// Returns the older demo lists, each placed by a fraction of the year so far.
fn demo_lists() -> Vec<DemoOrder> {
    let ml = |value: i64| Some(Content::Millilitres(Decimal::new(value, 0)));
    vec![
        DemoOrder {
            serial: 1,
            at: 0.2,
            status: OrderStatus::Released,
            lines: vec![
                // 1,299.00 for 230 ml is 5.65 yuan/ml: below the high-end threshold.
                line(
                    "3304990099",
                    "精华液 Facial essence 230 ml",
                    2,
                    "1299.00",
                    ml(230),
                    "cosmetics",
                ),
                // 1,756.30 for 60 ml is 29.27 yuan/ml: high-end cosmetics, 15 % CT.
                line(
                    "3304990099",
                    "面霜 Face cream 60 ml",
                    1,
                    "1756.30",
                    ml(60),
                    "cosmetics",
                ),
            ],
            freight: "0.00",
            insurance: "0.00",
        },
        DemoOrder {
            serial: 2,
            at: 0.45,
            status: OrderStatus::Released,
            lines: vec![line(
                "1901101000",
                "婴幼儿配方奶粉 Infant formula 900 g",
                6,
                "268.80",
                None,
                "general",
            )],
            freight: "18.00",
            insurance: "0.00",
        },
        DemoOrder {
            serial: 6,
            at: 0.55,
            status: OrderStatus::Rejected,
            // 5,397.00 for three pieces: over the 5,000 single-order limit.
            lines: vec![line(
                "3304990099",
                "面霜 Face cream 60 ml",
                3,
                "1799.00",
                ml(60),
                "cosmetics",
            )],
            freight: "0.00",
            insurance: "0.00",
        },
        DemoOrder {
            serial: 3,
            at: 0.7,
            status: OrderStatus::Released,
            lines: vec![line(
                "2204210000",
                "干红葡萄酒 Red wine 750 ml",
                6,
                "329.00",
                None,
                "wine",
            )],
            freight: "35.00",
            insurance: "1.97",
        },
        DemoOrder {
            serial: 4,
            at: 0.85,
            status: OrderStatus::Released,
            lines: vec![line(
                "4202210090",
                "皮革手提包 Leather handbag",
                1,
                "4899.00",
                None,
                "general",
            )],
            freight: "50.00",
            insurance: "1.41",
        },
    ]
}

fn line(
    hs_code: &str,
    name: &str,
    quantity: u32,
    unit_price: &str,
    content: Option<Content>,
    class: &str,
) -> Line {
    Line {
        hs_code: hs_code
            .parse()
            .expect("demo commodity codes have 10 digits"),
        name: name.to_owned(),
        quantity,
        unit: "件".to_owned(),
        unit_price: unit_price.parse().expect("demo prices are valid amounts"),
        content,
        tax_class: TaxClass::preset(class).expect("demo tax classes are presets"),
    }
}

/// Runs the rules on a demo list and turns the result into a list to store.
fn evaluate_demo(
    year: i32,
    demo: &DemoOrder,
    declared_at: OffsetDateTime,
    released_at: Option<OffsetDateTime>,
) -> Result<NewOrder, ApiError> {
    let amount = |text: &str| text.parse::<Money>().expect("demo amounts are valid");
    let list = DeclarationList {
        trade_mode: TradeMode::BondedImport,
        declared_at,
        orderer_id: None,
        lines: demo.lines.clone(),
        freight: amount(demo.freight),
        insurance: amount(demo.insurance),
        reductions: Money::ZERO,
        non_cash_deductions: Money::ZERO,
    };
    let evaluation = evaluate(&list, Money::ZERO)
        .map_err(|error| ApiError::Internal(format!("demo list {}: {error}", demo.serial)))?;

    let lines = demo
        .lines
        .iter()
        .zip(&evaluation.lines)
        .map(|(line, evaluated)| NewLine {
            hs_code: line.hs_code,
            name: line.name.clone(),
            quantity: line.quantity,
            unit_price: line.unit_price,
            dutiable_value: evaluated.value.dutiable_value,
        })
        .collect();
    Ok(NewOrder {
        list_no: format!("DEMO{year}{:04}", demo.serial),
        declared_at,
        status: demo.status,
        customs_status_code: demo.status.default_receipt_code(),
        released_at,
        lines,
        freight: list.freight,
        insurance: list.insurance,
        reductions: Money::ZERO,
        tax_total: evaluation.tax.total,
    })
}
