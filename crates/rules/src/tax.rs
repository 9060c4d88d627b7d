//! The cross-border e-commerce comprehensive tax (跨境电商综合税): tariff, consumption
//! tax (CT) and import VAT, per line.
//!
//! With DV the line's dutiable value, t the tariff rate, c the ad-valorem CT rate, S the
//! specific levy and v the VAT rate:
//!
//! - tariff = DV × t, where t is 0 within the limits and the MFN rate under full tax;
//! - ad-valorem CT = (DV + tariff) / (1 − c) × c; specific CT = S; compound
//!   CT = (DV + tariff + S) / (1 − c) × c + S;
//! - VAT = (DV + tariff + CT) × v.
//!
//! Within the limits the CT and VAT are levied at the rule set's share (70 %); under the
//! single-item exception all three are levied in full. Nothing is rounded until the
//! share is applied; then each component of each line is rounded half-up to the fen,
//! and list totals are sums of the rounded line amounts.
//!
//! Thresholds (high-end cosmetics, watches, beer's price per tonne) are read on the
//! line's dutiable value per unit, freight and insurance included, reductions deducted,
//! before tariff, CT and VAT.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::declaration::{Line, Measure};
use crate::tax_class::{ConsumptionTax, LowerTier, UnitTax};
use crate::{Error, Money, RuleSet};

/// Whether a list is taxed within the limits or in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxBasis {
    /// Tariff 0; CT and VAT at the rule set's share (70 %).
    WithinLimits,
    /// Tariff at the MFN rate; CT and VAT in full (single-item exception).
    Full,
}

/// Tax amounts by component, each rounded to the fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ComponentTax {
    /// Customs duty (关税).
    pub tariff: Money,
    /// Consumption tax (消费税).
    pub consumption_tax: Money,
    /// Import VAT (增值税).
    pub vat: Money,
    /// tariff + consumption tax + VAT.
    pub total: Money,
}

impl ComponentTax {
    fn new(tariff: Money, consumption_tax: Money, vat: Money) -> Result<ComponentTax, Error> {
        let total = Money::from_fen(tariff.to_fen() + consumption_tax.to_fen() + vat.to_fen())
            .map_err(|_| Error::AmountOverflow)?;
        Ok(ComponentTax {
            tariff,
            consumption_tax,
            vat,
            total,
        })
    }

    /// Sums line amounts component by component, as a list's totals.
    ///
    /// # Errors
    ///
    /// [`Error::AmountOverflow`] above [`Money::MAX`].
    pub fn sum(lines: &[ComponentTax]) -> Result<ComponentTax, Error> {
        let (mut tariff, mut consumption_tax, mut vat) = (0i64, 0i64, 0i64);
        for line in lines {
            tariff = tariff.saturating_add(line.tariff.to_fen());
            consumption_tax = consumption_tax.saturating_add(line.consumption_tax.to_fen());
            vat = vat.saturating_add(line.vat.to_fen());
        }
        let money = |fen: i64| Money::from_fen(fen).map_err(|_| Error::AmountOverflow);
        ComponentTax::new(money(tariff)?, money(consumption_tax)?, money(vat)?)
    }

    /// Adds two amounts component by component.
    ///
    /// # Errors
    ///
    /// [`Error::AmountOverflow`] above [`Money::MAX`].
    pub fn checked_add(self, other: ComponentTax) -> Result<ComponentTax, Error> {
        let sum = |a: Money, b: Money| {
            Money::from_fen(a.to_fen() + b.to_fen()).map_err(|_| Error::AmountOverflow)
        };
        ComponentTax::new(
            sum(self.tariff, other.tariff)?,
            sum(self.consumption_tax, other.consumption_tax)?,
            sum(self.vat, other.vat)?,
        )
    }
}

/// The unit a threshold price is stated per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceUnit {
    /// Per millilitre.
    Millilitre,
    /// Per gram.
    Gram,
    /// Per sheet (face masks and other goods counted in pieces within a pack).
    Sheet,
    /// Per piece as declared.
    Piece,
    /// Per tonne.
    Tonne,
}

