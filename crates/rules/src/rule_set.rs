//! Rule sets: every number and decision of CBEC retail import in force for a period.
//!
//! A [`RuleSet`] is chosen by the declaration time in China Standard Time
//! ([`RuleSet::at`]). It is the only place in the crate that states a limit, a VAT rate,
//! the within-limit share (70 %) or a boundary decision; every other module reads them
//! from here.
//!
//! | from (CST)  | change                                                             | instrument |
//! |-------------|--------------------------------------------------------------------|------------|
//! | 2016-04-08  | CBEC taxed as goods; 2,000 per order, 20,000 per year; VAT 17 / 13 % | 财关税〔2016〕18号 |
//! | 2016-10-01  | ordinary cosmetics leave consumption tax; high-end cosmetics 15 %  | 财税〔2016〕103号 |
//! | 2017-07-01  | reduced VAT 13 → 11 %                                              | 财税〔2017〕37号 |
//! | 2018-05-01  | VAT 17 → 16 %, 11 → 10 %                                           | MOF/STA 2018 VAT cut |
//! | 2019-01-01  | 5,000 per order, 26,000 per year, single-item exception            | 财关税〔2018〕49号 |
//! | 2019-04-01  | VAT 16 → 13 %, 10 → 9 %                                            | MOF/STA/GACC 2019 No. 39 |
//! | 2026-01-01  | VAT Law in force; 13 % / 9 % with a redrawn 9 % scope              | VAT Law art. 10 |

use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Serialize;
use time::macros::date;
use time::{Date, OffsetDateTime};

use crate::{cst, Error, Money};

/// Whether a limit admits a value equal to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// A value equal to the limit is within it (`value ≤ limit`).
    Inclusive,
    /// A value equal to the limit is outside it (`value < limit`).
    Exclusive,
}

impl Bound {
    /// Returns `true` when `value` is within `limit` under this bound.
    pub fn admits(self, value: Money, limit: Money) -> bool {
        match self {
            Bound::Inclusive => value <= limit,
            Bound::Exclusive => value < limit,
        }
    }
}

/// The single-item exception (2019+): one piece above the single limit may still enter
/// through CBEC, taxed in full at ordinary goods rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SingleItemException {
    /// The total quantity of the list must be exactly this many pieces (1).
    pub pieces: u32,
    /// The bound of the dutiable value against the annual limit: below it only
    /// ([`Bound::Exclusive`]), so a single piece of exactly 26,000.00 is rejected.
    pub upper_bound: Bound,
}

/// Return and cancellation windows, counted in CST days from the release date (day 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnRules {
    /// The return application is due by the end of this day after release (30).
    pub apply_days: u16,
    /// The goods are due back at the customs site by the end of this day (45).
    pub arrive_days: u16,
    /// A window is shown as closing when fewer than this many hours are left (72).
    pub closing_soon_hours: u16,
    /// The instrument the windows come from.
    pub instrument: &'static str,
}

/// Every number and decision of CBEC retail import for one period.
///
/// Amounts are [`Money`]; rates are fractions (`0.13` for 13 %), serialized as strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSet {
    /// The first CST day this rule set applies to (by declaration time).
    #[serde(with = "cst::date_serde")]
    pub effective_from: Date,
    /// The instruments that changed the rules on that day.
    pub instruments: &'static [&'static str],
    /// The maximum dutiable value of one declaration list (2,000 then 5,000).
    pub single_limit: Money,
    /// Whether a list at exactly the single limit is within it (yes).
    pub single_limit_bound: Bound,
    /// The maximum dutiable value per person per CST calendar year (20,000 then 26,000).
    pub annual_limit: Money,
    /// Whether an annual total of exactly the annual limit is allowed (yes).
    pub annual_limit_bound: Bound,
    /// The single-item exception, or `None` before 2019.
    pub single_item_exception: Option<SingleItemException>,
    /// The tariff rate within the limits (0).
    pub within_limit_tariff_rate: Decimal,
    /// The share of VAT and consumption tax levied within the limits (0.7).
    pub within_limit_share: Decimal,
    /// The standard VAT rate (17 %, 16 %, 13 %).
    pub vat_standard: Decimal,
    /// The reduced VAT rate (13 %, 11 %, 10 %, 9 %).
    pub vat_reduced: Decimal,
    /// The consumption-tax rate on cosmetics (30 %, then 15 % for high-end cosmetics).
    pub cosmetics_ct_rate: Decimal,
    /// Whether cosmetics below the high-end thresholds carry consumption tax (until
    /// 2016-09-30).
    pub ordinary_cosmetics_taxed: bool,
    /// Return windows.
    pub returns: ReturnRules,
}

