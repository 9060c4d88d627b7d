//! The cart form's data: the text the shopper typed, parsed into a declaration list
//! (申报清单) and evaluated by `cbec_rules::evaluate`.
//!
//! Parsing is the app's job, because it decides which field an error belongs to; every
//! rule (limits, dutiable value, tax) is the rules crate's. Nothing is evaluated while
//! any field is invalid.

use std::str::FromStr;

use cbec_rules::declaration::Content;
use cbec_rules::tax_class::ConsumptionTax;
use cbec_rules::{
    evaluate, DeclarationList, Error, Evaluation, HsCode, Line, Money, TaxClass, TradeMode,
};
use rust_decimal::Decimal;
use time::OffsetDateTime;

use crate::field_error::FieldError;

/// The declared unit of every cart line. Customs lists carry a unit per line; the
/// rules do not depend on it, so the cart does not ask.
const DECLARED_UNIT: &str = "件";

/// The unit the shopper states a line's net content in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContentUnit {
    #[default]
    Millilitres,
    Litres,
    Grams,
    Kilograms,
    Sheets,
}

impl ContentUnit {
    /// Every unit, in the order the form lists them.
    pub const ALL: [ContentUnit; 5] = [
        ContentUnit::Millilitres,
        ContentUnit::Litres,
        ContentUnit::Grams,
        ContentUnit::Kilograms,
        ContentUnit::Sheets,
    ];

    /// Returns the value of the unit's `<option>`.
    pub fn id(self) -> &'static str {
        match self {
            ContentUnit::Millilitres => "ml",
            ContentUnit::Litres => "l",
            ContentUnit::Grams => "g",
            ContentUnit::Kilograms => "kg",
            ContentUnit::Sheets => "sheets",
        }
    }

    /// Returns the unit with the given `<option>` value.
    pub fn from_id(id: &str) -> Option<ContentUnit> {
        ContentUnit::ALL.into_iter().find(|unit| unit.id() == id)
    }
}

/// One line of the form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    pub name: String,
    pub hs_code: String,
    pub unit_price: String,
    pub quantity: String,
    /// A preset id of `cbec_rules::tax_class::PRESET_IDS`.
    pub tax_class: String,
    /// Net content per piece; read only when the tax class needs it.
    pub content: String,
    pub content_unit: ContentUnit,
}

/// The whole form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CartInput {
    pub lines: Vec<LineInput>,
    pub freight: String,
    pub insurance: String,
}

/// A field of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineField {
    Name,
    HsCode,
    UnitPrice,
    Quantity,
    TaxClass,
    Content,
}

/// A field of the form. Lines are referred to by their 0-based position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldRef {
    Line(usize, LineField),
    Freight,
    Insurance,
    /// The cart as a whole, such as a cart without lines.
    Cart,
}

/// A problem of one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Issue {
    pub field: FieldRef,
    pub error: FieldError,
}

/// The outcome of checking the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartCheck {
    /// Some fields are invalid: nothing was evaluated.
    Invalid(Vec<Issue>),
    /// Every field is valid; the rules crate's evaluation.
    Evaluated(Box<Evaluation>),
}

impl CartCheck {
    /// Returns the problem of `field`, if it has one.
    pub fn issue(&self, field: FieldRef) -> Option<FieldError> {
        match self {
            CartCheck::Invalid(issues) => issues
                .iter()
                .find(|issue| issue.field == field)
                .map(|issue| issue.error),
            CartCheck::Evaluated(_) => None,
        }
    }
}

/// Returns whether a tax class needs the net content per piece: cosmetics for the
/// high-end thresholds, specific and compound consumption tax for the levy.
pub fn needs_content(tax_class_id: &str) -> bool {
    TaxClass::preset(tax_class_id).is_some_and(|class| {
        matches!(
            class.consumption_tax,
            ConsumptionTax::Cosmetics { .. }
                | ConsumptionTax::Specific { .. }
                | ConsumptionTax::Compound { .. }
        )
    })
}