/// The decision behind a line's consumption tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum CtFinding {
    /// The class has no consumption tax.
    NotApplicable,
    /// The class's CT applies without a threshold.
    Charged,
    /// Cosmetics at or above a high-end threshold: CT at the rule set's rate.
    CosmeticsHighEnd {
        /// Dutiable value per unit, rounded down to the fen for display.
        price_per_unit: Money,
        /// The unit of the price.
        unit: PriceUnit,
        /// The threshold it was compared with.
        threshold: Money,
    },
    /// Cosmetics below the high-end threshold: no CT.
    CosmeticsNotHighEnd {
        /// Dutiable value per unit, rounded down to the fen for display.
        price_per_unit: Money,
        /// The unit of the price.
        unit: PriceUnit,
        /// The threshold it was compared with.
        threshold: Money,
    },
    /// Cosmetics while the rule set taxes ordinary cosmetics (until 2016-09-30).
    OrdinaryCosmeticsTaxed,
    /// Dutiable value per piece at or above the class's minimum: CT charged.
    PriceThresholdMet {
        /// Dutiable value per piece, rounded down to the fen for display.
        price_per_piece: Money,
        /// The minimum price per piece.
        threshold: Money,
    },
    /// Dutiable value per piece below the class's minimum: no CT.
    PriceThresholdNotMet {
        /// Dutiable value per piece, rounded down to the fen for display.
        price_per_piece: Money,
        /// The minimum price per piece.
        threshold: Money,
    },
    /// A specific levy with a lower tier: which tier the price per tonne chose.
    LevyTier {
        /// (Dutiable value + tariff) per tonne, rounded down to the fen for display.
        price_per_tonne: Money,
        /// The price per tonne below which the lower levy applies.
        threshold: Money,
        /// Whether the lower levy applied.
        lower: bool,
    },
}

/// The tax of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineTax {
    /// The amounts levied, by component.
    pub tax: ComponentTax,
    /// The decision behind the consumption tax.
    pub ct_finding: CtFinding,
}

fn overflow() -> Error {
    Error::AmountOverflow
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(overflow)
}

fn div(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_div(b).ok_or_else(overflow)
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(overflow)
}

/// Returns `numerator / denominator` in fen, rounded half-up or down, computed
/// exactly on the decimals' integer mantissas; `None` when a value is negative, the
/// denominator is zero, or the integers would overflow i128.
///
/// With n = nm × 10^-ns and d = dm × 10^-ds, the amount in fen is
/// nm × 10^(ds + 2) / (dm × 10^ns): one integer division instead of a 28-digit decimal
/// division and a rounding.
fn ratio_to_fen(numerator: Decimal, denominator: Decimal, half_up: bool) -> Option<i64> {
    let pow10 = |exponent: u32| 10i128.checked_pow(exponent);
    let top = numerator
        .mantissa()
        .checked_mul(pow10(denominator.scale() + 2)?)?;
    let bottom = denominator
        .mantissa()
        .checked_mul(pow10(numerator.scale())?)?;
    if top < 0 || bottom <= 0 {
        return None;
    }
    let (quotient, remainder) = (top / bottom, top % bottom);
    let rounded = if half_up && remainder.checked_mul(2)? >= bottom {
        quotient + 1
    } else {
        quotient
    };
    i64::try_from(rounded).ok()
}

/// Returns a per-unit price for display, rounded down to the fen so that a price shown
/// as 10.00 really is at least 10.
fn display_price(value: Decimal, units: Decimal) -> Result<Money, Error> {
    let exact = || -> Result<Money, Error> {
        let quotient = div(value, units)?.round_dp_with_strategy(2, RoundingStrategy::ToZero);
        Ok(Money::try_from_decimal(quotient).unwrap_or(Money::MAX))
    };
    match ratio_to_fen(value, units, false) {
        Some(fen) => Ok(Money::from_fen(fen).unwrap_or(Money::MAX)),
        None => exact(),
    }
}