/// A rate given in hundredths: `percent(13)` is 0.13.
const fn percent(value: u32) -> Decimal {
    Decimal::from_parts(value, 0, 0, false, 2)
}

const RETURNS: ReturnRules = ReturnRules {
    apply_days: 30,
    arrive_days: 45,
    closing_soon_hours: 72,
    instrument: "海关总署公告2018年第194号; 海关总署公告2020年第45号",
};

const EXCEPTION: SingleItemException = SingleItemException {
    pieces: 1,
    upper_bound: Bound::Exclusive,
};

fn yuan(value: i64) -> Money {
    Money::from_yuan(value).expect("rule-set amounts are in range")
}

fn build_all() -> Vec<RuleSet> {
    let start = RuleSet {
        effective_from: date!(2016 - 04 - 08),
        instruments: &["财关税〔2016〕18号"],
        single_limit: yuan(2_000),
        single_limit_bound: Bound::Inclusive,
        annual_limit: yuan(20_000),
        annual_limit_bound: Bound::Inclusive,
        single_item_exception: None,
        within_limit_tariff_rate: Decimal::ZERO,
        within_limit_share: percent(70),
        vat_standard: percent(17),
        vat_reduced: percent(13),
        cosmetics_ct_rate: percent(30),
        ordinary_cosmetics_taxed: true,
        returns: RETURNS,
    };
    let cosmetics_reform = RuleSet {
        effective_from: date!(2016 - 10 - 01),
        instruments: &["财税〔2016〕103号"],
        cosmetics_ct_rate: percent(15),
        ordinary_cosmetics_taxed: false,
        ..start.clone()
    };
    // NOTE: the 2017-07-01 period and the instrument numbers 财税〔2017〕37号 and
    // 财税〔2018〕32号 are stated from general knowledge; no copy of either text was
    // available to check them against.
    let vat_2017 = RuleSet {
        effective_from: date!(2017 - 07 - 01),
        instruments: &["财税〔2017〕37号"],
        vat_reduced: percent(11),
        ..cosmetics_reform.clone()
    };
    let vat_2018 = RuleSet {
        effective_from: date!(2018 - 05 - 01),
        instruments: &["财税〔2018〕32号"],
        vat_standard: percent(16),
        vat_reduced: percent(10),
        ..vat_2017.clone()
    };
    let limits_2019 = RuleSet {
        effective_from: date!(2019 - 01 - 01),
        instruments: &[
            "财关税〔2018〕49号",
            "商财发〔2018〕486号",
            "海关总署公告2018年第194号",
        ],
        single_limit: yuan(5_000),
        annual_limit: yuan(26_000),
        single_item_exception: Some(EXCEPTION),
        ..vat_2018.clone()
    };
    let vat_2019 = RuleSet {
        effective_from: date!(2019 - 04 - 01),
        instruments: &["财政部 税务总局 海关总署公告2019年第39号"],
        vat_standard: percent(13),
        vat_reduced: percent(9),
        ..limits_2019.clone()
    };
    let vat_law = RuleSet {
        effective_from: date!(2026 - 01 - 01),
        instruments: &[
            "中华人民共和国增值税法 第十条",
            "财政部 税务总局公告2026年第9号",
            "海关总署公告2026年第15号",
        ],
        ..vat_2019.clone()
    };
    vec![
        start,
        cosmetics_reform,
        vat_2017,
        vat_2018,
        limits_2019,
        vat_2019,
        vat_law,
    ]
}

