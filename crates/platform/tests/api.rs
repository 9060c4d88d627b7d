//! Router tests through `tower::ServiceExt::oneshot`, each run against SQLite and
//! PostgreSQL.

mod common;

use axum::http::{Method, StatusCode};
use cbec_platform::demo::{self, DemoOutcome};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use common::TestApp;

backend_tests!(
    health_names_the_backend,
    quota_of_unknown_shopper,
    quota_rejects_bad_year,
    quota_of_demo_shopper,
    demo_loader_does_not_duplicate,
    demo_reset_restores_the_data,
    orders_of_demo_shopper,
    create_order_counts_toward_quota,
    create_order_rejects_bad_input,
    duplicate_list_no_conflicts,
    concurrent_writes_keep_counts_exact,
    cancel_releases_quota,
    cancel_errors,
    return_restores_quota_pro_rata,
    return_errors_store_nothing,
    return_window_edges,
    list_versions_sample_and_import,
    list_import_rejects_bad_rows,
    openapi_lists_every_endpoint,
    unknown_api_route_is_json_404,
);

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn this_year() -> i32 {
    cbec_rules::cst::year(now())
}

fn rfc3339(instant: OffsetDateTime) -> String {
    cbec_platform::utc::format(instant)
}

/// Builds a valid declared (not released) order of one line worth 100.00 + 10.00 freight.
fn order_body(list_no: &str) -> Value {
    json!({
        "list_no": list_no,
        "declared_at": rfc3339(now() - Duration::hours(1)),
        "lines": [{
            "hs_code": "3304990099",
            "name": "Hand cream 50 ml",
            "quantity": 1,
            "unit_price": "100.00",
            "dutiable_value": "110.00"
        }],
        "freight": "10.00",
        "tax_total": "10.01"
    })
}

/// Builds an order released at `released_at`: line 1 has three pieces worth 100.00
/// (90.00 goods and the 10.00 freight), line 2 one piece worth 50.00.
fn released_body(list_no: &str, released_at: OffsetDateTime) -> Value {
    json!({
        "list_no": list_no,
        "declared_at": rfc3339(released_at - Duration::hours(2)),
        "status": "released",
        "released_at": rfc3339(released_at),
        "lines": [
            {"hs_code": "1901101000", "name": "Milk powder", "quantity": 3, "unit_price": "30.00", "dutiable_value": "100.00"},
            {"hs_code": "8509800000", "name": "Toothbrush", "quantity": 1, "unit_price": "50.00", "dutiable_value": "50.00"}
        ],
        "freight": "10.00",
        "tax_total": "13.65"
    })
}

async fn create(app: &TestApp, shopper: &str, body: Value) -> Value {
    let reply = app
        .post(&format!("/api/v1/shoppers/{shopper}/orders"), body)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::CREATED,
        "create order: {}",
        reply.text
    );
    reply.json
}

async fn load_demo(app: &TestApp) {
    let outcome = demo::load(&app.db, now(), false)
        .await
        .expect("demo data loads");
    assert_eq!(outcome, DemoOutcome::Loaded { orders: 7 });
}

async fn demo_order(app: &TestApp, status: &str) -> Value {
    let reply = app.get("/api/v1/shoppers/demo/orders").await;
    reply.json["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|order| order["status"] == status)
        .cloned()
        .unwrap()
}

async fn health_names_the_backend(app: &TestApp) {
    let reply = app.get("/api/v1/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["status"], "ok");
    assert_eq!(reply.json["database"], app.db.backend.name());
}

async fn quota_of_unknown_shopper(app: &TestApp) {
    let reply = app.get("/api/v1/shoppers/nobody/quota").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "shopper.not_found");
    assert!(reply.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("nobody"));

    let reply = app.get("/api/v1/shoppers/nobody/orders").await;
    assert_eq!(reply.code(), "shopper.not_found");

    let long_id = "x".repeat(65);
    let reply = app.get(&format!("/api/v1/shoppers/{long_id}/quota")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.code(), "shopper.invalid_id");
}

async fn quota_rejects_bad_year(app: &TestApp) {
    load_demo(app).await;
    for year in ["abc", "2015", "20260", "-1"] {
        let reply = app
            .get(&format!("/api/v1/shoppers/demo/quota?year={year}"))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "year {year}"
        );
        assert_eq!(reply.code(), "year.invalid", "year {year}");
        assert_eq!(reply.field(), Some("year"));
    }
    let reply = app.get("/api/v1/shoppers/demo/orders?year=abc").await;
    assert_eq!(reply.code(), "year.invalid");
}