/// Computes the tax of one line.
///
/// `dutiable_value` is the line's value with its share of freight, insurance and
/// reductions ([`DutiableValue`](crate::dutiable_value::DutiableValue)); `basis` comes
/// from the limit checks.
///
/// # Errors
///
/// [`Error::ContentMissing`] or [`Error::ContentWrongMeasure`] when the class needs a
/// content the line does not state, [`Error::QuantityZero`] for a zero quantity,
/// [`Error::AmountOverflow`] when an amount leaves the range of [`Money`].
pub fn line_tax(
    rules: &RuleSet,
    line: &Line,
    dutiable_value: Money,
    basis: TaxBasis,
) -> Result<LineTax, Error> {
    if line.quantity == 0 {
        return Err(Error::QuantityZero);
    }
    let class = &line.tax_class;
    let dv = dutiable_value.as_decimal();
    let (tariff_rate, share) = match basis {
        TaxBasis::WithinLimits => (rules.within_limit_tariff_rate, rules.within_limit_share),
        TaxBasis::Full => (class.mfn_rate, Decimal::ONE),
    };
    let tariff = if tariff_rate.is_zero() {
        Decimal::ZERO
    } else {
        mul(dv, tariff_rate)?
    };
    let base = add(dv, tariff)?;
    let plan = consumption_tax_plan(rules, line, dv, base)?;

    // The statutory steps are CT = (base + S) / (1 − c) × c + S and
    // VAT = (base + CT) × v, with S = L / per the specific levy. Over the common
    // denominator per × (1 − c) they are exact fractions:
    //   CT  = (X × c + L × (1 − c)) / (per × (1 − c)),   X = base × per + L,
    //   VAT = X × v / (per × (1 − c)).
    // Dividing once, after the share is applied, keeps every amount exact until the
    // one rounding to the fen, and is faster than dividing step by step.
    let one_minus_c = Decimal::ONE - plan.rate;
    let (x, denominator, ct_numerator) = match plan.levy {
        None => (base, one_minus_c, mul(base, plan.rate)?),
        Some((levy_total, per)) => {
            let x = add(mul(base, per)?, levy_total)?;
            let ct_numerator = add(mul(x, plan.rate)?, mul(levy_total, one_minus_c)?)?;
            (x, mul(per, one_minus_c)?, ct_numerator)
        }
    };
    let vat_numerator = mul(x, rules.vat_rate(class.vat))?;

    let tax = ComponentTax::new(
        round_to_fen(tariff)?,
        share_of(ct_numerator, share, denominator)?,
        share_of(vat_numerator, share, denominator)?,
    )?;
    Ok(LineTax {
        tax,
        ct_finding: plan.finding,
    })
}

/// Returns numerator × share / denominator, rounded half-up to the fen.
///
/// The quotient is rounded exactly in integers ([`ratio_to_fen`]); amounts too large for
/// that fall back to a 28-digit decimal division, then rounding.
fn share_of(numerator: Decimal, share: Decimal, denominator: Decimal) -> Result<Money, Error> {
    if numerator.is_zero() {
        return Ok(Money::ZERO);
    }
    let shared = mul(numerator, share)?;
    if let Some(fen) = ratio_to_fen(shared, denominator, true) {
        return Money::from_fen(fen).map_err(|_| Error::AmountOverflow);
    }
    round_to_fen(div(shared, denominator)?)
}

/// Rounds a non-negative amount half-up to the fen, as [`Money::round_half_up`] does,
/// through the integer fen count.
fn round_to_fen(value: Decimal) -> Result<Money, Error> {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    let fen = i64::try_from(rounded.mantissa()).map_err(|_| Error::AmountOverflow)?;
    Money::from_fen(fen).map_err(|_| Error::AmountOverflow)
}

/// The consumption tax a line owes at 100 %, before the arithmetic.
struct CtPlan {
    /// The ad-valorem rate c (0 for none or specific only).
    rate: Decimal,
    /// The specific levy as L = quantity × content × yuan, charged per `per` units.
    levy: Option<(Decimal, Decimal)>,
    /// The decision behind the CT.
    finding: CtFinding,
}

impl CtPlan {
    fn ad_valorem(rate: Decimal, finding: CtFinding) -> CtPlan {
        CtPlan {
            rate,
            levy: None,
            finding,
        }
    }

    fn none(finding: CtFinding) -> CtPlan {
        CtPlan {
            rate: Decimal::ZERO,
            levy: None,
            finding,
        }
    }
}

