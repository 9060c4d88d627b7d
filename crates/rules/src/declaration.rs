//! The declaration list (申报清单, customs message CEB621): the goods of one CBEC order
//! as declared to customs.
//!
//! JSON uses snake_case field names and amounts as strings with at most two decimals:
//!
//! ```json
//! {
//!   "trade_mode": "1210",
//!   "declared_at": "2026-03-01T10:00:00+08:00",
//!   "freight": "10.00",
//!   "lines": [
//!     {"hs_code": "3304990099", "name": "面霜", "quantity": 1, "unit_price": "425.00",
//!      "content": {"grams": "20"}, "tax_class": "cosmetics"}
//!   ]
//! }
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::tax_class::{ConsumptionTax, TaxClass};
use crate::{Error, HsCode, Money, TradeMode};

/// The content of one piece, which the consumption tax needs for cosmetics thresholds
/// and for specific levies.
///
/// In JSON one key names the measure: `{"millilitres": "50"}`, `{"grams": "20"}`,
/// `{"litres": "0.75"}`, `{"kilograms": "0.5"}` or `{"sheets": 10}` (pieces per pack,
/// such as face masks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Content {
    /// Volume per piece in millilitres.
    Millilitres(Decimal),
    /// Volume per piece in litres.
    Litres(Decimal),
    /// Mass per piece in grams.
    Grams(Decimal),
    /// Mass per piece in kilograms.
    Kilograms(Decimal),
    /// Sheets or small pieces per piece (pack).
    Sheets(u32),
}

/// A content measure reduced to the base unit the rules compare in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Litres.
    Volume(Decimal),
    /// Kilograms.
    Mass(Decimal),
    /// Sheets.
    Sheets(Decimal),
}

impl Content {
    /// Returns the content of one piece in litres, kilograms or sheets.
    pub fn per_piece(self) -> Measure {
        match self {
            Content::Millilitres(ml) => Measure::Volume(thousandth(ml)),
            Content::Litres(litres) => Measure::Volume(litres),
            Content::Grams(grams) => Measure::Mass(thousandth(grams)),
            Content::Kilograms(kg) => Measure::Mass(kg),
            Content::Sheets(sheets) => Measure::Sheets(Decimal::from(sheets)),
        }
    }

    fn is_positive(self) -> bool {
        match self {
            Content::Millilitres(v)
            | Content::Litres(v)
            | Content::Grams(v)
            | Content::Kilograms(v) => v > Decimal::ZERO,
            Content::Sheets(n) => n > 0,
        }
    }

    fn value_text(self) -> String {
        match self {
            Content::Millilitres(v)
            | Content::Litres(v)
            | Content::Grams(v)
            | Content::Kilograms(v) => v.to_string(),
            Content::Sheets(n) => n.to_string(),
        }
    }
}

/// Divides by 1,000 exactly, by moving the decimal point where the scale allows.
fn thousandth(value: Decimal) -> Decimal {
    let mut shifted = value;
    match shifted.set_scale(value.scale() + 3) {
        Ok(()) => shifted,
        Err(_) => value / Decimal::ONE_THOUSAND,
    }
}

fn default_unit() -> String {
    "件".to_owned()
}

/// One line (表体) of a declaration list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The 10-digit commodity code (商品编码).
    pub hs_code: HsCode,
    /// The goods name as declared.
    pub name: String,
    /// The number of pieces, at least 1.
    pub quantity: u32,
    /// The declared unit, such as 件 or 瓶 (default 件).
    #[serde(default = "default_unit")]
    pub unit: String,
    /// The price of one piece, before order-level reductions.
    pub unit_price: Money,
    /// The content of one piece, needed by cosmetics and specific consumption tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Content>,
    /// The tax class of the goods.
    pub tax_class: TaxClass,
}

impl Line {
    /// Returns quantity × unit price.
    ///
    /// # Errors
    ///
    /// [`Error::AmountOverflow`] above [`Money::MAX`].
    pub fn goods_value(&self) -> Result<Money, Error> {
        let fen = self
            .unit_price
            .to_fen()
            .checked_mul(i64::from(self.quantity));
        fen.and_then(|fen| Money::from_fen(fen).ok())
            .ok_or(Error::AmountOverflow)
    }

