//! Runs the test vectors in `tests/vectors/*.json` against the real rules.
//!
//! Each file has a `kind` and a list of `cases`; each case names the rule it exercises
//! and the CST day it is set on, gives its inputs, and states the expected figures.
//! `expect` is compared as a subset of the output's JSON: every key it names must be
//! present with an equal value (arrays must have the same length), and keys it does not
//! name are not compared. `expect_error` gives the error `code` and `field` path.

use std::fs;
use std::path::{Path, PathBuf};

use cbec_rules::returns::{annual_used, ListRecord, ReturnWindow};
use cbec_rules::tax::split_tax_inclusive;
use cbec_rules::{cst, evaluate, DeclarationList, Error, Money, RuleSet, TaxClass};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// Compares `expected` as a subset of `actual`, pushing one message per difference.
fn compare(expected: &Value, actual: &Value, path: &str, failures: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                match actual.get(key) {
                    Some(found) => compare(value, found, &format!("{path}.{key}"), failures),
                    None => failures.push(format!("{path}.{key}: missing, expected {value}")),
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if expected.len() != actual.len() {
                failures.push(format!(
                    "{path}: expected {} items, got {}: {}",
                    expected.len(),
                    actual.len(),
                    Value::Array(actual.clone())
                ));
                return;
            }
            for (index, (e, a)) in expected.iter().zip(actual).enumerate() {
                compare(e, a, &format!("{path}[{index}]"), failures);
            }
        }
        _ => {
            if expected != actual {
                failures.push(format!("{path}: expected {expected}, got {actual}"));
            }
        }
    }
}

fn parse_time(value: &Value, field: &str) -> OffsetDateTime {
    let text = value[field]
        .as_str()
        .unwrap_or_else(|| panic!("`{field}` must be an RFC 3339 string"));
    OffsetDateTime::parse(text, &Rfc3339).unwrap_or_else(|e| panic!("`{field}` {text:?}: {e}"))
}

fn money(value: &Value) -> Money {
    serde_json::from_value(value.clone()).expect("an amount string")
}

fn error_json(error: &Error) -> Value {
    json!({ "code": error.code(), "field": error.field() })
}

/// Runs one case and returns the output to compare, or an error.
fn run_case(kind: &str, case: &Value) -> Result<Value, Error> {
    match kind {
        "evaluate" => {
            let list: DeclarationList = serde_json::from_value(case["list"].clone())
                .unwrap_or_else(|e| panic!("`list` does not parse: {e}"));
            assert_eq!(
                cst::date(list.declared_at).to_string(),
                case["day"].as_str().expect("`day`"),
                "`day` must be the CST date of `list.declared_at`"
            );
            let used = match (&case["annual_used"], &case["history"]) {
                (Value::Null, Value::Null) => Money::ZERO,
                (used, Value::Null) => money(used),
                (Value::Null, history) => {
                    let records: Vec<ListRecord> =
                        serde_json::from_value(history.clone()).expect("`history`");
                    annual_used(&records, cst::year(list.declared_at))?
                }
                _ => panic!("give `annual_used` or `history`, not both"),
            };
            let evaluation = evaluate(&list, used)?;
            let mut output = serde_json::to_value(&evaluation).unwrap();
            output["reason_codes"] = json!(evaluation.reason_codes());
            Ok(output)
        }
        "returns" => {
            let released_at = parse_time(case, "released_at");
            assert_eq!(
                cst::date(released_at).to_string(),
                case["day"].as_str().expect("`day`")
            );
            let window = ReturnWindow::after_release(released_at)?;
            let mut output = serde_json::to_value(window).unwrap();
            if !case["now"].is_null() {
                output["status_now"] =
                    serde_json::to_value(window.status(parse_time(case, "now"))).unwrap();
            }
            if !case["arrived_at"].is_null() {
                output["arrival_in_time"] =
                    json!(window.arrival_in_time(parse_time(case, "arrived_at")));
            }
            Ok(output)
        }
        "annual_used" => {
            let records: Vec<ListRecord> =
                serde_json::from_value(case["records"].clone()).expect("`records`");
            let year = i32::try_from(case["year"].as_i64().expect("`year`")).unwrap();
            assert_eq!(
                &case["day"].as_str().expect("`day`")[..4],
                year.to_string(),
                "`day` must be in `year`"
            );
            Ok(json!({ "used": annual_used(&records, year)? }))
        }
        "tax_inclusive" => {
            let rate: Decimal = serde_json::from_value(case["rate"].clone()).expect("`rate`");
            let split = split_tax_inclusive(money(&case["price"]), rate)?;
            Ok(serde_json::to_value(split).unwrap())
        }
        "rates" => {
            let day = case["day"].as_str().expect("`day`");
            let date = time::Date::parse(
                day,
                &time::macros::format_description!("[year]-[month]-[day]"),
            )
            .unwrap();
            let rules = RuleSet::on(date)?;
            let class: TaxClass = serde_json::from_value(case["class"].clone()).expect("`class`");
            Ok(json!({ "rates": class.comprehensive_rates(rules) }))
        }
        other => panic!("unknown vector kind {other:?}"),
    }
}

#[test]
fn vectors_match() {
    let mut failures = Vec::new();
    let mut cases_run = 0;

    for file in vector_files() {
        let text = fs::read_to_string(&file).unwrap();
        let document: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", file.display()));
        let kind = document["kind"].as_str().expect("`kind`");
        let name = file.file_name().unwrap().to_string_lossy().into_owned();

        for case in document["cases"].as_array().expect("`cases`") {
            let label = format!(
                "{name} / {}",
                case["name"].as_str().expect("every case has a `name`")
            );
            assert!(
                case["rule"].is_string(),
                "{label}: every case names its `rule`"
            );
            assert!(
                case["day"].is_string(),
                "{label}: every case gives its `day`"
            );
            let expect_error = &case["expect_error"];
            let expect = &case["expect"];
            assert!(
                expect.is_null() != expect_error.is_null(),
                "{label}: give exactly one of `expect` and `expect_error`"
            );
            cases_run += 1;

            let mut case_failures = Vec::new();
            match (run_case(kind, case), expect_error.is_null()) {
                (Ok(output), true) => compare(expect, &output, "", &mut case_failures),
                (Ok(output), false) => {
                    case_failures.push(format!("expected an error, got {output}"))
                }
                (Err(error), false) => compare(
                    expect_error,
                    &error_json(&error),
                    "error",
                    &mut case_failures,
                ),
                (Err(error), true) => {
                    case_failures.push(format!("unexpected error {}: {error}", error.code()))
                }
            }
            failures.extend(case_failures.into_iter().map(|f| format!("{label}: {f}")));
        }
    }

    assert!(cases_run >= 40, "only {cases_run} vector cases found");
    assert!(
        failures.is_empty(),
        "{} vector failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn harness_reports_differences() {
    // The comparison must fail on a wrong figure, a missing key and a length mismatch.
    let actual = json!({"tax": {"total": "10.01"}, "lines": [1, 2]});
    let mut failures = Vec::new();
    compare(
        &json!({"tax": {"total": "10.02"}}),
        &actual,
        "",
        &mut failures,
    );
    compare(
        &json!({"tax": {"vat": "10.01"}}),
        &actual,
        "",
        &mut failures,
    );
    compare(&json!({"lines": [1]}), &actual, "", &mut failures);
    assert_eq!(failures.len(), 3, "{failures:?}");
}
