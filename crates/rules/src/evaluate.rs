//! The one entry point for checking a declaration list: [`evaluate`].
//!
//! The web app, the `cbec` CLI and the platform server all call it:
//!
//! ```
//! use cbec_rules::{evaluate, DeclarationList, Money};
//!
//! let list: DeclarationList = serde_json::from_str(r#"{
//!     "trade_mode": "1210",
//!     "declared_at": "2026-03-01T10:00:00+08:00",
//!     "freight": "10.00",
//!     "lines": [{"hs_code": "6109100000", "name": "T恤", "quantity": 1,
//!                "unit_price": "100.00", "tax_class": "general"}]
//! }"#)?;
//! let evaluation = evaluate(&list, "1200.00".parse::<Money>()?)?;
//! assert!(evaluation.accepted);
//! assert_eq!(evaluation.dutiable_value.to_string(), "110.00");
//! assert_eq!(evaluation.tax.total.to_string(), "10.01");
//! assert_eq!(evaluation.limits.annual_remaining.to_string(), "24690.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `annual_used` is the shopper's used amount in the CST calendar year of the list's
//! declaration time (see [`returns::annual_used`](crate::returns::annual_used)).
//!
//! The [`Evaluation`] serializes to JSON with snake_case fields and amounts as strings.
//! Its [`Reason`]s carry a stable `code` and parameters, for the UI to turn into zh-CN
//! or en sentences.
//!
//! The tax is computed for every list, also a rejected one. For a list over a limit,
//! the figures are the tax it would carry once it fits, so the cart can show them
//! beside the breach.

use serde::Serialize;
use time::Date;

use crate::declaration::DeclarationList;
use crate::dutiable_value::{DutiableValue, LineValue};
use crate::limits::{check_limits, ExceptionRefusal, LimitDecision, LimitOutcome};
use crate::tax::{line_tax, ComponentTax, CtFinding, PriceUnit, TaxBasis};
use crate::{cst, Error, Money, RuleSet};

/// A machine-readable reason behind an evaluation, with a stable `code`.
///
/// Serialized with the code as a tag and the parameters beside it:
/// `{"code": "single_limit_exceeded", "over": "120.00", "limit": "5000.00", ...}`.
/// Line numbers are 0-based indexes into the list's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// The dutiable value is within the single-order limit.
    WithinSingleLimit {
        /// The list's dutiable value.
        dutiable_value: Money,
        /// The single limit.
        limit: Money,
    },
    /// The dutiable value exceeds the single-order limit and the exception does not
    /// apply: rejected.
    SingleLimitExceeded {
        /// The amount above the limit.
        over: Money,
        /// The single limit.
        limit: Money,
        /// Lines to remove so that the rest fits.
        remove_lines: Vec<usize>,
    },
    /// The exception does not apply to a list above the single limit.
    SingleItemExceptionRefused {
        /// Why.
        cause: ExceptionRefusal,
    },
    /// One piece above the single limit and below the annual limit: accepted, taxed
    /// in full (tariff, CT, VAT at 100 %), and the value counts toward the annual total.
    SingleItemException {
        /// The list's dutiable value.
        dutiable_value: Money,
        /// The single limit it exceeds.
        limit: Money,
    },
    /// The annual total after this list is within the annual limit.
    WithinAnnualLimit {
        /// The used amount after the list.
        used_after: Money,
        /// The annual limit.
        limit: Money,
        /// The quota left after the list.
        remaining: Money,
    },
    /// The annual total after this list would exceed the annual limit: rejected
    /// (customs receipt 1313).
    AnnualLimitExceeded {
        /// The amount above the limit.
        over: Money,
        /// The annual limit.
        limit: Money,
        /// The used amount before the list.
        used: Money,
        /// Lines to remove so that the rest fits.
        remove_lines: Vec<usize>,
    },
    /// A cosmetic is high-end: CT charged.
    CosmeticsHighEnd {
        /// The line.
        line: usize,
        /// Dutiable value per unit, rounded down to the fen.
        price_per_unit: Money,
        /// The unit of the price.
        unit: PriceUnit,
        /// The threshold.
        threshold: Money,
    },
    /// A cosmetic is below the high-end thresholds: no CT.
    CosmeticsNotHighEnd {
        /// The line.
        line: usize,
        /// Dutiable value per unit, rounded down to the fen.
        price_per_unit: Money,
        /// The unit of the price.
        unit: PriceUnit,
        /// The threshold.
        threshold: Money,
    },
    /// A cosmetic carries CT because the rule set taxes all cosmetics (before
    /// 2016-10-01).
    OrdinaryCosmeticsTaxed {
        /// The line.
        line: usize,
    },
    /// The price per piece reaches the class's CT threshold (watches: 10,000).
    PriceThresholdMet {
        /// The line.
        line: usize,
        /// Dutiable value per piece, rounded down to the fen.
        price_per_piece: Money,
        /// The threshold.
        threshold: Money,
    },
    /// The price per piece is below the class's CT threshold: no CT.
    PriceThresholdNotMet {
        /// The line.
        line: usize,
        /// Dutiable value per piece, rounded down to the fen.
        price_per_piece: Money,
        /// The threshold.
        threshold: Money,
    },
    /// A specific levy with tiers chose one by the price per tonne (beer).
    LevyTier {
        /// The line.
        line: usize,
        /// (Dutiable value + tariff) per tonne, rounded down to the fen.
        price_per_tonne: Money,
        /// The price per tonne below which the lower levy applies.
        threshold: Money,
        /// Whether the lower levy applied.
        lower: bool,
    },
    /// Non-cash deductions (points, vouchers, virtual currency) were not deducted from
    /// the dutiable value.
    NonCashDeductionsNotDeducted {
        /// Their amount.
        amount: Money,
    },
}