/// Decides a line's consumption tax: its rate, levy and the thresholds behind them.
///
/// Thresholds are compared by multiplication (value ≥ threshold × units), so that the
/// decision never depends on an inexact quotient; the per-unit prices in the findings
/// are for display only.
fn consumption_tax_plan(
    rules: &RuleSet,
    line: &Line,
    dv: Decimal,
    base: Decimal,
) -> Result<CtPlan, Error> {
    let quantity = Decimal::from(line.quantity);

    match line.tax_class.consumption_tax {
        ConsumptionTax::None => Ok(CtPlan::none(CtFinding::NotApplicable)),

        ConsumptionTax::AdValorem {
            rate,
            min_price_per_piece: None,
        } => Ok(CtPlan::ad_valorem(rate, CtFinding::Charged)),

        ConsumptionTax::AdValorem {
            rate,
            min_price_per_piece: Some(threshold),
        } => {
            let price_per_piece = display_price(dv, quantity)?;
            if dv >= mul(threshold.as_decimal(), quantity)? {
                Ok(CtPlan::ad_valorem(
                    rate,
                    CtFinding::PriceThresholdMet {
                        price_per_piece,
                        threshold,
                    },
                ))
            } else {
                Ok(CtPlan::none(CtFinding::PriceThresholdNotMet {
                    price_per_piece,
                    threshold,
                }))
            }
        }

        ConsumptionTax::Cosmetics {
            high_end_per_ml_or_g,
            high_end_per_sheet,
        } => {
            let rate = rules.cosmetics_ct_rate;
            if rules.ordinary_cosmetics_taxed {
                return Ok(CtPlan::ad_valorem(rate, CtFinding::OrdinaryCosmeticsTaxed));
            }
            let thousand = Decimal::ONE_THOUSAND;
            let (per_piece, unit, threshold) = match measure_of(line)? {
                Measure::Volume(litres) => (
                    mul(litres, thousand)?,
                    PriceUnit::Millilitre,
                    high_end_per_ml_or_g,
                ),
                Measure::Mass(kg) => (mul(kg, thousand)?, PriceUnit::Gram, high_end_per_ml_or_g),
                Measure::Sheets(sheets) => (sheets, PriceUnit::Sheet, high_end_per_sheet),
            };
            let units = mul(quantity, per_piece)?;
            let price_per_unit = display_price(dv, units)?;
            if dv >= mul(threshold.as_decimal(), units)? {
                Ok(CtPlan::ad_valorem(
                    rate,
                    CtFinding::CosmeticsHighEnd {
                        price_per_unit,
                        unit,
                        threshold,
                    },
                ))
            } else {
                Ok(CtPlan::none(CtFinding::CosmeticsNotHighEnd {
                    price_per_unit,
                    unit,
                    threshold,
                }))
            }
        }

        ConsumptionTax::Specific {
            unit_tax,
            lower_tier,
        } => {
            let measure = measure_of(line)?;
            let (unit_tax, finding) = match lower_tier {
                None => (unit_tax, CtFinding::Charged),
                Some(tier) => choose_tier(unit_tax, &tier, measure, quantity, base)?,
            };
            let levy = levy(&unit_tax, measure, quantity)?;
            Ok(CtPlan {
                rate: Decimal::ZERO,
                levy: Some(levy),
                finding,
            })
        }

        ConsumptionTax::Compound { rate, unit_tax } => {
            let levy = levy(&unit_tax, measure_of(line)?, quantity)?;
            Ok(CtPlan {
                rate,
                levy: Some(levy),
                finding: CtFinding::Charged,
            })
        }
    }
}

fn measure_of(line: &Line) -> Result<Measure, Error> {
    line.content
        .map(|content| content.per_piece())
        .ok_or(Error::ContentMissing {
            needed: "millilitres, grams or sheets per piece",
        })
}

/// Returns the levy as (quantity × content × yuan, per): the specific CT is their
/// quotient.
fn levy(
    unit_tax: &UnitTax,
    measure: Measure,
    quantity: Decimal,
) -> Result<(Decimal, Decimal), Error> {
    let (levy, amount) = match measure {
        Measure::Mass(kg) => (unit_tax.by_mass, kg),
        Measure::Volume(litres) => (unit_tax.by_volume, litres),
        Measure::Sheets(_) => (None, Decimal::ZERO),
    };
    let levy = levy.ok_or(Error::ContentWrongMeasure {
        needed: "a mass or volume the levy is stated in",
    })?;
    Ok((mul(mul(quantity, amount)?, levy.yuan)?, levy.per))
}