/// Parses a quantity of pieces: a whole number from 1 to `u32::MAX`.
///
/// # Errors
///
/// [`FieldError::QuantityEmpty`], [`FieldError::QuantityNotInteger`] (also for
/// negative numbers and decimals), [`FieldError::QuantityZero`] or
/// [`FieldError::QuantityTooLarge`].
pub fn parse_quantity(input: &str) -> Result<u32, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::QuantityEmpty);
    }
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::QuantityNotInteger);
    }

    match digits.parse::<u32>() {
        Ok(0) => Err(FieldError::QuantityZero),
        Ok(quantity) => Ok(quantity),
        Err(_) => Err(FieldError::QuantityTooLarge),
    }
}

/// Parses the net content per piece in `unit`. Whether it is above zero is the rules
/// crate's check.
///
/// # Errors
///
/// [`FieldError::ContentEmpty`] or [`FieldError::ContentNotANumber`]; a whole number
/// of sheets that is too large is [`FieldError::ContentNotANumber`] too.
pub fn parse_content(input: &str, unit: ContentUnit) -> Result<Content, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::ContentEmpty);
    }
    let well_formed = trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && trimmed.bytes().filter(|&b| b == b'.').count() <= 1
        && trimmed.bytes().any(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(FieldError::ContentNotANumber);
    }

    if unit == ContentUnit::Sheets {
        return trimmed
            .parse::<u32>()
            .map(Content::Sheets)
            .map_err(|_| FieldError::ContentNotANumber);
    }
    let value = Decimal::from_str_exact(trimmed).map_err(|_| FieldError::ContentNotANumber)?;
    Ok(match unit {
        ContentUnit::Millilitres => Content::Millilitres(value),
        ContentUnit::Litres => Content::Litres(value),
        ContentUnit::Grams => Content::Grams(value),
        ContentUnit::Kilograms => Content::Kilograms(value),
        ContentUnit::Sheets => unreachable!("sheets returned above"),
    })
}

/// Parses the form and, when every field is valid, evaluates it as a bonded-import
/// (1210) declaration list declared at `declared_at`, for a shopper who has used
/// `annual_used` of this year's quota.
pub fn check_cart(input: &CartInput, declared_at: OffsetDateTime, annual_used: Money) -> CartCheck {
    let mut issues = Vec::new();
    let mut lines = Vec::with_capacity(input.lines.len());

    for (index, line) in input.lines.iter().enumerate() {
        if let Some(parsed) = parse_line(index, line, &mut issues) {
            lines.push(parsed);
        }
    }
    let freight = parse_money(&input.freight, FieldRef::Freight, &mut issues);
    let insurance = parse_money(&input.insurance, FieldRef::Insurance, &mut issues);

    let (Some(freight), Some(insurance)) = (freight, insurance) else {
        return CartCheck::Invalid(issues);
    };
    if !issues.is_empty() {
        return CartCheck::Invalid(issues);
    }

    let list = DeclarationList {
        trade_mode: TradeMode::BondedImport,
        declared_at,
        orderer_id: None,
        lines,
        freight,
        insurance,
        reductions: Money::ZERO,
        non_cash_deductions: Money::ZERO,
    };

    // The rules crate lists every problem of a parsed list (empty name, no lines, a
    // goods value that overflows); `evaluate` would stop at the first.
    let problems = list.problems();
    if !problems.is_empty() {
        return CartCheck::Invalid(problems.iter().map(issue_from_rules).collect());
    }
    match evaluate(&list, annual_used) {
        Ok(evaluation) => CartCheck::Evaluated(Box::new(evaluation)),
        Err(error) => CartCheck::Invalid(vec![issue_from_rules(&error)]),
    }
}

