//! The transaction limits: the single-order limit, the single-item exception and the
//! annual limit, all tested on dutiable value.
//!
//! The checks run in this order, and the first that decides is reported:
//!
//! 1. A list whose dutiable value is within the single limit (≤ 5,000.00 since 2019)
//!    passes the single-order test.
//! 2. Above it, a list of exactly one piece whose value is below the annual limit
//!    (< 26,000.00) enters under the single-item exception with full tax, while the
//!    rule set has that exception (2019+); any other list above the limit is rejected.
//! 3. The annual test: used amount + dutiable value ≤ annual limit (26,000.00 exactly
//!    is allowed), for the exception too.
//!
//! For a rejected list, [`LimitOutcome::remove_lines`] names lines whose removal makes
//! the list fit both limits (see [`lines_to_remove`]).

use serde::Serialize;

use crate::dutiable_value::DutiableValue;
use crate::{Error, Money, RuleSet};

/// The reason a list above the single limit could not use the single-item exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionRefusal {
    /// The rule set in force has no single-item exception (before 2019).
    NotInForce,
    /// The list has more than one piece in total.
    MoreThanOnePiece,
    /// The dutiable value is not below the annual limit.
    ValueNotBelowAnnualLimit,
}

/// The rule that decided a list's limit outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum LimitDecision {
    /// Within the single and the annual limit: tariff 0, VAT and CT at 70 %.
    WithinLimits,
    /// Above the single limit, one piece below the annual limit, and within the annual
    /// limit: enters with full tax.
    SingleItemException,
    /// Above the single limit and not eligible for the exception: rejected.
    SingleLimitExceeded {
        /// Dutiable value − single limit.
        over: Money,
        /// The reason the exception did not apply.
        exception_refused: ExceptionRefusal,
    },
    /// Within the single limit (or the exception) but over the annual limit: rejected.
    AnnualLimitExceeded {
        /// Used amount + dutiable value − annual limit.
        over: Money,
    },
}

/// The result of the limit checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LimitOutcome {
    /// The rule that decided.
    pub decision: LimitDecision,
    /// Whether customs accepts the list.
    pub accepted: bool,
    /// Whether full tax applies (tariff, CT and VAT at 100 %): the list takes the
    /// single-item exception, also when the annual limit then rejects it.
    pub full_tax: bool,
    /// The single limit in force.
    pub single_limit: Money,
    /// The annual limit in force.
    pub annual_limit: Money,
    /// The shopper's used amount in the CST year before this list.
    pub annual_used_before: Money,
    /// The used amount after this list: before + dutiable value when accepted, else
    /// unchanged.
    pub annual_used_after: Money,
    /// The quota left after this list (annual limit − used after, at least zero).
    pub annual_remaining: Money,
    /// For a rejected list: line indexes (0-based) to remove so that the rest fits; empty
    /// when accepted. Holds every line when no smaller set fits (the quota left cannot
    /// even take the freight and insurance).
    pub remove_lines: Vec<usize>,
    /// Used amount + dutiable value − annual limit when the list would exceed the annual
    /// limit, whichever rule decided; so a list above the single limit also reports how
    /// far it is over the annual quota.
    pub annual_over: Option<Money>,
}

/// Checks a list's dutiable value against the limits of `rules`.
///
/// `pieces` is the list's total quantity, `annual_used` the shopper's used amount in the
/// CST year of the declaration.
///
/// # Errors
///
/// [`Error::AmountOverflow`] when used amount + dutiable value exceeds [`Money::MAX`].
pub fn check_limits(
    rules: &RuleSet,
    value: &DutiableValue,
    pieces: u64,
    annual_used: Money,
) -> Result<LimitOutcome, Error> {
    let dutiable = value.total;
    let used_after = annual_used.checked_add(dutiable)?;
    let annual_fits = rules
        .annual_limit_bound
        .admits(used_after, rules.annual_limit);

    let mut full_tax = false;
    let decision = if rules
        .single_limit_bound
        .admits(dutiable, rules.single_limit)
    {
        None
    } else {
        match exception_refusal(rules, dutiable, pieces) {
            None => {
                full_tax = true;
                None
            }
            Some(refusal) => Some(LimitDecision::SingleLimitExceeded {
                over: dutiable.saturating_sub(rules.single_limit),
                exception_refused: refusal,
            }),
        }
    };
    let decision = match decision {
        Some(rejected) => rejected,
        None if !annual_fits => LimitDecision::AnnualLimitExceeded {
            over: used_after.saturating_sub(rules.annual_limit),
        },
        None if full_tax => LimitDecision::SingleItemException,
        None => LimitDecision::WithinLimits,
    };

    let accepted = matches!(
        decision,
        LimitDecision::WithinLimits | LimitDecision::SingleItemException
    );
    let annual_used_after = if accepted { used_after } else { annual_used };
    let remove_lines = if accepted {
        Vec::new()
    } else {
        let annual_room = rules.annual_limit.saturating_sub(annual_used);
        let target = annual_room.min(rules.single_limit);
        lines_to_remove(value, target)
    };

    Ok(LimitOutcome {
        full_tax,
        decision,
        accepted,
        single_limit: rules.single_limit,
        annual_limit: rules.annual_limit,
        annual_used_before: annual_used,
        annual_used_after,
        annual_remaining: rules.annual_limit.saturating_sub(annual_used_after),
        remove_lines,
        annual_over: (!annual_fits).then(|| used_after.saturating_sub(rules.annual_limit)),
    })
}