impl Reason {
    /// Returns the stable code, such as `single_limit_exceeded`.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::WithinSingleLimit { .. } => "within_single_limit",
            Reason::SingleLimitExceeded { .. } => "single_limit_exceeded",
            Reason::SingleItemExceptionRefused { .. } => "single_item_exception_refused",
            Reason::SingleItemException { .. } => "single_item_exception",
            Reason::WithinAnnualLimit { .. } => "within_annual_limit",
            Reason::AnnualLimitExceeded { .. } => "annual_limit_exceeded",
            Reason::CosmeticsHighEnd { .. } => "cosmetics_high_end",
            Reason::CosmeticsNotHighEnd { .. } => "cosmetics_not_high_end",
            Reason::OrdinaryCosmeticsTaxed { .. } => "ordinary_cosmetics_taxed",
            Reason::PriceThresholdMet { .. } => "price_threshold_met",
            Reason::PriceThresholdNotMet { .. } => "price_threshold_not_met",
            Reason::LevyTier { .. } => "levy_tier",
            Reason::NonCashDeductionsNotDeducted { .. } => "non_cash_deductions_not_deducted",
        }
    }
}

/// The evaluation of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineEvaluation {
    /// The line's dutiable value and its parts.
    #[serde(flatten)]
    pub value: LineValue,
    /// The line's tax by component, rounded to the fen.
    pub tax: ComponentTax,
    /// The decision behind the line's consumption tax.
    pub ct_finding: CtFinding,
}

/// Everything [`evaluate`] finds about a declaration list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The first day of the rule set used (CST), such as `2026-01-01`.
    #[serde(with = "cst::date_serde")]
    pub rule_set_from: Date,
    /// The CST date of the declaration.
    #[serde(with = "cst::date_serde")]
    pub declared_on: Date,
    /// The CST calendar year the list counts in.
    pub quota_year: i32,
    /// Whether customs accepts the list under the limits.
    pub accepted: bool,
    /// Whether the tax is the within-limits or the full tax.
    pub tax_basis: TaxBasis,
    /// The limit checks.
    pub limits: LimitOutcome,
    /// The lines, in order.
    pub lines: Vec<LineEvaluation>,
    /// The sum of the lines' goods values.
    pub goods_value: Money,
    /// The list's freight.
    pub freight: Money,
    /// The list's insurance.
    pub insurance: Money,
    /// The list's genuine price reductions.
    pub reductions: Money,
    /// The list's non-cash deductions (not deducted from the dutiable value).
    pub non_cash_deductions: Money,
    /// The list's dutiable value, the sum of the lines' values.
    pub dutiable_value: Money,
    /// The list's tax by component: sums of the rounded line amounts.
    pub tax: ComponentTax,
    /// Why, in order: limit reasons first, then per-line CT reasons.
    pub reasons: Vec<Reason>,
}

impl Evaluation {
    /// Returns the reason codes in order, for logs and tests.
    pub fn reason_codes(&self) -> Vec<&'static str> {
        self.reasons.iter().map(Reason::code).collect()
    }
}

/// Evaluates a declaration list against the rules in force at its declaration time.
///
/// `annual_used` is the shopper's used amount in the CST year of
/// [`DeclarationList::declared_at`], before this list.
///
/// # Errors
///
/// Every problem [`DeclarationList::validate`] reports (with its field path, such as
/// `lines[2].quantity`), [`Error::RuleSetBefore2016`] for a declaration before
/// 2016-04-08 CST (at `declared_at`), and [`Error::AmountOverflow`] when a computed
/// amount exceeds [`Money::MAX`].
pub fn evaluate(list: &DeclarationList, annual_used: Money) -> Result<Evaluation, Error> {
    let rules = RuleSet::at(list.declared_at).map_err(|e| e.at("declared_at"))?;
    evaluate_with(list, annual_used, rules)
}