fn parse_line(index: usize, input: &LineInput, issues: &mut Vec<Issue>) -> Option<Line> {
    let at = |field| FieldRef::Line(index, field);
    let issue_count = issues.len();

    let hs_code = HsCode::from_str(&input.hs_code)
        .map_err(|error| {
            issues.push(Issue {
                field: at(LineField::HsCode),
                error: FieldError::from(&error),
            })
        })
        .ok();
    let unit_price = parse_money(&input.unit_price, at(LineField::UnitPrice), issues);
    let quantity = parse_quantity(&input.quantity)
        .map_err(|error| {
            issues.push(Issue {
                field: at(LineField::Quantity),
                error,
            })
        })
        .ok();
    let tax_class = TaxClass::preset(&input.tax_class);
    if tax_class.is_none() {
        issues.push(Issue {
            field: at(LineField::TaxClass),
            error: FieldError::TaxClassUnknown,
        });
    }
    let content = if needs_content(&input.tax_class) {
        parse_content(&input.content, input.content_unit)
            .map(Some)
            .map_err(|error| {
                issues.push(Issue {
                    field: at(LineField::Content),
                    error,
                })
            })
            .ok()
    } else {
        Some(None)
    };

    if issues.len() > issue_count {
        return None;
    }
    Some(Line {
        hs_code: hs_code?,
        name: input.name.trim().to_owned(),
        quantity: quantity?,
        unit: DECLARED_UNIT.to_owned(),
        unit_price: unit_price?,
        content: content?,
        tax_class: tax_class?,
    })
}

fn parse_money(input: &str, field: FieldRef, issues: &mut Vec<Issue>) -> Option<Money> {
    match Money::from_str(input) {
        Ok(amount) => Some(amount),
        Err(error) => {
            issues.push(Issue {
                field,
                error: FieldError::from(&error),
            });
            None
        }
    }
}

/// Maps a rules-crate error to the form field its path names, such as
/// `lines[2].quantity`.
fn issue_from_rules(error: &Error) -> Issue {
    Issue {
        field: field_from_path(error.field().unwrap_or("")),
        error: FieldError::from(error),
    }
}