/// Returns why the single-item exception does not apply, or `None` when it does.
fn exception_refusal(rules: &RuleSet, dutiable: Money, pieces: u64) -> Option<ExceptionRefusal> {
    let Some(exception) = &rules.single_item_exception else {
        return Some(ExceptionRefusal::NotInForce);
    };
    if pieces != u64::from(exception.pieces) {
        return Some(ExceptionRefusal::MoreThanOnePiece);
    }
    if !exception.upper_bound.admits(dutiable, rules.annual_limit) {
        return Some(ExceptionRefusal::ValueNotBelowAnnualLimit);
    }
    None
}

/// Chooses lines to remove so that the list's dutiable value falls to `target` or
/// below.
///
/// Removing a line takes away its goods value less its share of the reductions; the
/// freight and insurance stay with the order, since the shop still charges them. The
/// algorithm prefers the fewest lines, then the least value removed:
///
/// 1. k = the smallest number of lines whose removal can reach the target (found by
///    taking the most valuable lines first).
/// 2. Start from those k most valuable lines; then, for each chosen line from the most
///    valuable down, swap it for the least valuable unchosen line that still reaches
///    the target.
///
/// For k = 1 this finds the least valuable single line that suffices; for larger k
/// the swaps are greedy and may remove more value than the minimum. Returns every line
/// when even removing all of them cannot reach the target, and no line when the list
/// already fits.
pub fn lines_to_remove(value: &DutiableValue, target: Money) -> Vec<usize> {
    let removable: Vec<i64> = value
        .lines
        .iter()
        .map(|line| line.goods_value.saturating_sub(line.reduction).to_fen())
        .collect();
    let excess = value.total.to_fen() - target.to_fen();
    if excess <= 0 {
        return Vec::new();
    }

    // Lines by removable value, most valuable first; ties in line order.
    let mut by_value: Vec<usize> = (0..removable.len()).collect();
    by_value.sort_by(|&a, &b| removable[b].cmp(&removable[a]).then(a.cmp(&b)));

    let mut chosen = Vec::new();
    let mut removed = 0;
    for &index in &by_value {
        if removed >= excess {
            break;
        }
        chosen.push(index);
        removed += removable[index];
    }
    if removed < excess {
        return (0..removable.len()).collect();
    }

    // Swap each chosen line for the least valuable unchosen line that still suffices.
    for slot in 0..chosen.len() {
        let current = chosen[slot];
        let without = removed - removable[current];
        let replacement = by_value
            .iter()
            .rev()
            .copied()
            .filter(|candidate| !chosen.contains(candidate))
            .find(|&candidate| {
                without + removable[candidate] >= excess
                    && removable[candidate] < removable[current]
            });
        if let Some(candidate) = replacement {
            chosen[slot] = candidate;
            removed = without + removable[candidate];
        }
    }

    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dutiable_value::LineValue;
    use time::macros::date;

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    fn value_of(lines: &[&str], freight: &str) -> DutiableValue {
        let lines: Vec<LineValue> = lines
            .iter()
            .map(|goods| LineValue {
                goods_value: money(goods),
                freight: Money::ZERO,
                insurance: Money::ZERO,
                reduction: Money::ZERO,
                dutiable_value: money(goods),
            })
            .collect();
        let goods = Money::checked_sum(lines.iter().map(|l| l.goods_value)).unwrap();
        DutiableValue {
            lines,
            goods_value: goods,
            freight: money(freight),
            insurance: Money::ZERO,
            reductions: Money::ZERO,
            non_cash_deductions: Money::ZERO,
            total: goods.checked_add(money(freight)).unwrap(),
        }
    }

    #[test]
    fn removes_least_valuable_single_line_that_suffices() {
        let value = value_of(&["3000", "1500", "800", "200"], "0");
        assert_eq!(lines_to_remove(&value, money("5000")), vec![2]);
    }

    #[test]
    fn removes_fewest_lines() {
        let value = value_of(&["2000", "2000", "2000", "10"], "0");
        // Over by 1,010: one line of 2,000 is enough.
        assert_eq!(lines_to_remove(&value, money("5000")), vec![0]);
        // Over by 4,010: two lines of 2,000 are not enough; the 10 replaces the first 2,000.
        assert_eq!(lines_to_remove(&value, money("2000")), vec![1, 2, 3]);
    }

    #[test]
    fn every_line_when_freight_alone_is_too_much() {
        let value = value_of(&["100", "100"], "50");
        assert_eq!(lines_to_remove(&value, money("40")), vec![0, 1]);
        assert!(lines_to_remove(&value, money("250")).is_empty());
    }

    #[test]
    fn exception_needs_rule_set_2019() {
        let value = value_of(&["6000"], "0");
        let rules_2018 = RuleSet::on(date!(2018 - 12 - 31)).unwrap();
        let outcome = check_limits(rules_2018, &value, 1, Money::ZERO).unwrap();
        assert_eq!(
            outcome.decision,
            LimitDecision::SingleLimitExceeded {
                over: money("4000"),
                exception_refused: ExceptionRefusal::NotInForce
            }
        );
        let rules_2019 = RuleSet::on(date!(2019 - 01 - 01)).unwrap();
        let outcome = check_limits(rules_2019, &value, 1, Money::ZERO).unwrap();
        assert_eq!(outcome.decision, LimitDecision::SingleItemException);
        assert!(outcome.full_tax);
        assert_eq!(outcome.annual_remaining.to_string(), "20000.00");
    }
}