async fn quota_of_demo_shopper(app: &TestApp) {
    load_demo(app).await;

    let reply = app.get("/api/v1/shoppers/demo/quota").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let quota = &reply.json;
    assert_eq!(quota["shopper_id"], "demo");
    assert_eq!(quota["year"], this_year());
    assert_eq!(quota["annual_limit"], "26000.00");
    assert_eq!(quota["single_order_limit"], "5000.00");
    assert_eq!(quota["used"], "14236.48");
    assert_eq!(quota["remaining"], "11763.52");
    assert_eq!(quota["orders_counted"], 5);
    assert_eq!(quota["returned"], "0.00");
    let rule_set = cbec_rules::RuleSet::at(now())
        .unwrap()
        .effective_from
        .to_string();
    assert_eq!(quota["rule_set"], rule_set);
    assert!(cbec_platform::utc::parse(quota["as_of"].as_str().unwrap()).is_ok());

    let last_year = app
        .get(&format!(
            "/api/v1/shoppers/demo/quota?year={}",
            this_year() - 1
        ))
        .await;
    assert_eq!(last_year.json["used"], "0.00");
    assert_eq!(last_year.json["remaining"], "26000.00");
    assert_eq!(last_year.json["orders_counted"], 0);

    let year_2018 = app.get("/api/v1/shoppers/demo/quota?year=2018").await;
    assert_eq!(year_2018.json["annual_limit"], "20000.00");
    assert_eq!(year_2018.json["single_order_limit"], "2000.00");
}

async fn demo_loader_does_not_duplicate(app: &TestApp) {
    load_demo(app).await;
    let again = demo::load(&app.db, now(), false).await.unwrap();
    assert_eq!(again, DemoOutcome::AlreadyLoaded);

    assert_eq!(app.count("orders").await, 7);
    assert_eq!(app.count("order_lines").await, 9);
    assert_eq!(app.count("demo_loads").await, 1);
    assert_eq!(app.used("demo", this_year()).await, "14236.48");
}