impl RuleSet {
    /// Returns every rule set, oldest first.
    pub fn all() -> &'static [RuleSet] {
        static ALL: OnceLock<Vec<RuleSet>> = OnceLock::new();
        ALL.get_or_init(build_all)
    }

    /// Returns the rule set in force at an instant, judged by its CST date.
    ///
    /// # Errors
    ///
    /// [`Error::RuleSetBefore2016`] before 2016-04-08 CST, when CBEC goods were still
    /// taxed as personal postal articles and none of these rules applied.
    pub fn at(instant: OffsetDateTime) -> Result<&'static RuleSet, Error> {
        RuleSet::on(cst::date(instant))
    }

    /// Returns the rule set in force on a CST date.
    ///
    /// # Errors
    ///
    /// [`Error::RuleSetBefore2016`] before 2016-04-08.
    pub fn on(day: Date) -> Result<&'static RuleSet, Error> {
        RuleSet::all()
            .iter()
            .rev()
            .find(|rules| rules.effective_from <= day)
            .ok_or(Error::RuleSetBefore2016 {
                date: day.to_string(),
            })
    }

    /// Returns the newest rule set.
    pub fn latest() -> &'static RuleSet {
        RuleSet::all().last().expect("at least one rule set")
    }

    /// Returns the VAT rate of a band in this period.
    pub fn vat_rate(&self, band: crate::tax_class::VatBand) -> Decimal {
        match band {
            crate::tax_class::VatBand::Standard => self.vat_standard,
            crate::tax_class::VatBand::Reduced => self.vat_reduced,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn periods_switch_at_cst_midnight() {
        let last_2018 = RuleSet::at(datetime!(2018-12-31 15:59:59 UTC)).unwrap();
        let first_2019 = RuleSet::at(datetime!(2018-12-31 16:00 UTC)).unwrap();
        assert_eq!(last_2018.single_limit.to_string(), "2000.00");
        assert_eq!(first_2019.single_limit.to_string(), "5000.00");
        assert!(last_2018.single_item_exception.is_none());
        assert!(first_2019.single_item_exception.is_some());
    }

    #[test]
    fn vat_rates_by_period() {
        let cases = [
            (date!(2016 - 04 - 08), 17, 13),
            (date!(2017 - 07 - 01), 17, 11),
            (date!(2018 - 05 - 01), 16, 10),
            (date!(2019 - 03 - 31), 16, 10),
            (date!(2019 - 04 - 01), 13, 9),
            (date!(2026 - 01 - 01), 13, 9),
        ];
        for (day, standard, reduced) in cases {
            let rules = RuleSet::on(day).unwrap();
            assert_eq!(rules.vat_standard, percent(standard), "standard on {day}");
            assert_eq!(rules.vat_reduced, percent(reduced), "reduced on {day}");
        }
    }

    #[test]
    fn before_2016_is_an_error() {
        let error = RuleSet::on(date!(2016 - 04 - 07)).unwrap_err();
        assert_eq!(error.code(), "rule_set.before_2016");
    }

    #[test]
    fn cosmetics_rate_changes_on_2016_10_01() {
        let before = RuleSet::on(date!(2016 - 09 - 30)).unwrap();
        let after = RuleSet::on(date!(2016 - 10 - 01)).unwrap();
        assert_eq!(before.cosmetics_ct_rate, percent(30));
        assert!(before.ordinary_cosmetics_taxed);
        assert_eq!(after.cosmetics_ct_rate, percent(15));
        assert!(!after.ordinary_cosmetics_taxed);
    }
}
