//! `cbec check` and `cbec tax`: a declaration list evaluated by the rules in force at
//! its declaration time.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use cbec_rules::identity::{mask_id_number, ResidentId};
use cbec_rules::limits::LimitDecision;
use cbec_rules::positive_list::{eligibility, Eligibility};
use cbec_rules::{cst, evaluate, DeclarationList, Evaluation, HsCode, Money, TaxClass};

use crate::args::Args;
use crate::input;
use crate::lookup::{self, ErrorAnswer};
use crate::{Answer, Failure, Format};

/// The JSON answer of `cbec check`.
#[derive(Serialize)]
struct CheckAnswer {
    /// `true` when the list is accepted under the limits, no line is known to be
    /// ineligible, and the orderer's ID number (when given) is valid.
    passed: bool,
    evaluation: Evaluation,
    /// One answer per line, in line order.
    eligibility: Vec<Eligibility>,
    /// The orderer's ID number check, when the list carries `orderer_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    orderer_id: Option<OrdererId>,
}

#[derive(Serialize)]
struct OrdererId {
    valid: bool,
    masked: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorAnswer>,
}

fn evaluate_file(path: &str, used: Money) -> Result<(DeclarationList, Evaluation), Failure> {
    let list: DeclarationList = input::read_json(path)?;
    let evaluation = evaluate(&list, used).map_err(|error| Failure::Input {
        source: input::display_path(path),
        error,
    })?;
    Ok((list, evaluation))
}

/// `cbec check LIST.json [--used AMOUNT] [--list TABLE.csv] [--today DATE]`.
pub fn check(arguments: &[String]) -> Result<Answer, Failure> {
    let args = Args::parse(
        arguments,
        &["used", "list", "list-version", "today", "format"],
        &[],
    )?;
    let format = Format::from_args(&args)?;
    let path = &args.expect_positionals(1..=1, "cbec check LIST.json [--used AMOUNT]")?[0];
    let used = input::money("used", args.value("used"))?;
    let positive_list = lookup::load_list(&args)?;

    let (list, evaluation) = evaluate_file(path, used)?;

    let eligibility: Vec<Eligibility> = list
        .lines
        .iter()
        .map(|line| eligibility(line.hs_code, list.trade_mode, &positive_list))
        .collect();

    // The birth date of an ID number must not be after the declaration day.
    let today = match args.value("today") {
        Some(text) => input::date("today", text)?,
        None => cst::date(list.declared_at),
    };
    let orderer_id =
        list.orderer_id
            .as_deref()
            .map(|number| match ResidentId::parse(number, today) {
                Ok(id) => OrdererId {
                    valid: true,
                    masked: id.masked(),
                    error: None,
                },
                Err(error) => OrdererId {
                    valid: false,
                    masked: mask_id_number(number),
                    error: Some(ErrorAnswer {
                        code: error.code(),
                        message: error.to_string(),
                    }),
                },
            });

    let passed = evaluation.accepted
        && eligibility.iter().all(|answer| !answer.status.is_breach())
        && orderer_id.as_ref().is_none_or(|id| id.valid);
    let answer = CheckAnswer {
        passed,
        evaluation,
        eligibility,
        orderer_id,
    };
    Ok(Answer::new(
        format,
        &answer,
        || check_text(&list, &answer),
        !passed,
    ))
}