async fn demo_reset_restores_the_data(app: &TestApp) {
    load_demo(app).await;
    let recent = demo_order(app, "released").await;
    let reply = app
        .post(
            &format!("/api/v1/orders/{}/returns", recent["id"].as_str().unwrap()),
            json!({"lines": [{"line_no": 1, "quantity": 1}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    create(app, "demo", order_body("EXTRA-1")).await;
    create(app, "someone", order_body("OTHER-1")).await;
    assert_ne!(app.used("demo", this_year()).await, "14236.48");

    let outcome = demo::load(&app.db, now(), true).await.unwrap();
    assert_eq!(outcome, DemoOutcome::Loaded { orders: 7 });
    assert_eq!(app.used("demo", this_year()).await, "14236.48");
    assert_eq!(app.count("returns").await, 0);
    assert_eq!(
        app.count("orders").await,
        8,
        "the other shopper's order stays"
    );
    assert_eq!(app.used("someone", this_year()).await, "110.00");
}

async fn orders_of_demo_shopper(app: &TestApp) {
    load_demo(app).await;
    let reply = app.get("/api/v1/shoppers/demo/orders").await;
    assert_eq!(reply.status, StatusCode::OK);
    let orders = reply.json["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 7);

    let declared: Vec<&str> = orders
        .iter()
        .map(|order| order["declared_at"].as_str().unwrap())
        .collect();
    let mut sorted = declared.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(declared, sorted, "newest first");

    let count = |status: &str| {
        orders
            .iter()
            .filter(|order| order["status"] == status)
            .count()
    };
    assert_eq!(count("released"), 5);
    assert_eq!(count("rejected"), 1);
    assert_eq!(count("cancelled"), 1);

    let rejected = orders
        .iter()
        .find(|order| order["status"] == "rejected")
        .unwrap();
    assert_eq!(rejected["customs_status_code"], 100);
    assert!(rejected["return_window"].is_null());

    // The newest release was 12 days ago, so its window is open for 18 more days.
    let newest = orders
        .iter()
        .filter(|order| order["status"] == "released")
        .max_by_key(|order| order["released_at"].as_str().unwrap().to_owned())
        .unwrap();
    assert_eq!(newest["customs_status_code"], 800);
    assert_eq!(newest["return_window"]["status"], "open");
    let released = cbec_platform::utc::parse(newest["released_at"].as_str().unwrap()).unwrap();
    assert!(now() - released <= Duration::days(12) + Duration::minutes(1));

    for order in orders {
        let lines = order["lines"].as_array().unwrap();
        let fen = |value: &Value| {
            value
                .as_str()
                .unwrap()
                .parse::<cbec_rules::Money>()
                .unwrap()
                .to_fen()
        };
        let line_sum: i64 = lines.iter().map(|line| fen(&line["dutiable_value"])).sum();
        assert_eq!(
            line_sum,
            fen(&order["dutiable_value"]),
            "order {}",
            order["list_no"]
        );
        assert!(lines
            .iter()
            .all(|line| line["hs_code"].as_str().unwrap().len() == 10));
    }

    let this = app
        .get(&format!(
            "/api/v1/shoppers/demo/orders?year={}",
            this_year()
        ))
        .await;
    assert_eq!(this.json["orders"].as_array().unwrap().len(), 7);
    let last = app
        .get(&format!(
            "/api/v1/shoppers/demo/orders?year={}",
            this_year() - 1
        ))
        .await;
    assert_eq!(last.json["orders"].as_array().unwrap().len(), 0);

    let id = newest["id"].as_str().unwrap();
    let one = app.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json, *newest);
}

async fn create_order_counts_toward_quota(app: &TestApp) {
    let body = json!({
        "list_no": "2026110000000001",
        "declared_at": rfc3339(now() - Duration::days(1)),
        "status": "released",
        "released_at": rfc3339(now() - Duration::hours(20)),
        "lines": [
            {"hs_code": "3304.9900.99", "name": " Essence 230 ml ", "quantity": 2, "unit_price": "1299.00", "dutiable_value": "2603.26"},
            {"hs_code": "8509800000", "name": "Toothbrush", "quantity": 1, "unit_price": "899.00", "dutiable_value": "900.74"}
        ],
        "freight": "8.00",
        "insurance": "0.00",
        "reductions": "1.00",
        "tax_total": "318.79"
    });
    let order = create(app, "alice", body).await;
    assert_eq!(order["shopper_id"], "alice");
    assert_eq!(order["status"], "released");
    assert_eq!(order["customs_status_code"], 800);
    assert_eq!(order["goods_value"], "3497.00");
    assert_eq!(order["dutiable_value"], "3504.00");
    assert_eq!(order["reductions"], "1.00");
    assert_eq!(order["tax_total"], "318.79");
    assert_eq!(order["lines"][0]["hs_code"], "3304990099");
    assert_eq!(order["lines"][0]["name"], "Essence 230 ml");
    assert_eq!(order["lines"][0]["line_no"], 1);
    assert_eq!(order["lines"][1]["returned_quantity"], 0);
    assert_eq!(order["return_window"]["status"], "open");

    assert_eq!(app.used("alice", this_year()).await, "3504.00");
    let second = create(app, "alice", order_body("2026110000000002")).await;
    assert_eq!(second["status"], "declared");
    assert_eq!(second["customs_status_code"], 120);
    assert!(second["released_at"].is_null());
    assert_eq!(app.used("alice", this_year()).await, "3614.00");

    // Lists that never entered China do not use quota.
    for (list_no, status) in [
        ("2026110000000003", "shipped_back"),
        ("2026110000000004", "rejected"),
    ] {
        let mut body = order_body(list_no);
        body["status"] = json!(status);
        let stored = create(app, "alice", body).await;
        assert_eq!(stored["status"], status);
        assert_eq!(
            app.used("alice", this_year()).await,
            "3614.00",
            "after a {status} list"
        );
    }

    let list = app.get("/api/v1/shoppers/alice/orders").await;
    assert_eq!(list.json["orders"].as_array().unwrap().len(), 4);
}

async fn create_order_rejects_bad_input(app: &TestApp) {
    create(app, "bob", order_body("KEEP-1")).await;
    let orders_before = app.count("orders").await;
    let lines_before = app.count("order_lines").await;

    let future = rfc3339(now() + Duration::days(2));
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = order_body("NEW-1");
        change(&mut body);
        body
    };
    let cases: Vec<(&str, Value, StatusCode, &str, Option<&str>)> = vec![
        (
            "too many decimals",
            with(&|b| b["lines"][0]["unit_price"] = json!("100.001")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount.too_many_decimals",
            Some("lines[0].unit_price"),
        ),
        (
            "not a number",
            with(&|b| b["lines"][0]["dutiable_value"] = json!("abc")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount.not_a_number",
            Some("lines[0].dutiable_value"),
        ),
        (
            "negative freight",
            with(&|b| b["freight"] = json!("-1")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount.negative",
            Some("freight"),
        ),
        (
            "amount as number",
            with(&|b| b["lines"][0]["unit_price"] = json!(100.5)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_field",
            Some("lines[0].unit_price"),
        ),
        (
            "short hs code",
            with(&|b| b["lines"][0]["hs_code"] = json!("33049900")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "hs_code.invalid",
            Some("lines[0].hs_code"),
        ),
        (
            "zero quantity",
            with(&|b| b["lines"][0]["quantity"] = json!(0)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.invalid_quantity",
            Some("lines[0].quantity"),
        ),
        (
            "fractional quantity",
            with(&|b| b["lines"][0]["quantity"] = json!(1.5)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_field",
            Some("lines[0].quantity"),
        ),
        (
            "empty name",
            with(&|b| b["lines"][0]["name"] = json!("  ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.invalid_name",
            Some("lines[0].name"),
        ),
        (
            "no lines",
            with(&|b| b["lines"] = json!([])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.no_lines",
            Some("lines"),
        ),
        (
            "values do not add up",
            with(&|b| b["lines"][0]["dutiable_value"] = json!("100.00")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.dutiable_value_mismatch",
            Some("lines"),
        ),
        (
            "reductions too large",
            with(&|b| b["reductions"] = json!("500.00")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.reductions_too_large",
            Some("reductions"),
        ),
        (
            "unknown status",
            with(&|b| b["status"] = json!("shipped")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.invalid_status",
            Some("status"),
        ),
        (
            "code does not fit status",
            with(&|b| b["customs_status_code"] = json!(800)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.status_code_mismatch",
            Some("customs_status_code"),
        ),
        (
            "released without time",
            with(&|b| b["status"] = json!("released")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.released_at_missing",
            Some("released_at"),
        ),
        (
            "release time when declared",
            with(&|b| b["released_at"] = json!(rfc3339(now()))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.released_at_unexpected",
            Some("released_at"),
        ),
        (
            "released before declared",
            with(&|b| {
                b["status"] = json!("released");
                b["released_at"] = json!(rfc3339(now() - Duration::days(3)));
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.released_before_declared",
            Some("released_at"),
        ),
        (
            "bad time",
            with(&|b| b["declared_at"] = json!("yesterday")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.invalid_time",
            Some("declared_at"),
        ),
        (
            "future time",
            with(&|b| b["declared_at"] = json!(future.clone())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.time_in_future",
            Some("declared_at"),
        ),
        (
            "before 2016",
            with(&|b| b["declared_at"] = json!("2015-06-01T00:00:00Z")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.declared_before_cbec",
            Some("declared_at"),
        ),
        (
            "bad list number",
            with(&|b| b["list_no"] = json!("no spaces allowed")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "order.invalid_list_no",
            Some("list_no"),
        ),
        (
            "missing tax",
            with(&|b| {
                b.as_object_mut().unwrap().remove("tax_total");
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_field",
            Some("tax_total"),
        ),
        (
            "missing line field",
            with(&|b| {
                b["lines"][0].as_object_mut().unwrap().remove("hs_code");
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_field",
            Some("lines[0].hs_code"),
        ),
        (
            "duplicate list number",
            with(&|b| b["list_no"] = json!("KEEP-1")),
            StatusCode::CONFLICT,
            "order.duplicate_list_no",
            Some("list_no"),
        ),
    ];

    for (name, body, status, code, field) in cases {
        let reply = app.post("/api/v1/shoppers/bob/orders", body).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.text);
        assert_eq!(reply.code(), code, "{name}");
        assert_eq!(reply.field(), field, "{name}");
        let message = reply.json["error"]["message"].as_str().unwrap();
        if let Some(field) = field {
            assert!(
                message.contains(field.split('.').next_back().unwrap()),
                "{name}: message {message:?} names the field"
            );
        }
    }

    let reply = app
        .send_raw(
            Method::POST,
            "/api/v1/shoppers/bob/orders",
            "application/json",
            "{\"list_no\": ",
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "request.malformed_json");

    let reply = app
        .post(
            &format!("/api/v1/shoppers/{}/orders", "y".repeat(65)),
            order_body("NEW-2"),
        )
        .await;
    assert_eq!(reply.code(), "shopper.invalid_id");

    assert_eq!(
        app.count("orders").await,
        orders_before,
        "a rejected request stores no order"
    );
    assert_eq!(
        app.count("order_lines").await,
        lines_before,
        "a rejected request stores no line"
    );
    assert_eq!(
        app.count("shoppers").await,
        1,
        "a rejected request creates no shopper"
    );
    assert_eq!(app.used("bob", this_year()).await, "110.00");
}

async fn duplicate_list_no_conflicts(app: &TestApp) {
    create(app, "carol", order_body("DUP-1")).await;
    let reply = app
        .post("/api/v1/shoppers/dave/orders", order_body("DUP-1"))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.code(), "order.duplicate_list_no");
    assert_eq!(app.count("orders").await, 1);
    let reply = app.get("/api/v1/shoppers/dave/quota").await;
    assert_eq!(
        reply.code(),
        "shopper.not_found",
        "the failed request created no shopper"
    );
}

async fn cancel_releases_quota(app: &TestApp) {
    create(app, "erin", order_body("C-1")).await;
    let second = create(app, "erin", order_body("C-2")).await;
    assert_eq!(app.used("erin", this_year()).await, "220.00");

    let reply = app
        .post(
            &format!("/api/v1/orders/{}/cancel", second["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json["status"], "cancelled");
    assert_eq!(reply.json["customs_status_code"], 120);
    assert_eq!(app.used("erin", this_year()).await, "110.00");

    let quota = app.get("/api/v1/shoppers/erin/quota").await;
    assert_eq!(quota.json["orders_counted"], 1);
}

async fn cancel_errors(app: &TestApp) {
    load_demo(app).await;
    let used = app.used("demo", this_year()).await;

    for (status, code) in [
        ("released", "order.already_released"),
        ("cancelled", "order.already_cancelled"),
        ("rejected", "order.not_cancellable"),
    ] {
        let order = demo_order(app, status).await;
        let reply = app
            .send(
                Method::POST,
                &format!("/api/v1/orders/{}/cancel", order["id"].as_str().unwrap()),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{status}");
        assert_eq!(reply.code(), code, "{status}");
        assert_eq!(
            demo_order(app, status).await["status"],
            status,
            "status unchanged"
        );
    }
    for id in ["999999", "abc", "0", "-3"] {
        let reply = app
            .send(Method::POST, &format!("/api/v1/orders/{id}/cancel"), None)
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "id {id}");
        assert_eq!(reply.code(), "order.not_found");
    }
    assert_eq!(app.used("demo", this_year()).await, used);
}

async fn return_restores_quota_pro_rata(app: &TestApp) {
    let order = create(
        app,
        "frank",
        released_body("R-1", now() - Duration::days(5)),
    )
    .await;
    let id = order["id"].as_str().unwrap();
    assert_eq!(app.used("frank", this_year()).await, "150.00");

    // Line 1: 3 pieces worth 100.00 give back 33.33, 33.33 and 33.34.
    let mut restored = Vec::new();
    for _ in 0..3 {
        let reply = app
            .post(
                &format!("/api/v1/orders/{id}/returns"),
                json!({"lines": [{"line_no": 1, "quantity": 1}]}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        restored.push(reply.json["restored"].as_str().unwrap().to_owned());
    }
    assert_eq!(restored, ["33.33", "33.33", "33.34"]);
    assert_eq!(app.used("frank", this_year()).await, "50.00");

    let reply = app.post(&format!("/api/v1/orders/{id}/returns"), json!({"lines": [{"line_no": 2, "quantity": 1}], "applied_at": rfc3339(now() - Duration::days(1))})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.json["restored"], "50.00");
    assert_eq!(reply.json["lines"][0]["dutiable_value"], "50.00");
    assert_eq!(reply.json["order"]["returned_value"], "150.00");
    assert_eq!(reply.json["order"]["lines"][0]["returned_quantity"], 3);
    assert_eq!(app.used("frank", this_year()).await, "0.00");

    let quota = app.get("/api/v1/shoppers/frank/quota").await;
    assert_eq!(quota.json["returned"], "150.00");
    assert_eq!(app.count("returns").await, 4);
}

async fn return_errors_store_nothing(app: &TestApp) {
    let released = create(app, "gina", released_body("R-2", now() - Duration::days(2))).await;
    let declared = create(app, "gina", order_body("R-3")).await;
    let id = released["id"].as_str().unwrap();
    let url = format!("/api/v1/orders/{id}/returns");
    let used = app.used("gina", this_year()).await;

    let cases: Vec<(&str, Value, StatusCode, &str, Option<&str>)> = vec![
        (
            "no lines",
            json!({"lines": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.no_lines",
            Some("lines"),
        ),
        (
            "zero pieces",
            json!({"lines": [{"line_no": 1, "quantity": 0}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.invalid_quantity",
            Some("lines[0].quantity"),
        ),
        (
            "line twice",
            json!({"lines": [{"line_no": 1, "quantity": 1}, {"line_no": 1, "quantity": 1}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.duplicate_line",
            Some("lines[1].line_no"),
        ),
        (
            "unknown line",
            json!({"lines": [{"line_no": 9, "quantity": 1}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.line_not_found",
            Some("lines[0].line_no"),
        ),
        // The first line is valid: the failure on the second must undo it.
        (
            "too many pieces",
            json!({"lines": [{"line_no": 1, "quantity": 2}, {"line_no": 2, "quantity": 2}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.quantity_exceeds_remaining",
            Some("lines[1].quantity"),
        ),
        (
            "before release",
            json!({"lines": [{"line_no": 1, "quantity": 1}], "applied_at": rfc3339(now() - Duration::days(3))}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.before_release",
            Some("applied_at"),
        ),
        (
            "future application",
            json!({"lines": [{"line_no": 1, "quantity": 1}], "applied_at": rfc3339(now() + Duration::days(1))}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.time_in_future",
            Some("applied_at"),
        ),
        (
            "bad time",
            json!({"lines": [{"line_no": 1, "quantity": 1}], "applied_at": "soon"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "return.invalid_time",
            Some("applied_at"),
        ),
        (
            "missing lines",
            json!({}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_field",
            Some("lines"),
        ),
    ];
    for (name, body, status, code, field) in cases {
        let reply = app.post(&url, body).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.text);
        assert_eq!(reply.code(), code, "{name}");
        assert_eq!(reply.field(), field, "{name}");
    }

    let reply = app
        .post(
            &format!(
                "/api/v1/orders/{}/returns",
                declared["id"].as_str().unwrap()
            ),
            json!({"lines": [{"line_no": 1, "quantity": 1}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.code(), "order.not_released");

    let reply = app
        .post(
            "/api/v1/orders/424242/returns",
            json!({"lines": [{"line_no": 1, "quantity": 1}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "order.not_found");

    assert_eq!(app.count("returns").await, 0);
    assert_eq!(app.count("return_lines").await, 0);
    let order = app.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(order.json["lines"][0]["returned_quantity"], 0);
    assert_eq!(app.used("gina", this_year()).await, used);
}

async fn return_window_edges(app: &TestApp) {
    // Released 35 days ago: the window closed at 00:00 CST of day 31.
    let released_at = now() - Duration::days(35);
    let order = create(app, "hank", released_body("R-4", released_at)).await;
    let window = &order["return_window"];
    assert_eq!(window["status"], "closed");
    let deadline = cbec_platform::utc::parse(window["apply_deadline"].as_str().unwrap()).unwrap();
    let release_day = cbec_rules::cst::date(released_at);
    assert_eq!(
        window["apply_by"],
        (release_day + Duration::days(30)).to_string()
    );
    assert_eq!(
        window["arrive_by"],
        (release_day + Duration::days(45)).to_string()
    );

    let url = format!("/api/v1/orders/{}/returns", order["id"].as_str().unwrap());
    let late = app
        .post(&url, json!({"lines": [{"line_no": 2, "quantity": 1}]}))
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(late.code(), "return.window_closed");
    assert_eq!(late.field(), Some("applied_at"));

    let at_deadline = app
        .post(
            &url,
            json!({"lines": [{"line_no": 2, "quantity": 1}], "applied_at": rfc3339(deadline)}),
        )
        .await;
    assert_eq!(at_deadline.code(), "return.window_closed");

    let last_second = app.post(&url, json!({"lines": [{"line_no": 2, "quantity": 1}], "applied_at": rfc3339(deadline - Duration::seconds(1))})).await;
    assert_eq!(
        last_second.status,
        StatusCode::CREATED,
        "{}",
        last_second.text
    );
    assert_eq!(last_second.json["restored"], "50.00");
}

const OFFICIAL_CSV: &str = "序号,税则号列,商品名称,备注\n\
    1,04029100,浓缩但未加糖的非固状乳及奶油,\n\
    2,0402.9900,浓缩并已加糖的非固状乳及奶油,\n\
    3,33049900,其他美容品或化妆品及护肤品,\"仅限网购保税进口\"\n";

async fn list_versions_sample_and_import(app: &TestApp) {
    let reply = app.get("/api/v1/list-versions").await;
    assert_eq!(reply.status, StatusCode::OK);
    let versions = reply.json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["id"], "sample-2026");
    assert_eq!(versions[0]["complete"], false);
    let sample_codes = cbec_rules::positive_list::PositiveList::sample().len();
    assert_eq!(versions[0]["codes"], sample_codes);

    let reply = app
        .send_raw(
            Method::POST,
            "/api/v1/list-versions?id=official-2022&name=Official%202022&complete=true",
            "text/csv",
            OFFICIAL_CSV,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.json["id"], "official-2022");
    assert_eq!(reply.json["name"], "Official 2022");
    assert_eq!(reply.json["complete"], true);
    assert_eq!(reply.json["codes"], 3);

    let detail = app.get("/api/v1/list-versions/official-2022").await;
    assert_eq!(detail.status, StatusCode::OK);
    let entries = detail.json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[1]["tariff_line"], "04029900");
    assert_eq!(entries[2]["remark"], "仅限网购保税进口");

    let list = app.get("/api/v1/list-versions").await;
    let ids: Vec<&str> = list.json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["sample-2026", "official-2022"]);

    let again = app
        .send_raw(
            Method::POST,
            "/api/v1/list-versions?id=official-2022",
            "text/csv",
            OFFICIAL_CSV,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "list_version.duplicate_id");

    let missing = app.get("/api/v1/list-versions/nope").await;
    assert_eq!(missing.code(), "list_version.not_found");
}

async fn list_import_rejects_bad_rows(app: &TestApp) {
    let codes_before = app.count("list_codes").await;
    let bad_row = format!("{OFFICIAL_CSV}4,3304990,少一位,\n");
    let duplicate = format!("{OFFICIAL_CSV}4,04029100,重复,\n");
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("id=a", bad_row, "list.tariff_line", "row 5"),
        ("id=b", duplicate, "list.duplicate_tariff_line", "row 5"),
        (
            "id=c",
            "序号,商品名称\n1,奶粉\n".to_owned(),
            "list.missing_column",
            "税则号列",
        ),
        (
            "id=d",
            "序号,税则号列,商品名称,备注\n".to_owned(),
            "list.empty",
            "no rows",
        ),
        (
            "id=e&complete=maybe",
            OFFICIAL_CSV.to_owned(),
            "list_version.invalid_complete",
            "complete",
        ),
        (
            "name=x",
            OFFICIAL_CSV.to_owned(),
            "list_version.invalid_id",
            "id",
        ),
        (
            "id=bad%20id",
            OFFICIAL_CSV.to_owned(),
            "list_version.invalid_id",
            "id",
        ),
    ];
    for (query, csv, code, mention) in cases {
        let reply = app
            .send_raw(
                Method::POST,
                &format!("/api/v1/list-versions?{query}"),
                "text/csv",
                csv,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            reply.text
        );
        assert_eq!(reply.code(), code, "{query}");
        let message = reply.json["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(mention),
            "{query}: {message:?} mentions {mention:?}"
        );
    }

    let not_utf8 = app
        .send_raw(
            Method::POST,
            "/api/v1/list-versions?id=gbk",
            "text/csv",
            vec![0xd0u8, 0xf2, 0xba, 0xc5, b'\n'],
        )
        .await;
    assert_eq!(not_utf8.code(), "list.not_utf8");

    assert_eq!(
        app.count("list_versions").await,
        1,
        "only the sample is stored"
    );
    assert_eq!(app.count("list_codes").await, codes_before);
}

async fn openapi_lists_every_endpoint(app: &TestApp) {
    let reply = app.get("/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = reply.json["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/health", "get"),
        ("/api/v1/shoppers/{shopper_id}/quota", "get"),
        ("/api/v1/shoppers/{shopper_id}/orders", "get"),
        ("/api/v1/shoppers/{shopper_id}/orders", "post"),
        ("/api/v1/orders/{order_id}", "get"),
        ("/api/v1/orders/{order_id}/cancel", "post"),
        ("/api/v1/orders/{order_id}/returns", "post"),
        ("/api/v1/list-versions", "get"),
        ("/api/v1/list-versions", "post"),
        ("/api/v1/list-versions/{version_id}", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|item| item.get(method)).is_some(),
            "{method} {path} documented"
        );
    }
    let schemas = reply.json["components"]["schemas"].as_object().unwrap();
    for schema in [
        "Quota",
        "Order",
        "OrderLine",
        "NewOrderRequest",
        "ReturnRecord",
        "ListVersion",
        "ErrorBody",
    ] {
        assert!(schemas.contains_key(schema), "schema {schema}");
    }
}

async fn unknown_api_route_is_json_404(app: &TestApp) {
    for path in ["/api/v1/nothing", "/api/v2/health", "/api"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.code(), "route.not_found", "{path}");
    }
    let reply = app.get("/").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "web_app.not_built");
}

async fn concurrent_writes_keep_counts_exact(app: &TestApp) {
    // Eight different lists at once: all stored.
    let posts = (0..8)
        .map(|i| {
            (
                "/api/v1/shoppers/ivy/orders".to_owned(),
                order_body(&format!("PAR-{i}")),
            )
        })
        .collect();
    let replies = post_all(app, posts).await;
    assert!(
        replies
            .iter()
            .all(|reply| reply.status == StatusCode::CREATED),
        "{:?}",
        replies.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    assert_eq!(app.used("ivy", this_year()).await, "880.00");

    // Eight copies of one list at once: one stored, seven conflicts.
    let posts = (0..8)
        .map(|_| {
            (
                "/api/v1/shoppers/ivy/orders".to_owned(),
                order_body("SAME-1"),
            )
        })
        .collect();
    let replies = post_all(app, posts).await;
    let created = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::CREATED)
        .count();
    let conflicts = replies
        .iter()
        .filter(|reply| {
            reply.status == StatusCode::CONFLICT && reply.code() == "order.duplicate_list_no"
        })
        .count();
    assert_eq!(
        (created, conflicts),
        (1, 7),
        "{:?}",
        replies.iter().map(|r| &r.text).collect::<Vec<_>>()
    );

    // Four returns of one piece of a three-piece line at once: three succeed.
    let order = create(
        app,
        "ivy",
        released_body("PAR-R", now() - Duration::days(1)),
    )
    .await;
    let url = format!("/api/v1/orders/{}/returns", order["id"].as_str().unwrap());
    let returns = (0..4)
        .map(|_| {
            (
                url.clone(),
                json!({"lines": [{"line_no": 1, "quantity": 1}]}),
            )
        })
        .collect();
    let replies = post_all(app, returns).await;
    let created = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        created,
        3,
        "three pieces on line 1: {:?}",
        replies.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let order = app
        .get(&format!("/api/v1/orders/{}", order["id"].as_str().unwrap()))
        .await;
    assert_eq!(order.json["lines"][0]["returned_quantity"], 3);
    assert_eq!(order.json["returned_value"], "100.00");
}

/// Sends POST requests from separate tasks at once and collects the replies in order.
async fn post_all(app: &TestApp, requests: Vec<(String, Value)>) -> Vec<common::Reply> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(uri, body)| app.spawn_post(uri, body))
        .collect();
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.expect("request task"));
    }
    replies
}