/// Chooses between a levy and its lower tier by the price (dutiable value + tariff)
/// per tonne.
fn choose_tier(
    upper: UnitTax,
    tier: &LowerTier,
    measure: Measure,
    quantity: Decimal,
    price: Decimal,
) -> Result<(UnitTax, CtFinding), Error> {
    let (amount, units_per_tonne) = match measure {
        Measure::Mass(kg) => (kg, Decimal::ONE_THOUSAND),
        Measure::Volume(litres) => (litres, tier.litres_per_tonne),
        Measure::Sheets(_) => {
            return Err(Error::ContentWrongMeasure {
                needed: "a mass or volume the levy is stated in",
            });
        }
    };
    // price per tonne < threshold  ⇔  price × units per tonne < threshold × total units.
    let scaled_price = mul(price, units_per_tonne)?;
    let total = mul(quantity, amount)?;
    let lower = scaled_price < mul(tier.below_price_per_tonne.as_decimal(), total)?;
    let finding = CtFinding::LevyTier {
        price_per_tonne: display_price(scaled_price, total)?,
        threshold: tier.below_price_per_tonne,
        lower,
    };
    Ok((if lower { tier.unit_tax } else { upper }, finding))
}

/// A tax-inclusive price split into goods value and tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TaxInclusiveSplit {
    /// round(price / (1 + rate)), half-up to the fen.
    pub goods: Money,
    /// price − goods.
    pub tax: Money,
}