fn check_text(list: &DeclarationList, answer: &CheckAnswer) -> String {
    let evaluation = &answer.evaluation;
    let limits = &evaluation.limits;
    let mut text = format!(
        "declaration list of {} ({} CST), mode {}, rules in force from {}\n",
        list.declared_at.format(&Rfc3339).unwrap_or_default(),
        evaluation.declared_on,
        list.trade_mode,
        evaluation.rule_set_from
    );
    text.push_str(if answer.passed {
        "result: PASSED\n"
    } else {
        "result: FAILED\n"
    });

    text.push_str(&format!(
        "dutiable value {} = goods {} + freight {} + insurance {} - reductions {}\n",
        evaluation.dutiable_value,
        evaluation.goods_value,
        evaluation.freight,
        evaluation.insurance,
        evaluation.reductions
    ));
    let limit_line = match &limits.decision {
        LimitDecision::WithinLimits => {
            format!("within the single limit of {}", limits.single_limit)
        }
        LimitDecision::SingleItemException => format!(
            "above the single limit of {}, accepted as a single item with full tax",
            limits.single_limit
        ),
        LimitDecision::SingleLimitExceeded { over, .. } => format!(
            "REJECTED: {over} over the single limit of {}; remove lines {}",
            limits.single_limit,
            line_numbers(&limits.remove_lines)
        ),
        LimitDecision::AnnualLimitExceeded { over } => format!(
            "REJECTED: {over} over the annual limit of {} (used {} this year); remove lines {}",
            limits.annual_limit,
            limits.annual_used_before,
            line_numbers(&limits.remove_lines)
        ),
    };
    text.push_str(&format!("limits: {limit_line}\n"));
    text.push_str(&format!(
        "annual quota {}: used {} before, {} after, {} left\n",
        evaluation.quota_year,
        limits.annual_used_before,
        limits.annual_used_after,
        limits.annual_remaining
    ));
    text.push_str(&format!(
        "tax ({}): tariff {}, consumption tax {}, VAT {}, total {}\n",
        if limits.full_tax {
            "full"
        } else {
            "within limits"
        },
        evaluation.tax.tariff,
        evaluation.tax.consumption_tax,
        evaluation.tax.vat,
        evaluation.tax.total
    ));

    for (index, ((line, value), eligible)) in list
        .lines
        .iter()
        .zip(&evaluation.lines)
        .zip(&answer.eligibility)
        .enumerate()
    {
        text.push_str(&format!(
            "line {}: {} {} x{}: dutiable value {}, tax {}\n  positive list: {}",
            index + 1,
            line.hs_code,
            line.name,
            line.quantity,
            value.value.dutiable_value,
            value.tax.total,
            lookup::eligibility_text(eligible)
        ));
    }
    if let Some(id) = &answer.orderer_id {
        match &id.error {
            None => text.push_str(&format!("orderer ID {} is valid\n", id.masked)),
            Some(error) => text.push_str(&format!(
                "orderer ID {} is INVALID: {}\n",
                id.masked, error.message
            )),
        }
    }
    text.push_str(&format!(
        "reasons: {}\n",
        evaluation.reason_codes().join(", ")
    ));
    text
}