/// Evaluates a declaration list under a given rule set, whatever its declaration time.
///
/// [`evaluate`] is this function with [`RuleSet::at`] of the declaration time; use this
/// one to show what a list would have met under another period's rules.
///
/// # Errors
///
/// As for [`evaluate`], without the rule-set error.
pub fn evaluate_with(
    list: &DeclarationList,
    annual_used: Money,
    rules: &RuleSet,
) -> Result<Evaluation, Error> {
    list.validate()?;

    let value = DutiableValue::of(list)?;
    let limits = check_limits(rules, &value, list.pieces(), annual_used)?;
    let tax_basis = if limits.full_tax {
        TaxBasis::Full
    } else {
        TaxBasis::WithinLimits
    };

    let mut reasons = limit_reasons(&limits, value.total);
    let mut lines = Vec::with_capacity(list.lines.len());
    let mut tax_lines = Vec::with_capacity(list.lines.len());
    for (index, (line, line_value)) in list.lines.iter().zip(&value.lines).enumerate() {
        let line_tax = line_tax(rules, line, line_value.dutiable_value, tax_basis)
            .map_err(|e| e.at(format!("lines[{index}]")))?;
        tax_lines.push(line_tax.tax);
        reasons.extend(ct_reason(index, line_tax.ct_finding));
        lines.push(LineEvaluation {
            value: *line_value,
            tax: line_tax.tax,
            ct_finding: line_tax.ct_finding,
        });
    }
    let tax = ComponentTax::sum(&tax_lines)?;
    if !list.non_cash_deductions.is_zero() {
        reasons.push(Reason::NonCashDeductionsNotDeducted {
            amount: list.non_cash_deductions,
        });
    }

    Ok(Evaluation {
        rule_set_from: rules.effective_from,
        declared_on: cst::date(list.declared_at),
        quota_year: cst::year(list.declared_at),
        accepted: limits.accepted,
        tax_basis,
        goods_value: value.goods_value,
        freight: value.freight,
        insurance: value.insurance,
        reductions: value.reductions,
        non_cash_deductions: value.non_cash_deductions,
        dutiable_value: value.total,
        lines,
        tax,
        reasons,
        limits,
    })
}

fn limit_reasons(limits: &LimitOutcome, dutiable_value: Money) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let within_annual = Reason::WithinAnnualLimit {
        used_after: limits.annual_used_after,
        limit: limits.annual_limit,
        remaining: limits.annual_remaining,
    };
    match &limits.decision {
        LimitDecision::WithinLimits => {
            reasons.push(Reason::WithinSingleLimit {
                dutiable_value,
                limit: limits.single_limit,
            });
            reasons.push(within_annual);
        }
        LimitDecision::SingleItemException => {
            reasons.push(Reason::SingleItemException {
                dutiable_value,
                limit: limits.single_limit,
            });
            reasons.push(within_annual);
        }
        LimitDecision::SingleLimitExceeded {
            over,
            exception_refused,
        } => {
            reasons.push(Reason::SingleLimitExceeded {
                over: *over,
                limit: limits.single_limit,
                remove_lines: limits.remove_lines.clone(),
            });
            reasons.push(Reason::SingleItemExceptionRefused {
                cause: *exception_refused,
            });
            // The shopper should learn both breaches at once, not the second after
            // fixing the first.
            if let Some(annual_over) = limits.annual_over {
                reasons.push(Reason::AnnualLimitExceeded {
                    over: annual_over,
                    limit: limits.annual_limit,
                    used: limits.annual_used_before,
                    remove_lines: limits.remove_lines.clone(),
                });
            }
        }
        LimitDecision::AnnualLimitExceeded { over } => {
            if limits.full_tax {
                reasons.push(Reason::SingleItemException {
                    dutiable_value,
                    limit: limits.single_limit,
                });
            } else {
                reasons.push(Reason::WithinSingleLimit {
                    dutiable_value,
                    limit: limits.single_limit,
                });
            }
            reasons.push(Reason::AnnualLimitExceeded {
                over: *over,
                limit: limits.annual_limit,
                used: limits.annual_used_before,
                remove_lines: limits.remove_lines.clone(),
            });
        }
    }
    reasons
}

fn ct_reason(line: usize, finding: CtFinding) -> Option<Reason> {
    match finding {
        CtFinding::NotApplicable | CtFinding::Charged => None,
        CtFinding::CosmeticsHighEnd {
            price_per_unit,
            unit,
            threshold,
        } => Some(Reason::CosmeticsHighEnd {
            line,
            price_per_unit,
            unit,
            threshold,
        }),
        CtFinding::CosmeticsNotHighEnd {
            price_per_unit,
            unit,
            threshold,
        } => Some(Reason::CosmeticsNotHighEnd {
            line,
            price_per_unit,
            unit,
            threshold,
        }),
        CtFinding::OrdinaryCosmeticsTaxed => Some(Reason::OrdinaryCosmeticsTaxed { line }),
        CtFinding::PriceThresholdMet {
            price_per_piece,
            threshold,
        } => Some(Reason::PriceThresholdMet {
            line,
            price_per_piece,
            threshold,
        }),
        CtFinding::PriceThresholdNotMet {
            price_per_piece,
            threshold,
        } => Some(Reason::PriceThresholdNotMet {
            line,
            price_per_piece,
            threshold,
        }),
        CtFinding::LevyTier {
            price_per_tonne,
            threshold,
            lower,
        } => Some(Reason::LevyTier {
            line,
            price_per_tonne,
            threshold,
            lower,
        }),
    }
}