    /// Lists every problem of the line, each with its path inside the line.
    fn problems(&self) -> Vec<Error> {
        let mut problems = Vec::new();

        if self.name.trim().is_empty() {
            problems.push(Error::NameEmpty.at("name"));
        }
        if self.quantity == 0 {
            problems.push(Error::QuantityZero.at("quantity"));
        }
        if self.unit.trim().is_empty() {
            problems.push(Error::UnitEmpty.at("unit"));
        }
        if let Err(error) = self.goods_value() {
            problems.push(error.at("unit_price"));
        }
        if let Err(error) = self.tax_class.validate() {
            problems.push(error.at("tax_class"));
        }

        match self.content {
            Some(content) if !content.is_positive() => {
                problems.push(
                    Error::ContentNotPositive {
                        input: content.value_text(),
                    }
                    .at("content"),
                );
            }
            content => {
                if let Err(error) = check_content_fits_class(content, &self.tax_class) {
                    problems.push(error.at("content"));
                }
            }
        }
        problems
    }
}

/// Checks that a line states the content its consumption-tax method needs.
fn check_content_fits_class(content: Option<Content>, class: &TaxClass) -> Result<(), Error> {
    let measure = content.map(Content::per_piece);
    match class.consumption_tax {
        ConsumptionTax::None | ConsumptionTax::AdValorem { .. } => Ok(()),
        ConsumptionTax::Cosmetics { .. } => match measure {
            Some(_) => Ok(()),
            None => Err(Error::ContentMissing {
                needed: "millilitres, grams or sheets per piece",
            }),
        },
        ConsumptionTax::Specific { unit_tax, .. } | ConsumptionTax::Compound { unit_tax, .. } => {
            match measure {
                Some(Measure::Mass(_)) if unit_tax.by_mass.is_some() => Ok(()),
                Some(Measure::Volume(_)) if unit_tax.by_volume.is_some() => Ok(()),
                _ => {
                    let needed = match (unit_tax.by_mass.is_some(), unit_tax.by_volume.is_some()) {
                        (true, true) => "grams, kilograms, millilitres or litres per piece",
                        (true, false) => "grams or kilograms per piece",
                        _ => "millilitres or litres per piece",
                    };
                    match content {
                        None => Err(Error::ContentMissing { needed }),
                        Some(_) => Err(Error::ContentWrongMeasure { needed }),
                    }
                }
            }
        }
    }
}

/// A declaration list (申报清单): the goods, order-level amounts and declaration time of
/// one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclarationList {
    /// The customs supervision mode.
    pub trade_mode: TradeMode,
    /// When the list is declared; its CST date picks the rule set and quota year.
    #[serde(with = "time::serde::rfc3339")]
    pub declared_at: OffsetDateTime,
    /// The orderer's (订购人) ID number, unchecked here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orderer_id: Option<String>,
    /// The goods, at least one line.
    pub lines: Vec<Line>,
    /// Freight charged to the shopper; part of the dutiable value.
    #[serde(default)]
    pub freight: Money,
    /// Insurance charged to the shopper; part of the dutiable value.
    #[serde(default)]
    pub insurance: Money,
    /// Genuine price reductions (discounts that lower the price actually paid); they
    /// lower the dutiable value.
    #[serde(default)]
    pub reductions: Money,
    /// Non-cash deductions: points, vouchers and virtual currency. They lower what the
    /// shopper pays but not the dutiable value.
    #[serde(default)]
    pub non_cash_deductions: Money,
}

impl DeclarationList {
    /// Returns the sum of the lines' goods values.
    ///
    /// # Errors
    ///
    /// [`Error::AmountOverflow`] above [`Money::MAX`].
    pub fn goods_value(&self) -> Result<Money, Error> {
        let mut total: i64 = 0;
        for line in &self.lines {
            total = total
                .checked_add(line.goods_value()?.to_fen())
                .ok_or(Error::AmountOverflow)?;
        }
        Money::from_fen(total).map_err(|_| Error::AmountOverflow)
    }

    /// Returns the total number of pieces over all lines.
    pub fn pieces(&self) -> u64 {
        self.lines.iter().map(|line| u64::from(line.quantity)).sum()
    }