/// Numbers lines from 1 for people; the JSON keeps 0-based indexes.
fn line_numbers(indexes: &[usize]) -> String {
    indexes
        .iter()
        .map(|index| (index + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `cbec tax LIST.json` or `cbec tax --price AMOUNT ...` for a single line.
pub fn tax(arguments: &[String]) -> Result<Answer, Failure> {
    let valued = [
        "price",
        "quantity",
        "class",
        "content",
        "hs-code",
        "name",
        "freight",
        "insurance",
        "reductions",
        "mode",
        "date",
        "used",
        "format",
    ];
    let args = Args::parse(arguments, &valued, &[])?;
    let format = Format::from_args(&args)?;
    let used = input::money("used", args.value("used"))?;

    let (list, evaluation) = match (args.positionals.as_slice(), args.value("price")) {
        ([path], None) => evaluate_file(path, used)?,
        ([], Some(_)) => {
            let list = single_line_list(&args)?;
            let evaluation =
                evaluate(&list, used).map_err(|error| Failure::Input { source: "options".to_owned(), error })?;
            (list, evaluation)
        }
        _ => {
            return Err(Failure::Usage(
                "give either a declaration list file or --price for a single line: cbec tax LIST.json | cbec tax --price AMOUNT [--class ID]".to_owned(),
            ))
        }
    };

    let value = serde_json::to_value(&evaluation).expect("evaluations serialize to JSON");
    let keys = [
        "rule_set_from",
        "declared_on",
        "accepted",
        "tax_basis",
        "dutiable_value",
        "tax",
        "lines",
        "reasons",
    ];
    let selected: Map<String, Value> = keys
        .iter()
        .filter_map(|key| {
            value
                .get(*key)
                .map(|field| ((*key).to_owned(), field.clone()))
        })
        .collect();

    let text = || {
        let mut text = format!(
            "tax ({}, rules in force from {}): tariff {}, consumption tax {}, VAT {}, total {}\n",
            if evaluation.limits.full_tax {
                "full tax, single-item exception"
            } else {
                "within limits"
            },
            evaluation.rule_set_from,
            evaluation.tax.tariff,
            evaluation.tax.consumption_tax,
            evaluation.tax.vat,
            evaluation.tax.total
        );
        for (index, (line, value)) in list.lines.iter().zip(&evaluation.lines).enumerate() {
            text.push_str(&format!(
                "line {}: {} x{}: dutiable value {}, tariff {}, consumption tax {}, VAT {}, total {}\n",
                index + 1,
                line.name,
                line.quantity,
                value.value.dutiable_value,
                value.tax.tariff,
                value.tax.consumption_tax,
                value.tax.vat,
                value.tax.total
            ));
        }
        if !evaluation.accepted {
            text.push_str("the list is REJECTED by the limits; the figures are what it would carry within them\n");
        }
        text
    };
    Ok(Answer::new(
        format,
        &Value::Object(selected),
        text,
        !evaluation.accepted,
    ))
}

/// Builds a one-line declaration list from `cbec tax` options.
fn single_line_list(args: &Args) -> Result<DeclarationList, Failure> {
    let price: Money =
        input::parse_option("price", args.value("price").unwrap_or_default(), str::parse)?;
    let quantity: u32 = match args.value("quantity") {
        None => 1,
        Some(text) => text
            .trim()
            .parse()
            .ok()
            .filter(|quantity| *quantity > 0)
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "--quantity {text:?} is not a whole number of pieces: write 1 or more"
                ))
            })?,
    };
    let class_id = args.value("class").unwrap_or("general");
    if TaxClass::preset(class_id).is_none() {
        return Err(Failure::Usage(format!(
            "--class {class_id:?} is not a tax class: use one of {}",
            cbec_rules::tax_class::PRESET_IDS.join(", ")
        )));
    }
    // The commodity code does not change the tax; it is carried for the positive list.
    let hs_code: HsCode = input::parse_option(
        "hs-code",
        args.value("hs-code").unwrap_or("0000000000"),
        str::parse,
    )?;
    let declared_at = match args.value("date") {
        Some(text) => input::instant("date", text)?,
        None => OffsetDateTime::now_utc(),
    };

    let mut line = json!({
        "hs_code": hs_code.to_string(),
        "name": args.value("name").unwrap_or("goods"),
        "quantity": quantity,
        "unit_price": price.to_string(),
        "tax_class": class_id,
    });
    if let Some(content) = args.value("content") {
        line["content"] = parse_content(content)?;
    }
    let list = json!({
        "trade_mode": lookup::trade_mode(args)?.code(),
        "declared_at": declared_at.format(&Rfc3339).expect("instants format as RFC 3339"),
        "freight": input::money("freight", args.value("freight"))?.to_string(),
        "insurance": input::money("insurance", args.value("insurance"))?.to_string(),
        "reductions": input::money("reductions", args.value("reductions"))?.to_string(),
        "lines": [line],
    });

    cbec_rules::json::from_str(&list.to_string()).map_err(|error| Failure::Input {
        source: "options".to_owned(),
        error,
    })
}

/// Parses `50ml`, `20g`, `0.75l`, `0.5kg` or `10sheets` into the list's content JSON.
fn parse_content(text: &str) -> Result<Value, Failure> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let invalid = || {
        Failure::Usage(format!(
            "--content {text:?} is not a content per piece: write a number and a unit, such as 50ml, 20g, 0.75l, 0.5kg or 10sheets"
        ))
    };
    let value: Decimal = number.parse().map_err(|_| invalid())?;

    let key = match unit.trim().to_ascii_lowercase().as_str() {
        "ml" => "millilitres",
        "l" => "litres",
        "g" => "grams",
        "kg" => "kilograms",
        "sheet" | "sheets" => {
            let sheets: u32 = number.parse().map_err(|_| invalid())?;
            return Ok(json!({ "sheets": sheets }));
        }
        _ => return Err(invalid()),
    };
    Ok(json!({ key: value.to_string() }))
}
