//! Dutiable value (完税价格): what the limits are tested on and the tax is charged on.
//!
//! The dutiable value of a CBEC order is the actual transaction price: goods value plus
//! freight plus insurance, less genuine price reductions. Non-cash deductions (points,
//! vouchers, virtual currency) do not lower it. Order-level amounts are allocated to
//! lines with [`allocation::allocate`](crate::allocation::allocate), so the line values
//! add up to the list's value exactly.

use serde::Serialize;

use crate::allocation::allocate;
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
        let goods: Vec<Money> =
            list.lines.iter().map(|line| line.goods_value()).collect::<Result<_, _>>()?;
        let goods_value = Money::checked_sum(goods.iter().copied())?;
        if list.reductions > goods_value {
            return Err(Error::ReductionsExceedGoods { reductions: list.reductions, goods: goods_value });
        }

        let freight = allocate(list.freight, &goods)?;
        let insurance = allocate(list.insurance, &goods)?;
        let reductions = allocate(list.reductions, &goods)?;

        let mut lines = Vec::with_capacity(goods.len());
        for index in 0..goods.len() {
            let gross = goods[index].checked_add(freight[index])?.checked_add(insurance[index])?;
            // Largest remainder never gives a line more reduction than its goods value.
            let dutiable_value = gross.checked_sub(reductions[index]).ok_or(Error::ReductionsExceedGoods {
                reductions: list.reductions,
                goods: goods_value,
            })?;
            lines.push(LineValue {
                goods_value: goods[index],
                freight: freight[index],
                insurance: insurance[index],
                reduction: reductions[index],
                dutiable_value,
            });
        }

        let total = Money::checked_sum(lines.iter().map(|line| line.dutiable_value))?;
        Ok(DutiableValue {
            lines,
            goods_value,
            freight: list.freight,
            insurance: list.insurance,
            reductions: list.reductions,
            non_cash_deductions: list.non_cash_deductions,
            total,
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