/// Splits a tax-inclusive shop price into goods value and tax at a comprehensive rate
/// (a fraction, such as 0.091).
///
/// # Errors
///
/// [`Error::RateOutOfRange`] for a negative rate.
pub fn split_tax_inclusive(price: Money, rate: Decimal) -> Result<TaxInclusiveSplit, Error> {
    if rate.is_sign_negative() && !rate.is_zero() {
        return Err(Error::RateOutOfRange {
            input: rate.to_string(),
            max: "any positive rate".to_owned(),
        });
    }
    let goods = Money::round_half_up(div(price.as_decimal(), Decimal::ONE + rate)?)?;
    let tax = price
        .checked_sub(goods)
        .expect("goods never exceed the price at a rate of 0 or more");
    Ok(TaxInclusiveSplit { goods, tax })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::Content;
    use crate::TaxClass;
    use time::macros::date;

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    fn line(class: &str, quantity: u32, content: Option<Content>) -> Line {
        Line {
            hs_code: "3304990099".parse().unwrap(),
            name: "test".to_owned(),
            quantity,
            unit: "件".to_owned(),
            unit_price: money("1"),
            content,
            tax_class: TaxClass::preset(class).unwrap(),
        }
    }

    fn tax(
        class: &str,
        quantity: u32,
        content: Option<Content>,
        dv: &str,
        basis: TaxBasis,
    ) -> LineTax {
        let rules = RuleSet::on(date!(2026 - 03 - 01)).unwrap();
        line_tax(rules, &line(class, quantity, content), money(dv), basis).unwrap()
    }

    fn figures(tax: ComponentTax) -> [String; 4] {
        [tax.tariff, tax.consumption_tax, tax.vat, tax.total].map(|m| m.to_string())
    }

    #[test]
    fn worked_checks() {
        let general = tax("general", 1, None, "110", TaxBasis::WithinLimits);
        assert_eq!(general.tax.total.to_string(), "10.01");

        let grams = Some(Content::Grams(Decimal::from(20)));
        let skin_care = tax("cosmetics", 1, grams, "425", TaxBasis::WithinLimits);
        assert_eq!(figures(skin_care.tax), ["0.00", "52.50", "45.50", "98.00"]);

        let ml = Some(Content::Millilitres(Decimal::from(50)));
        let ordinary = tax("cosmetics", 1, ml, "425", TaxBasis::WithinLimits);
        assert_eq!(figures(ordinary.tax), ["0.00", "0.00", "38.68", "38.68"]);

        let wine = tax("wine", 1, None, "300", TaxBasis::WithinLimits);
        assert_eq!(figures(wine.tax), ["0.00", "23.33", "30.33", "53.66"]);

        let watch = tax("watch", 1, None, "12000", TaxBasis::Full);
        assert_eq!(
            figures(watch.tax),
            ["1320.00", "3330.00", "2164.50", "6814.50"]
        );
    }

    #[test]
    fn beer_tier_by_price_per_tonne() {
        // 24 cans of 500 ml = 12 L = 12/988 t; DV 36 → 2,964 yuan/t, below 3,000.
        let cans = Some(Content::Millilitres(Decimal::from(500)));
        let cheap = tax("beer", 24, cans, "36", TaxBasis::WithinLimits);
        assert!(matches!(
            cheap.ct_finding,
            CtFinding::LevyTier { lower: true, .. }
        ));
        // CT = 12 / 988 × 220 = 2.672…, × 0.7 = 1.870… → 1.87.
        assert_eq!(cheap.tax.consumption_tax.to_string(), "1.87");

        let dear = tax("beer", 24, cans, "120", TaxBasis::WithinLimits);
        assert!(matches!(
            dear.ct_finding,
            CtFinding::LevyTier { lower: false, .. }
        ));
        // CT = 12 / 988 × 250 = 3.036…, × 0.7 = 2.125… → 2.13.
        assert_eq!(dear.tax.consumption_tax.to_string(), "2.13");
    }

    #[test]
    fn spirits_compound_by_mass() {
        // 1 bottle of 500 g, DV 200: levy 0.5; CT = (200 + 0.5) / 0.8 × 0.2 + 0.5 = 50.625.
        let bottle = Some(Content::Grams(Decimal::from(500)));
        let spirits = tax("spirits", 1, bottle, "200", TaxBasis::WithinLimits);
        // × 0.7 = 35.4375 → 35.44; VAT = (200 + 50.625) × 0.13 × 0.7 = 22.806875 → 22.81.
        assert_eq!(figures(spirits.tax), ["0.00", "35.44", "22.81", "58.25"]);
    }

    #[test]
    fn ratio_rounds_half_up_exactly() {
        let d = |text: &str| Decimal::from_str_exact(text).unwrap();
        assert_eq!(ratio_to_fen(d("23.335"), Decimal::ONE, true), Some(2334));
        assert_eq!(ratio_to_fen(d("23.3349"), Decimal::ONE, true), Some(2333));
        assert_eq!(ratio_to_fen(d("19.9999"), Decimal::ONE, false), Some(1999));
        // 63.75 × 0.7 / 0.85 = 52.5 exactly.
        assert_eq!(ratio_to_fen(d("44.625"), d("0.85"), true), Some(5250));
        assert_eq!(ratio_to_fen(d("1"), Decimal::ZERO, true), None);
        assert_eq!(ratio_to_fen(d("-1"), Decimal::ONE, true), None);
        assert_eq!(ratio_to_fen(Decimal::MAX, d("0.3"), true), None);
    }

    proptest::proptest! {
        /// The integer path rounds like the decimal division it replaces.
        #[test]
        fn share_matches_decimal_path(
            fen in 0i64..100_000_000_000,
            share_tenths in 1u32..=10,
            denominator_index in 0usize..5,
        ) {
            let numerator = Decimal::new(fen, 2) * Decimal::new(13, 2);
            let share = Decimal::new(i64::from(share_tenths), 1);
            let denominators = ["1", "0.85", "0.9", "0.8", "790.4"];
            let denominator = Decimal::from_str_exact(denominators[denominator_index]).unwrap();
            let fast = share_of(numerator, share, denominator).unwrap();
            let slow = round_to_fen(div(mul(numerator, share).unwrap(), denominator).unwrap()).unwrap();
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn splits_tax_inclusive_price() {
        let split = split_tax_inclusive(money("109.10"), Decimal::new(91, 3)).unwrap();
        assert_eq!(split.goods.to_string(), "100.00");
        assert_eq!(split.tax.to_string(), "9.10");
        let odd = split_tax_inclusive(money("99.99"), Decimal::new(91, 3)).unwrap();
        assert_eq!(odd.goods.to_string(), "91.65");
        assert_eq!(odd.tax.to_string(), "8.34");
    }
}
