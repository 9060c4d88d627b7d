//! Dutiable value (完税价格): what the limits are tested on and the tax is charged on.
//!
//! The dutiable value of a CBEC order is the actual transaction price: goods value plus
//! freight plus insurance, less genuine price reductions. Non-cash deductions (points,
//! vouchers, virtual currency) do not lower it. Order-level amounts are allocated to
//! lines by [`allocation::allocate`](crate::allocation::allocate)'s method, so the line values
//! add up to the list's value exactly.

use serde::Serialize;

use crate::allocation::allocate_fen;
use crate::declaration::DeclarationList;
use crate::{Error, Money};

/// The dutiable value of one line and its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineValue {
    /// Quantity × unit price.
    pub goods_value: Money,
    /// The line's share of the freight.
    pub freight: Money,
    /// The line's share of the insurance.
    pub insurance: Money,
    /// The line's share of the genuine price reductions.
    pub reduction: Money,
    /// goods value + freight + insurance − reduction.
    pub dutiable_value: Money,
}

/// The dutiable value of a declaration list, per line and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutiableValue {
    /// One entry per line, in line order.
    pub lines: Vec<LineValue>,
    /// The sum of the lines' goods values.
    pub goods_value: Money,
    /// The list's freight.
    pub freight: Money,
    /// The list's insurance.
    pub insurance: Money,
    /// The list's genuine price reductions.
    pub reductions: Money,
    /// Non-cash deductions, shown for completeness; not deducted.
    pub non_cash_deductions: Money,
    /// The list's dutiable value, equal to the sum of the lines' values.
    pub total: Money,
}

impl DutiableValue {
    /// Computes the dutiable value of a list.
    ///
    /// The list should have passed [`DeclarationList::validate`]; this function checks
    /// only what it needs to stay correct.
    ///
    /// # Errors
    ///
    /// [`Error::NoLines`] for a list without lines, [`Error::ReductionsExceedGoods`]
    /// when the reductions are larger than the goods value, [`Error::AmountOverflow`]
    /// above [`Money::MAX`].
    pub fn of(list: &DeclarationList) -> Result<DutiableValue, Error> {
        if list.lines.is_empty() {
            return Err(Error::NoLines);
        }

        // Whole fen in i64 throughout: exact, and far cheaper than decimal arithmetic.
        let max = Money::MAX.to_fen();
        let in_range = |fen: i64| {
            if fen <= max {
                Ok(fen)
            } else {
                Err(Error::AmountOverflow)
            }
        };
        let mut goods = Vec::with_capacity(list.lines.len());
        let mut goods_total: i64 = 0;
        for line in &list.lines {
            let value = line
                .unit_price
                .to_fen()
                .checked_mul(i64::from(line.quantity))
                .ok_or(Error::AmountOverflow)?;
            goods.push(in_range(value)?);
            goods_total = in_range(goods_total + value)?;
        }
        let goods_value = Money::from_fen(goods_total)?;
        if list.reductions > goods_value {
            return Err(Error::ReductionsExceedGoods {
                reductions: list.reductions,
                goods: goods_value,
            });
        }

        let freight = allocate_fen(list.freight.to_fen(), &goods);
        let insurance = allocate_fen(list.insurance.to_fen(), &goods);
        let reductions = allocate_fen(list.reductions.to_fen(), &goods);

        let mut lines = Vec::with_capacity(goods.len());
        let mut total: i64 = 0;
        for index in 0..goods.len() {
            // Largest remainder never gives a line more reduction than its goods value,
            // so the value is never negative.
            let value = goods[index] + freight[index] + insurance[index] - reductions[index];
            total = in_range(total + value)?;
            // Every part is at most its order-level amount, and the value at most the
            // total checked just above, so all are within range.
            lines.push(LineValue {
                goods_value: Money::from_fen_in_range(goods[index]),
                freight: Money::from_fen_in_range(freight[index]),
                insurance: Money::from_fen_in_range(insurance[index]),
                reduction: Money::from_fen_in_range(reductions[index]),
                dutiable_value: Money::from_fen_in_range(value),
            });
        }

        Ok(DutiableValue {
            lines,
            goods_value,
            freight: list.freight,
            insurance: list.insurance,
            reductions: list.reductions,
            non_cash_deductions: list.non_cash_deductions,
            total: Money::from_fen(total)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freight_added_non_cash_ignored() {
        let list: DeclarationList = serde_json::from_str(
            r#"{"trade_mode":"9610","declared_at":"2026-03-01T10:00:00+08:00",
                "freight":"10","insurance":"1","reductions":"20","non_cash_deductions":"30",
                "lines":[
                  {"hs_code":"6109100000","name":"T恤","quantity":2,"unit_price":"50","tax_class":"general"},
                  {"hs_code":"6109100000","name":"衬衫","quantity":1,"unit_price":"100","tax_class":"general"}
                ]}"#,
        )
        .unwrap();
        let value = DutiableValue::of(&list).unwrap();
        assert_eq!(value.goods_value.to_string(), "200.00");
        assert_eq!(value.total.to_string(), "191.00");
        assert_eq!(value.lines[0].dutiable_value.to_string(), "95.50");
        assert_eq!(value.lines[1].dutiable_value.to_string(), "95.50");
        assert_eq!(value.non_cash_deductions.to_string(), "30.00");
    }
}