fn field_from_path(path: &str) -> FieldRef {
    match path.split('.').next().unwrap_or("") {
        "freight" => return FieldRef::Freight,
        "insurance" => return FieldRef::Insurance,
        _ => {}
    }

    let Some(rest) = path.strip_prefix("lines[") else {
        return FieldRef::Cart;
    };
    let Some((index, rest)) = rest.split_once(']') else {
        return FieldRef::Cart;
    };
    let Ok(index) = index.parse::<usize>() else {
        return FieldRef::Cart;
    };
    let field = match rest.trim_start_matches('.').split('.').next().unwrap_or("") {
        "name" => LineField::Name,
        "hs_code" => LineField::HsCode,
        "quantity" => LineField::Quantity,
        "content" => LineField::Content,
        "tax_class" => LineField::TaxClass,
        // The unit price is where a line's goods value overflows, and the unit (件) is
        // fixed by the app.
        _ => LineField::UnitPrice,
    };
    FieldRef::Line(index, field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-05 04:40 +08:00);

    fn line(
        name: &str,
        hs_code: &str,
        unit_price: &str,
        quantity: &str,
        tax_class: &str,
    ) -> LineInput {
        LineInput {
            name: name.into(),
            hs_code: hs_code.into(),
            unit_price: unit_price.into(),
            quantity: quantity.into(),
            tax_class: tax_class.into(),
            ..LineInput::default()
        }
    }

    fn cart(lines: Vec<LineInput>, freight: &str) -> CartInput {
        CartInput {
            lines,
            freight: freight.into(),
            insurance: "0".into(),
        }
    }

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    fn evaluated(check: CartCheck) -> Evaluation {
        match check {
            CartCheck::Evaluated(evaluation) => *evaluation,
            CartCheck::Invalid(issues) => panic!("cart is invalid: {issues:?}"),
        }
    }

    fn issues(check: CartCheck) -> Vec<Issue> {
        match check {
            CartCheck::Invalid(issues) => issues,
            CartCheck::Evaluated(_) => panic!("cart was evaluated"),
        }
    }

    #[test]
    fn general_goods_with_freight() {
        let input = cart(vec![line("T恤", "6109100000", "100", "1", "general")], "10");
        let evaluation = evaluated(check_cart(&input, NOW, money("1200")));
        assert_eq!(evaluation.dutiable_value.to_string(), "110.00");
        assert_eq!(evaluation.tax.total.to_string(), "10.01");
        assert!(evaluation.accepted);
    }

    #[test]
    fn wine_taxed_per_line_rounding() {
        let input = cart(vec![line("红酒", "2204210000", "300", "1", "wine")], "0");
        let evaluation = evaluated(check_cart(&input, NOW, Money::ZERO));
        assert_eq!(evaluation.tax.consumption_tax.to_string(), "23.33");
        assert_eq!(evaluation.tax.vat.to_string(), "30.33");
        assert_eq!(evaluation.tax.total.to_string(), "53.66");
    }

    #[test]
    fn cosmetics_content_decides_high_end() {
        let mut cream = line("面霜", "3304990099", "425", "1", "cosmetics");
        cream.content = "20".into();
        cream.content_unit = ContentUnit::Grams;
        let evaluation = evaluated(check_cart(
            &cart(vec![cream.clone()], "0"),
            NOW,
            Money::ZERO,
        ));
        assert_eq!(evaluation.tax.total.to_string(), "98.00");

        cream.content = "50".into();
        cream.content_unit = ContentUnit::Millilitres;
        let evaluation = evaluated(check_cart(&cart(vec![cream], "0"), NOW, Money::ZERO));
        assert_eq!(evaluation.tax.total.to_string(), "38.68");
    }

    #[test]
    fn single_piece_over_remaining_quota() {
        // One watch above the single limit: the single-item exception applies, and the
        // annual limit rejects it by exactly what exceeds the remaining quota.
        let input = cart(vec![line("手表", "9102110000", "13000", "1", "watch")], "0");
        let evaluation = evaluated(check_cart(&input, NOW, money("14236.48")));
        assert!(!evaluation.accepted);
        assert!(evaluation.limits.full_tax);
        assert!(evaluation.reasons.iter().any(|reason| matches!(
            reason,
            cbec_rules::Reason::AnnualLimitExceeded { over, .. } if over.to_string() == "1236.48"
        )));
    }

    #[test]
    fn bad_amounts_name_their_fields() {
        let input = CartInput {
            lines: vec![line("T恤", "12345", "12.345", "0", "general")],
            freight: "-1".into(),
            insurance: "abc".into(),
        };
        let check = check_cart(&input, NOW, Money::ZERO);
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::HsCode)),
            Some(FieldError::HsCodeInvalid)
        );
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::UnitPrice)),
            Some(FieldError::AmountTooManyDecimals)
        );
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::Quantity)),
            Some(FieldError::QuantityZero)
        );
        assert_eq!(
            check.issue(FieldRef::Freight),
            Some(FieldError::AmountNegative)
        );
        assert_eq!(
            check.issue(FieldRef::Insurance),
            Some(FieldError::AmountNotANumber)
        );
        assert_eq!(issues(check).len(), 5);
    }

    #[test]
    fn absurd_amounts_rejected() {
        let input = cart(
            vec![line("T恤", "6109100000", "99999999999", "1", "general")],
            "0",
        );
        let check = check_cart(&input, NOW, Money::ZERO);
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::UnitPrice)),
            Some(FieldError::AmountOutOfRange)
        );

        // Each amount is valid, but price × quantity is above the largest amount.
        let input = cart(
            vec![line("T恤", "6109100000", "9999999999", "1000", "general")],
            "0",
        );
        let check = check_cart(&input, NOW, Money::ZERO);
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::UnitPrice)),
            Some(FieldError::AmountOverflow)
        );
    }

    #[test]
    fn rules_problems_mapped_to_fields() {
        let mut cream = line("", "3304990099", "425", "1", "cosmetics");
        cream.content = "0".into();
        let check = check_cart(&cart(vec![cream], "0"), NOW, Money::ZERO);
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::Name)),
            Some(FieldError::NameEmpty)
        );
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::Content)),
            Some(FieldError::ContentNotPositive)
        );

        let check = check_cart(&cart(vec![], "0"), NOW, Money::ZERO);
        assert_eq!(check.issue(FieldRef::Cart), Some(FieldError::NoLines));
    }

    #[test]
    fn content_needed_only_by_some_classes() {
        let mut beer = line("啤酒", "2203000000", "10", "6", "beer");
        let check = check_cart(&cart(vec![beer.clone()], "0"), NOW, Money::ZERO);
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::Content)),
            Some(FieldError::ContentEmpty)
        );

        beer.content = "6".into();
        beer.content_unit = ContentUnit::Sheets;
        let check = check_cart(&cart(vec![beer.clone()], "0"), NOW, Money::ZERO);
        assert_eq!(
            check.issue(FieldRef::Line(0, LineField::Content)),
            Some(FieldError::ContentWrongMeasure)
        );

        beer.content = "500".into();
        beer.content_unit = ContentUnit::Millilitres;
        evaluated(check_cart(&cart(vec![beer], "0"), NOW, Money::ZERO));

        // A general line ignores whatever is left in the hidden content field.
        let mut shirt = line("T恤", "6109100000", "100", "1", "general");
        shirt.content = "not a number".into();
        evaluated(check_cart(&cart(vec![shirt], "0"), NOW, Money::ZERO));
    }

    #[test]
    fn quantities_parsed() {
        assert_eq!(parse_quantity("3"), Ok(3));
        assert_eq!(parse_quantity(" +2 "), Ok(2));
        assert_eq!(parse_quantity(""), Err(FieldError::QuantityEmpty));
        assert_eq!(parse_quantity("0"), Err(FieldError::QuantityZero));
        assert_eq!(parse_quantity("1.5"), Err(FieldError::QuantityNotInteger));
        assert_eq!(parse_quantity("-1"), Err(FieldError::QuantityNotInteger));
        assert_eq!(parse_quantity("two"), Err(FieldError::QuantityNotInteger));
        assert_eq!(parse_quantity("+"), Err(FieldError::QuantityNotInteger));
        assert_eq!(
            parse_quantity("4294967296"),
            Err(FieldError::QuantityTooLarge)
        );
    }

    #[test]
    fn contents_parsed() {
        assert_eq!(
            parse_content("0.75", ContentUnit::Litres),
            Ok(Content::Litres(Decimal::new(75, 2)))
        );
        assert_eq!(
            parse_content("10", ContentUnit::Sheets),
            Ok(Content::Sheets(10))
        );
        assert_eq!(
            parse_content(" ", ContentUnit::Grams),
            Err(FieldError::ContentEmpty)
        );
        assert_eq!(
            parse_content("1.5", ContentUnit::Sheets),
            Err(FieldError::ContentNotANumber)
        );
        assert_eq!(
            parse_content("1..5", ContentUnit::Grams),
            Err(FieldError::ContentNotANumber)
        );
        assert_eq!(
            parse_content("-3", ContentUnit::Grams),
            Err(FieldError::ContentNotANumber)
        );
        assert_eq!(
            parse_content(".", ContentUnit::Grams),
            Err(FieldError::ContentNotANumber)
        );
    }

    #[test]
    fn content_unit_ids_round_trip() {
        for unit in ContentUnit::ALL {
            assert_eq!(ContentUnit::from_id(unit.id()), Some(unit));
        }
        assert_eq!(ContentUnit::from_id("cups"), None);
    }

    #[test]
    fn paths_mapped_to_fields() {
        assert_eq!(
            field_from_path("lines[2].quantity"),
            FieldRef::Line(2, LineField::Quantity)
        );
        assert_eq!(
            field_from_path("lines[0].tax_class.consumption_tax.rate"),
            FieldRef::Line(0, LineField::TaxClass)
        );
        assert_eq!(field_from_path("freight"), FieldRef::Freight);
        assert_eq!(field_from_path("lines"), FieldRef::Cart);
        assert_eq!(field_from_path(""), FieldRef::Cart);
    }
}