    /// Checks the list and returns its first problem.
    ///
    /// # Errors
    ///
    /// The first of [`DeclarationList::problems`], with its field path such as
    /// `lines[2].quantity`.
    pub fn validate(&self) -> Result<(), Error> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Lists every problem of the list, each wrapped with its field path, so that a form
    /// can mark every bad field at once: [`Error::NoLines`], [`Error::NameEmpty`],
    /// [`Error::QuantityZero`], [`Error::UnitEmpty`], [`Error::ContentNotPositive`],
    /// [`Error::ContentMissing`], [`Error::ContentWrongMeasure`], tax-class errors,
    /// [`Error::ReductionsExceedGoods`], [`Error::DeductionsExceedGoods`] and
    /// [`Error::AmountOverflow`].
    pub fn problems(&self) -> Vec<Error> {
        let mut problems = Vec::new();

        if self.lines.is_empty() {
            problems.push(Error::NoLines.at("lines"));
        }
        for (index, line) in self.lines.iter().enumerate() {
            problems.extend(
                line.problems()
                    .into_iter()
                    .map(|e| e.at(format!("lines[{index}]"))),
            );
        }

        // The order-level checks need a goods value; an overflow is already reported.
        let Ok(goods) = self.goods_value() else {
            return problems;
        };
        if self.reductions > goods {
            problems.push(
                Error::ReductionsExceedGoods {
                    reductions: self.reductions,
                    goods,
                }
                .at("reductions"),
            );
        }
        let paid_for_goods = goods.saturating_sub(self.reductions);
        if self.non_cash_deductions > paid_for_goods {
            problems.push(
                Error::DeductionsExceedGoods {
                    deductions: self.non_cash_deductions,
                    goods: paid_for_goods,
                }
                .at("non_cash_deductions"),
            );
        }
        let order_total = goods
            .checked_add(self.freight)
            .and_then(|sum| sum.checked_add(self.insurance));
        if let Err(error) = order_total {
            problems.push(error.at("freight"));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DeclarationList {
        serde_json::from_str(
            r#"{
                "trade_mode": "1210",
                "declared_at": "2026-03-01T10:00:00+08:00",
                "freight": "10",
                "lines": [
                    {"hs_code": "3304990099", "name": "面霜", "quantity": 1, "unit_price": "425.00",
                     "content": {"grams": "20"}, "tax_class": "cosmetics"},
                    {"hs_code": "2204210000", "name": "红酒", "quantity": 2, "unit_price": "150",
                     "tax_class": "wine"}
                ]
            }"#,
        )
        .unwrap()
    }

    #[test]
    fn parses_and_validates_sample() {
        let list = sample();
        assert_eq!(list.trade_mode, TradeMode::BondedImport);
        assert_eq!(list.goods_value().unwrap().to_string(), "725.00");
        assert_eq!(list.pieces(), 3);
        assert_eq!(list.lines[1].unit, "件");
        list.validate().unwrap();
    }

    #[test]
    fn reports_field_paths() {
        let mut list = sample();
        list.lines[1].quantity = 0;
        list.lines[0].content = None;
        let problems = list.problems();
        let paths: Vec<_> = problems
            .iter()
            .map(|p| (p.field().unwrap().to_owned(), p.code()))
            .collect();
        assert_eq!(
            paths,
            vec![
                ("lines[0].content".to_owned(), "content.missing"),
                ("lines[1].quantity".to_owned(), "quantity.zero"),
            ]
        );
        assert_eq!(
            list.validate().unwrap_err().field(),
            Some("lines[0].content")
        );
    }

    #[test]
    fn rejects_reductions_above_goods() {
        let mut list = sample();
        list.reductions = "725.01".parse().unwrap();
        let error = list.validate().unwrap_err();
        assert_eq!(error.field(), Some("reductions"));
        assert_eq!(error.code(), "reductions.exceed_goods_value");
    }

    #[test]
    fn specific_tax_needs_volume_or_mass() {
        let mut list = sample();
        list.lines[1].tax_class = TaxClass::preset("beer").unwrap();
        assert_eq!(list.validate().unwrap_err().code(), "content.missing");
        list.lines[1].content = Some(Content::Sheets(6));
        assert_eq!(list.validate().unwrap_err().code(), "content.wrong_measure");
        list.lines[1].content = Some(Content::Millilitres(Decimal::from(500)));
        list.validate().unwrap();
    }

    #[test]
    fn rejects_unknown_fields_and_trade_modes() {
        let text = serde_json::to_string(&sample()).unwrap();
        let bad_mode = text.replace("\"1210\"", "\"0110\"");
        assert!(serde_json::from_str::<DeclarationList>(&bad_mode).is_err());
        let extra = text.replacen('{', "{\"discount\":\"1.00\",", 1);
        assert!(serde_json::from_str::<DeclarationList>(&extra).is_err());
    }
}
